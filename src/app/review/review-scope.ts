// What a review looks at. `uncommitted`: staged, unstaged and untracked changes against HEAD.
// `base`: the commits since the merge base with BRANCH (merge base → HEAD). `commit`: one
// commit against its first parent. Without a flag the default is chosen from the repository's
// state and said aloud: uncommitted changes when there are any, else the branch against the
// default branch when it has commits of its own, else the last commit.
import { UsageError } from '../../errors.js';
import { runSafeGit } from '../../sandbox/safe-git.js';

export type ReviewScope =
  | { kind: 'uncommitted' }
  | { kind: 'base'; branch: string }
  | { kind: 'commit'; sha: string };

export interface ChosenScope {
  scope: ReviewScope;
  /** Why this scope, when ossa chose it (no flag given). */
  defaulted?: string;
}

export class GitError extends UsageError {}

/** `git args…` with repository-configured programs switched off; stdout, or a GitError. */
export async function git(cwd: string, args: string[], okCodes: number[] = [0]): Promise<string> {
  try {
    return (await runSafeGit(cwd, args, { maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    const failure = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failure.code === 'number' && okCodes.includes(failure.code)) return failure.stdout ?? '';
    if (failure.code === 'ENOENT')
      throw new GitError('git is not installed, so there is nothing ossa can review.');
    throw new GitError(`git ${args[0]} failed: ${(failure.stderr || String(error)).trim()}`);
  }
}

/** The repository's top directory, or a usage error outside one. */
export async function repositoryRoot(cwd: string): Promise<string> {
  const top = await git(cwd, ['rev-parse', '--show-toplevel']).catch(() => '');
  if (!top.trim()) {
    throw new UsageError(
      `${cwd} is not inside a git repository: ossa review reviews git changes (run it in a repository, or pass -C DIR).`,
    );
  }
  return top.trim();
}

/** A revision argument the user gave, refused when git would read it as an option. */
export function checkRevisionArgument(flag: string, value: string): void {
  if (!value.trim() || value.startsWith('-')) {
    throw new UsageError(`${flag} ${JSON.stringify(value)}: expected a branch or commit name.`);
  }
}

export async function hasHead(root: string): Promise<boolean> {
  return (await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD'], [0, 1])).trim() !== '';
}

/** Paths with uncommitted changes (tracked or untracked), as `git status` lists them. */
export async function uncommittedPaths(root: string): Promise<string[]> {
  const status = await git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all']);
  return status
    .split('\0')
    .filter(Boolean)
    .filter((entry) => /^[ MADRCU?!]{2} /.test(entry))
    .map((entry) => entry.slice(3));
}

export async function chooseScope(root: string, requested: ReviewScope | undefined): Promise<ChosenScope> {
  if (requested) return { scope: requested };
  const dirty = await uncommittedPaths(root);
  if (dirty.length > 0) {
    return {
      scope: { kind: 'uncommitted' },
      defaulted: `no scope flag given: reviewing the uncommitted changes (${dirty.length} file${dirty.length === 1 ? '' : 's'}; staged, unstaged and untracked)`,
    };
  }
  if (!(await hasHead(root))) {
    throw new UsageError('Nothing to review: the repository has no commits and no changes.');
  }
  const base = await defaultBranch(root);
  if (base) {
    const mergeBase = (await git(root, ['merge-base', 'HEAD', base], [0, 1])).trim();
    const head = (await git(root, ['rev-parse', 'HEAD'])).trim();
    if (mergeBase && mergeBase !== head) {
      return {
        scope: { kind: 'base', branch: base },
        defaulted: `no scope flag given and the working tree is clean: reviewing this branch against ${base}`,
      };
    }
  }
  return {
    scope: { kind: 'commit', sha: 'HEAD' },
    defaulted:
      'no scope flag given, the working tree is clean and the branch has no commits of its own: reviewing the last commit (HEAD)',
  };
}

/** The branch changes are usually merged into: origin's HEAD, else a local main/master/trunk. */
async function defaultBranch(root: string): Promise<string | undefined> {
  const remoteHead = (
    await git(root, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], [0, 1, 128])
  ).trim();
  if (remoteHead) return remoteHead;
  for (const name of ['main', 'master', 'trunk', 'develop']) {
    const found = await git(root, ['rev-parse', '--verify', '--quiet', `refs/heads/${name}`], [0, 1]);
    if (found.trim()) return name;
  }
  return undefined;
}
