// Start-up repair of what a killed ossa left in this workspace: an apply_patch that was cut off
// is finished or undone (tools/apply-patch/recover.ts). Returns one line per repair, for the
// caller to show as a warning; a failure to recover is a warning too, never a reason not to start.
import { realpath } from 'node:fs/promises';
import { patchJournalDir, recoverInterruptedPatches } from '../tools/apply-patch/recover.js';

export async function recoverWorkspace(home: string, cwd: string): Promise<string[]> {
  try {
    return await recoverInterruptedPatches(patchJournalDir(home), await realpath(cwd));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [`could not finish an interrupted apply_patch (journal in ${patchJournalDir(home)}): ${reason}`];
  }
}
