// What a path holds, as a short string: `missing`, `directory`, `symlink:<sha256 of target>`,
// `file:<sha256 of bytes>`, `other`. Used to tell whether a file changed since a patch read it
// (someone else's edit must not be overwritten) and, after a crash, which side of a commit a file
// is on. Content only: a chmod alone is not an edit.
import { createHash } from 'node:crypto';
import { lstat, readFile, readlink } from 'node:fs/promises';
import type { PriorState } from './file-overlay.js';
import { errorCode } from './os-error-text.js';

export async function fingerprintPath(path: string): Promise<string> {
  try {
    const stats = await lstat(path);
    if (stats.isDirectory()) return 'directory';
    if (stats.isSymbolicLink()) return `symlink:${sha256(await readlink(path))}`;
    if (!stats.isFile()) return 'other';
    return `file:${sha256(await readFile(path))}`;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw error;
  }
}

/** The fingerprint of a path's state before the patch, as the plan read it. */
export function fingerprintPrior(prior: PriorState): string {
  if (prior === null) return 'missing';
  if (prior.type === 'symlink') return `symlink:${sha256(prior.target)}`;
  return `file:${sha256(prior.content)}`;
}

/** The fingerprint after the patch: the new bytes, or `missing` for a removal. */
export function fingerprintContent(content: Buffer | null): string {
  return content === null ? 'missing' : `file:${sha256(content)}`;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
