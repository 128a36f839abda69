// `ossa apply-patch`'s use case: apply a Codex-format patch in a directory, with paths confined to
// it. All or nothing: a PatchError comes back as a message and nothing is written.
import { realpath } from 'node:fs/promises';
import { applyPlan } from '../tools/apply-patch/apply.js';
import { PatchError } from '../tools/apply-patch/patch-error.js';
import { formatPatchSummary, planPatch } from '../tools/apply-patch/plan.js';
import { patchJournalDir } from '../tools/apply-patch/recover.js';

export type ApplyPatchResult = { ok: true; summary: string } | { ok: false; message: string };

/** `home`: $OSSA_HOME, whose patch-journal makes a killed apply recoverable. */
export async function applyPatchInDirectory(
  patch: string,
  cwd: string,
  home?: string,
): Promise<ApplyPatchResult> {
  try {
    const plan = await planPatch(patch, { cwd, writableRoots: [cwd] });
    await applyPlan(plan, home ? { journalDir: patchJournalDir(home), cwd: await realpath(cwd) } : {});
    return { ok: true, summary: formatPatchSummary(plan) };
  } catch (error) {
    if (!(error instanceof PatchError)) throw error;
    return { ok: false, message: error.message };
  }
}
