// Per-file locks between ossa processes, so two sessions committing patches to the same file
// take turns and the second one sees the first one's edit (and fails with "changed since it was
// read") instead of silently overwriting it. A lock is a file `<sha256 of path>.lock` holding the
// owner's pid, created with O_EXCL in one directory per user under the system temp directory
// (shared by every OSSA_HOME); a lock whose owner died is taken over. Editors do not take these
// locks: for them the fingerprint check right before each rename is what remains.
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorCode } from './os-error-text.js';
import { PatchError } from './patch-error.js';

export function defaultLockDirectory(): string {
  return join(tmpdir(), `ossa-locks-${process.getuid?.() ?? 'user'}`);
}

export interface HeldLocks {
  release(): Promise<void>;
}

/** Takes the locks of `paths` (in sorted order, so two patches cannot deadlock). */
export async function lockFiles(
  dir: string,
  paths: readonly { path: string; displayPath: string }[],
  timeoutMs = 15_000,
): Promise<HeldLocks> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const held: string[] = [];
  const release = async () => {
    for (const lock of held.splice(0).reverse()) await unlink(lock).catch(() => undefined);
  };
  const sorted = [...paths].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  try {
    for (const { path, displayPath } of sorted) {
      const lock = join(dir, `${createHash('sha256').update(path).digest('hex').slice(0, 40)}.lock`);
      await acquire(lock, displayPath, timeoutMs);
      held.push(lock);
    }
  } catch (error) {
    await release();
    throw error;
  }
  return { release };
}

async function acquire(lock: string, displayPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(await readFile(lock, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && !isAlive(owner)) {
      await takeOver(lock, owner);
      continue;
    }
    if (Date.now() > deadline) {
      throw new PatchError(
        `Failed to write file ${displayPath}: another ossa process (pid ${owner}) has been writing it for ${Math.round(timeoutMs / 1000)} s. No files were modified.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Moves a dead owner's lock aside (only one contender wins the rename), then removes it. */
async function takeOver(lock: string, owner: number): Promise<void> {
  const aside = `${lock}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await rename(lock, aside);
  } catch {
    return;
  }
  const content = await readFile(aside, 'utf8').catch(() => '');
  // Someone else took the lock over between our read and the rename: give it back (link fails
  // rather than replace a lock taken meanwhile).
  if (Number.parseInt(content, 10) !== owner) await link(aside, lock).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}
