// AGENTS.md discovery, as Codex does it: the global file in $OSSA_HOME, then one file per
// directory from the project root down to the cwd, within a shared byte budget. These files come
// with the repository: only regular files are read (a FIFO, a device such as /dev/zero, a
// directory — also behind a symlink — is skipped) and never more bytes than the budget allows.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export interface AgentsMdOptions {
  home: string;
  cwd: string;
  /** Directory that contains a project root marker (e.g. `.git`); undefined means cwd only. */
  projectRoot?: string;
  maxBytes: number;
  fallbackFilenames: string[];
}

export interface AgentsMdFile {
  path: string;
  text: string;
  truncated: boolean;
}

/** The global $OSSA_HOME/AGENTS.md is the user's own, but bounded all the same. */
export const GLOBAL_AGENTS_MD_MAX_BYTES = 256 * 1024;
/** Read past the budget by this much, so leading and trailing blank lines do not eat into it. */
const SLACK_BYTES = 4096;

/**
 * At most `cap` bytes of a regular file, trimmed; undefined when missing, empty or not a regular
 * file. O_NONBLOCK: opening a FIFO must not wait for a writer.
 */
function readTrimmed(path: string, cap: number): { text: string; cut: boolean } | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return undefined;
    const buffer = Buffer.alloc(Math.min(stats.size, cap));
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, length);
      if (n === 0) break;
      length += n;
    }
    const text = buffer.subarray(0, length).toString('utf8').trim();
    return text ? { text, cut: stats.size > length } : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Directories from `root` down to `cwd`, inclusive. */
function chainFromRoot(root: string, cwd: string): string[] {
  const dirs: string[] = [];
  let current = cwd;
  for (;;) {
    dirs.unshift(current);
    if (current === root || relative(root, current).startsWith('..')) break;
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return dirs;
}

export function discoverAgentsMd(options: AgentsMdOptions): AgentsMdFile[] {
  const files: AgentsMdFile[] = [];
  for (const name of ['AGENTS.override.md', 'AGENTS.md']) {
    const path = join(options.home, name);
    const read = readTrimmed(path, GLOBAL_AGENTS_MD_MAX_BYTES);
    if (read) {
      files.push({ path, text: dropPartialCharacter(read.text, read.cut), truncated: read.cut });
      break;
    }
  }
  if (options.maxBytes <= 0) return files;
  let budget = options.maxBytes;
  const names = ['AGENTS.override.md', 'AGENTS.md', ...options.fallbackFilenames];
  for (const dir of chainFromRoot(options.projectRoot ?? options.cwd, options.cwd)) {
    if (budget <= 0) break;
    for (const name of names) {
      const path = join(dir, name);
      const read = readTrimmed(path, budget + SLACK_BYTES);
      if (!read) continue;
      const { text } = read;
      const bytes = Buffer.from(text, 'utf8');
      const truncated = read.cut || bytes.length > budget;
      const kept = truncated
        ? bytes
            .subarray(0, budget)
            .toString('utf8')
            .replace(/\uFFFD$/, '')
        : text;
      budget -= Math.min(bytes.length, budget);
      files.push({ path, text: kept, truncated });
      break;
    }
  }
  return files;
}

/** A read cut at the byte cap may end inside a multi-byte character. */
function dropPartialCharacter(text: string, cut: boolean): string {
  return cut ? text.replace(/\uFFFD$/, '') : text;
}
