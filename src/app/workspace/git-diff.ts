// `/diff`: what changed in the workspace, as git shows it: tracked changes against HEAD (or the
// index in a repository without commits) plus untracked files as additions. Read-only: the index
// is never touched.
import { runSafeGit } from '../../sandbox/safe-git.js';

const MAX_UNTRACKED = 50;
const MAX_BUFFER = 16 * 1024 * 1024;

async function git(cwd: string, args: string[], okCodes: number[] = [0]): Promise<string> {
  try {
    // Never a repository-configured program (fsmonitor, filters, external diff): safe-git.ts.
    const { stdout } = await runSafeGit(cwd, args, { maxBuffer: MAX_BUFFER });
    return stdout;
  } catch (error) {
    const failure = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failure.code === 'number' && okCodes.includes(failure.code)) return failure.stdout ?? '';
    if (failure.code === 'ENOENT') throw new Error('git is not installed, so /diff cannot show changes.');
    throw new Error((failure.stderr ?? String(error)).trim());
  }
}

export async function workspaceDiff(cwd: string): Promise<string> {
  const inside = await git(cwd, ['rev-parse', '--is-inside-work-tree']).catch(() => '');
  if (inside.trim() !== 'true')
    throw new Error(`${cwd} is not inside a git repository, so /diff has nothing to compare.`);
  const hasHead = await git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD'], [0, 1]);
  const tracked = await git(
    cwd,
    hasHead.trim()
      ? ['diff', '--no-color', 'HEAD', '--', '.']
      : ['diff', '--no-color', '--cached', '--', '.'],
  );
  const untracked = (await git(cwd, ['ls-files', '--others', '--exclude-standard', '--', '.']))
    .split('\n')
    .filter(Boolean);
  const parts = [tracked];
  for (const file of untracked.slice(0, MAX_UNTRACKED)) {
    // `git diff --no-index` exits 1 when the files differ, which they always do here.
    parts.push(await git(cwd, ['diff', '--no-color', '--no-index', '--', '/dev/null', file], [0, 1]));
  }
  if (untracked.length > MAX_UNTRACKED) {
    parts.push(`# … and ${untracked.length - MAX_UNTRACKED} more untracked files\n`);
  }
  return parts.filter((part) => part.trim()).join('');
}
