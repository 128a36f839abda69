// Session files hold everything a session saw — file contents, command output, pasted secrets —
// so only their owner may read them: files 0600, their directories 0700, also when they already
// existed with looser modes (an older ossa, a umask of 000, a copy from elsewhere).
import { chmodSync, mkdirSync } from 'node:fs';
import { relative, sep } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates `dir` and every directory between `top` and it, each 0700 (existing ones tightened too). */
export function ensurePrivateDirs(top: string, dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  let current = top;
  chmodSync(current, PRIVATE_DIR_MODE);
  for (const part of relative(top, dir).split(sep).filter(Boolean)) {
    current = `${current}${sep}${part}`;
    chmodSync(current, PRIVATE_DIR_MODE);
  }
}

/** Makes an existing file 0600 (new ones are created with that mode by their writer). */
export function tightenFile(path: string): void {
  chmodSync(path, PRIVATE_FILE_MODE);
}
