// A bind mount needs something to mount on. To keep a `.git` or `.ossa` that does not exist yet
// from being created by a sandboxed command, an empty directory is made there first and mounted
// read-only inside the sandbox (where it can be neither filled, renamed nor removed: it is a
// mount point). An empty `.git` directory is not a repository to git (it looks further up), and
// an empty `.ossa` holds no config, so one left behind by a crash changes nothing.
//
// mkdir + rmdir cost milliseconds on a busy disk, which every command would pay: the caller says
// which placeholders may stay until ossa exits (launch.ts: a root's `.ossa`); the others are
// removed when the command ends.
import { mkdirSync, readdirSync, rmdirSync } from 'node:fs';

const kept = new Set<string>();
let exitHookInstalled = false;

/**
 * Calls `run` with the paths that now exist (made here, or made meanwhile by someone else) and
 * can be mounted on. Paths in `keep` stay (until the process exits); the others are removed
 * afterwards, if they are still empty.
 */
export async function withPlaceholders<T>(
  missing: readonly string[],
  keep: (path: string) => boolean,
  run: (existing: string[]) => Promise<T>,
): Promise<T> {
  const temporary: string[] = [];
  const existing: string[] = [];
  for (const path of missing) {
    try {
      mkdirSync(path, { mode: 0o755 });
      existing.push(path);
      if (keep(path)) rememberUntilExit(path);
      else temporary.push(path);
    } catch (error) {
      // EEXIST: it appeared meanwhile, protect what is there. Anything else (EACCES, EROFS): the
      // command, running as the same user, cannot create it either.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') existing.push(path);
    }
  }
  try {
    return await run(existing);
  } finally {
    for (const path of temporary) removeIfEmpty(path);
  }
}

/** Removes the kept placeholders now (tests; the exit hook does it otherwise). */
export function removeKeptPlaceholders(): void {
  for (const path of kept) removeIfEmpty(path);
  kept.clear();
}

function rememberUntilExit(path: string): void {
  kept.add(path);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', removeKeptPlaceholders);
}

function removeIfEmpty(path: string): void {
  try {
    if (readdirSync(path).length === 0) rmdirSync(path);
  } catch {
    // Gone already, or no longer a directory: nothing of ours to clean up.
  }
}
