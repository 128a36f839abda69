// A bind mount needs something to mount on. To keep a `.git` or `.ossa` that does not exist yet
// from being created by a sandboxed command, an empty directory is made there first, mounted
// read-only inside the sandbox (where it can be neither filled, renamed nor removed: it is a
// mount point), and removed again when the command ends. An empty `.git` directory is not a
// repository to git, and an empty `.ossa` holds no config, so even one left behind by a crash
// changes nothing.
import { mkdirSync, readdirSync, rmdirSync } from 'node:fs';

/**
 * Calls `run` with the paths that now exist (made here, or made concurrently by someone else) and
 * can be mounted on; removes the ones made here afterwards, if they are still empty.
 */
export async function withPlaceholders<T>(
  missing: readonly string[],
  run: (existing: string[]) => Promise<T>,
): Promise<T> {
  const made: string[] = [];
  const existing: string[] = [];
  for (const path of missing) {
    try {
      mkdirSync(path, { mode: 0o755 });
      made.push(path);
      existing.push(path);
    } catch (error) {
      // EEXIST: it appeared meanwhile, protect what is there. Anything else (EACCES, EROFS): the
      // command, running as the same user, cannot create it either.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') existing.push(path);
    }
  }
  try {
    return await run(existing);
  } finally {
    for (const path of made) removeIfEmpty(path);
  }
}

function removeIfEmpty(path: string): void {
  try {
    if (readdirSync(path).length === 0) rmdirSync(path);
  } catch {
    // Gone already, or no longer a directory: nothing of ours to clean up.
  }
}
