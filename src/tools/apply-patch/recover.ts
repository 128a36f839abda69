// Finishing what a killed apply left behind. At start-up every run in a workspace looks for the
// journals (journal.ts) of dead ossa processes that applied patches there:
//  - 'staging' (nothing renamed yet): the temporaries and created directories are removed — the
//    patch is undone, no file changed;
//  - 'committing' (renames under way): the remaining temporaries are renamed and the remaining
//    deletions done — the patch is completed. A file that is on neither side (someone edited it
//    since) is left as it is and named.
// Either way no temporary stays, and the returned lines say what happened.
import { lstat, rename, rmdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { defaultLockDirectory, isAlive, lockFiles } from './file-lock.js';
import { fingerprintPath } from './fingerprint.js';
import { type JournalEntry, type JournalRecord, listJournals } from './journal.js';

const TEMPORARY_NAME = /^\.ossa-[0-9a-f]{12}\.tmp$/;

export async function recoverInterruptedPatches(
  journalDir: string,
  cwd: string,
  lockDir = defaultLockDirectory(),
): Promise<string[]> {
  const { journals, strays } = await listJournals(journalDir);
  const messages: string[] = [];
  for (const stray of strays) {
    const pid = Number.parseInt(basename(stray).split('-')[1] ?? '', 10);
    if (!(Number.isInteger(pid) && pid !== process.pid && isAlive(pid))) await unlink(stray).catch(() => {});
  }
  for (const { path, record } of journals) {
    if (!record) {
      messages.push(`ignored the unreadable patch journal ${path}; remove it if no ossa is running.`);
      continue;
    }
    if (record.cwd !== cwd || (record.pid !== process.pid && isAlive(record.pid))) continue;
    const entries = record.entries.filter(isSafeEntry);
    const locks = await lockFiles(
      lockDir,
      entries.map((entry) => ({ path: entry.path, displayPath: entry.path })),
    );
    try {
      messages.push(
        record.state === 'staging' ? await undo(record, entries) : await complete(record, entries),
      );
      await unlink(path).catch(() => {});
    } finally {
      await locks.release();
    }
  }
  return messages;
}

/** A temporary sits next to its target and has apply.ts's name pattern: nothing else is touched. */
function isSafeEntry(entry: JournalEntry): boolean {
  if (typeof entry.path !== 'string' || !entry.path.startsWith('/')) return false;
  if (entry.temporary === undefined) return true;
  return dirname(entry.temporary) === dirname(entry.path) && TEMPORARY_NAME.test(basename(entry.temporary));
}

async function undo(record: JournalRecord, entries: readonly JournalEntry[]): Promise<string> {
  let removed = 0;
  for (const entry of entries) if (entry.temporary && (await removeIfPresent(entry.temporary))) removed++;
  for (const dir of [...record.createdDirectories].reverse()) await rmdir(dir).catch(() => {});
  return `${describe(record)} was undone: it had not changed any file yet; removed ${plural(removed, 'temporary file')}.`;
}

async function complete(record: JournalRecord, entries: readonly JournalEntry[]): Promise<string> {
  let finished = 0;
  let removed = 0;
  const leftAlone: string[] = [];
  for (const entry of entries) {
    const now = await fingerprintPath(entry.path).catch(() => 'unreadable');
    const hasTemporary = entry.temporary !== undefined && (await exists(entry.temporary));
    if (now === entry.before && now !== entry.after && (hasTemporary || entry.temporary === undefined)) {
      if (entry.temporary) await rename(entry.temporary, entry.path);
      else await unlink(entry.path);
      finished++;
      continue;
    }
    if (now !== entry.after) leftAlone.push(entry.path);
    if (hasTemporary && (await removeIfPresent(entry.temporary!))) removed++;
  }
  const conflicts =
    leftAlone.length === 0
      ? ''
      : ` Left as they are (changed since, or their new content was lost): ${leftAlone.join(', ')}.`;
  return `${describe(record)} was completed: ${finished} of ${plural(entries.length, 'file')} still had to be written${removed > 0 ? `; removed ${plural(removed, 'temporary file')}` : ''}.${conflicts}`;
}

function describe(record: JournalRecord): string {
  return `An apply_patch interrupted at ${record.startedAt} (ossa pid ${record.pid} stopped during it)`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

async function removeIfPresent(path: string): Promise<boolean> {
  return unlink(path).then(
    () => true,
    () => false,
  );
}

/** Where journals live: ossa's own state directory, never the workspace. */
export function patchJournalDir(home: string): string {
  return join(home, 'patch-journal');
}
