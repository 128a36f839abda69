// Files for `@` completion: everything git knows (tracked and untracked, ignored ones left out),
// or a bounded walk of the directory when it is not a repository (a home directory can hold
// millions of files; a repository's list is what the user works on, so none of it is left out).
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { runSafeGit } from '../../sandbox/safe-git.js';

/** Files the walk outside a repository collects at most. */
const MAX_WALKED_FILES = 200_000;
/** Bytes of `git ls-files` output read at most: about four million paths. */
const MAX_LISTING_BYTES = 256 * 1024 * 1024;
const SKIP_DIRS = new Set([
  '.git',
  'node_modules',
  'dist',
  'build',
  'target',
  '.venv',
  '__pycache__',
  '.next',
]);

export async function listWorkspaceFiles(cwd: string): Promise<string[]> {
  try {
    // Never a repository-configured program (core.fsmonitor runs on every index read): safe-git.ts.
    // -z: names as they are (without it git quotes names with non-ASCII or special characters).
    const { stdout } = await runSafeGit(
      cwd,
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      {
        maxBuffer: MAX_LISTING_BYTES,
      },
    );
    return [...new Set(stdout.split('\0').filter(Boolean))];
  } catch {
    return walk(cwd);
  }
}

async function walk(root: string): Promise<string[]> {
  const files: string[] = [];
  const pending = [root];
  while (pending.length > 0 && files.length < MAX_WALKED_FILES) {
    const dir = pending.shift()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) pending.push(path);
      } else if (entry.isFile()) {
        files.push(relative(root, path));
      }
    }
  }
  return files.sort();
}
