// Files for `@` completion: what git knows (tracked and untracked, ignored ones left out), or a
// bounded walk of the directory when it is not a repository.
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { runSafeGit } from '../../sandbox/safe-git.js';

const MAX_FILES = 20_000;
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
    const { stdout } = await runSafeGit(cwd, ['ls-files', '--cached', '--others', '--exclude-standard'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return [...new Set(stdout.split('\n').filter(Boolean))].slice(0, MAX_FILES);
  } catch {
    return walk(cwd);
  }
}

async function walk(root: string): Promise<string[]> {
  const files: string[] = [];
  const pending = [root];
  while (pending.length > 0 && files.length < MAX_FILES) {
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
