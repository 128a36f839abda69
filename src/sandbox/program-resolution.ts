// Is `ls` really ls? For the `untrusted` allow-list a program counts only when it resolves —
// through the command's own PATH — to an executable outside every directory the model or the
// repository controls (the writable roots, the workspace, the shared temp dirs). A path in the
// command counts only when it is that same program: `./tools/ls`, `/tmp/x/ls` and
// `node_modules/.bin/cat` do not, and neither does `ls` when PATH finds a copy in the workspace.
import { realpathSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { findExecutable } from './detect.js';
import { isWithin } from './policy.js';

export interface ProgramResolution {
  /** The command's PATH. */
  pathVar: string | undefined;
  /** The command's working directory (relative program paths resolve against it). */
  cwd: string;
  /** Directories whose programs are never trusted (real or not: they are resolved here). */
  untrustedDirs: readonly string[];
}

export function systemProgramCheck(options: ProgramResolution): (program: string) => boolean {
  const untrusted = options.untrustedDirs.map((dir) => realOrSelf(dir));
  const cache = new Map<string, string | undefined>();
  const viaPath = (name: string) => {
    if (!cache.has(name)) {
      const found = findExecutable(name, options.pathVar);
      cache.set(name, found === undefined ? undefined : realOrSelf(found));
    }
    return cache.get(name);
  };
  return (program) => {
    const name = basename(program);
    const system = viaPath(name);
    if (system === undefined || untrusted.some((dir) => isWithin(system, dir))) return false;
    if (!program.includes('/')) return true;
    const written = realOrSelf(isAbsolute(program) ? program : resolve(options.cwd, program));
    return written === system;
  };
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
