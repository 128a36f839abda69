// A review scope → the change as git shows it: one FileDiff per file, the revisions on either side
// (to check finding locations against), and notes worth saying aloud (uncommitted work that a
// `--base`/`--commit` review leaves out). Every git call goes through runSafeGit, so a hostile
// repository's config cannot make ossa run a program. Read-only: the index is never touched.
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { type FileDiff, parseGitDiff } from './parse-diff.js';
import { checkRevisionArgument, git, hasHead, type ReviewScope, uncommittedPaths } from './review-scope.js';

/** Untracked files sent at most (each costs a git call); the rest are listed as skipped. */
const MAX_UNTRACKED = 200;
/** Untracked files larger than this are listed, not read. */
const MAX_UNTRACKED_BYTES = 1024 * 1024;
const DIFF = ['diff', '--no-color', '-M', '-U3'];

export interface Change {
  root: string;
  scope: ReviewScope;
  /** `the uncommitted changes`, `commit 1a2b3c4 "Fix parser"`, `feature against main (merge base 1a2b3c4)`. */
  description: string;
  /** The commit's subject, for `--commit` (the `--title` flag overrides it). */
  title?: string;
  files: FileDiff[];
  /** Untracked files not read (too many, too large, not regular files), with the reason. */
  unread: { path: string; reason: string }[];
  /** The reviewed version (`worktree` for uncommitted changes) and the one it is compared with. */
  newRevision: string | 'worktree';
  oldRevision?: string;
  notes: string[];
}

export async function collectChange(root: string, scope: ReviewScope): Promise<Change> {
  switch (scope.kind) {
    case 'uncommitted':
      return collectUncommitted(root);
    case 'base':
      return collectBase(root, scope.branch);
    case 'commit':
      return collectCommit(root, scope.sha);
  }
}

async function emptyTree(root: string): Promise<string> {
  return (await git(root, ['hash-object', '-t', 'tree', '/dev/null'])).trim();
}

async function collectUncommitted(root: string): Promise<Change> {
  const head = (await hasHead(root)) ? 'HEAD' : await emptyTree(root);
  const tracked = parseGitDiff(await git(root, [...DIFF, head, '--', '.']));
  const untracked = (await git(root, ['ls-files', '--others', '--exclude-standard', '-z', '--', '.']))
    .split('\0')
    .filter(Boolean);
  const files = [...tracked];
  const unread: Change['unread'] = [];
  for (const [index, path] of untracked.entries()) {
    if (index >= MAX_UNTRACKED) {
      unread.push({ path, reason: `more than ${MAX_UNTRACKED} untracked files` });
      continue;
    }
    const stat = lstatSync(join(root, path), { throwIfNoEntry: false });
    if (!stat?.isFile()) {
      unread.push({ path, reason: stat?.isSymbolicLink() ? 'a symbolic link' : 'not a regular file' });
      continue;
    }
    if (stat.size > MAX_UNTRACKED_BYTES) {
      unread.push({ path, reason: `larger than ${MAX_UNTRACKED_BYTES / 1024} KiB` });
      continue;
    }
    // `git diff --no-index` exits 1 when the files differ, which they always do here.
    const diff = await git(root, ['diff', '--no-color', '--no-index', '--', '/dev/null', path], [0, 1]);
    files.push(...parseGitDiff(diff).map((file) => ({ ...file, path, status: 'added' as const })));
  }
  return {
    root,
    scope: { kind: 'uncommitted' },
    description: 'the uncommitted changes (staged, unstaged and untracked)',
    files,
    unread,
    newRevision: 'worktree',
    oldRevision: head,
    notes: [],
  };
}

async function verifiedCommit(root: string, flag: string, name: string): Promise<string> {
  checkRevisionArgument(flag, name);
  const sha = (await git(root, ['rev-parse', '--verify', '--quiet', `${name}^{commit}`], [0, 1])).trim();
  if (!sha) {
    throw new UsageError(
      `${flag} ${name}: no such branch or commit in ${root} (git branch -a and git log list the names).`,
    );
  }
  return sha;
}

async function leftOutNote(root: string): Promise<string[]> {
  const dirty = await uncommittedPaths(root);
  if (dirty.length === 0) return [];
  return [
    `${dirty.length} file${dirty.length === 1 ? ' has' : 's have'} uncommitted changes that this review leaves out (--uncommitted reviews them)`,
  ];
}

async function collectBase(root: string, branch: string): Promise<Change> {
  const baseSha = await verifiedCommit(root, '--base', branch);
  if (!(await hasHead(root))) throw new UsageError('--base: the repository has no commits yet.');
  const mergeBase = (await git(root, ['merge-base', 'HEAD', baseSha], [0, 1])).trim();
  if (!mergeBase) throw new UsageError(`--base ${branch}: HEAD and ${branch} have no common history.`);
  const files = parseGitDiff(await git(root, [...DIFF, mergeBase, 'HEAD', '--']));
  const current = (await git(root, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
  return {
    root,
    scope: { kind: 'base', branch },
    description: `${current === 'HEAD' ? 'HEAD' : current} against ${branch} (the commits since the merge base ${mergeBase.slice(0, 12)})`,
    files,
    unread: [],
    newRevision: 'HEAD',
    oldRevision: mergeBase,
    notes: await leftOutNote(root),
  };
}

async function collectCommit(root: string, name: string): Promise<Change> {
  const sha = await verifiedCommit(root, '--commit', name);
  const parents = (await git(root, ['rev-list', '--parents', '-n', '1', sha])).trim().split(' ').slice(1);
  const parent = parents[0] ?? (await emptyTree(root));
  const files = parseGitDiff(await git(root, [...DIFF, parent, sha, '--']));
  const subject = (await git(root, ['log', '-1', '--format=%s', sha])).trim();
  return {
    root,
    scope: { kind: 'commit', sha },
    description: `commit ${sha.slice(0, 12)}${subject ? ` ${JSON.stringify(subject)}` : ''}${parents.length > 1 ? ' (a merge, against its first parent)' : ''}`,
    ...(subject ? { title: subject } : {}),
    files,
    unread: [],
    newRevision: sha,
    oldRevision: parent,
    notes: await leftOutNote(root),
  };
}

/** Lines of `path` in a revision (or the working tree); undefined when there is no such file. */
export async function countLines(root: string, revision: string, path: string): Promise<number | undefined> {
  let text: string;
  if (revision === 'worktree') {
    const { readFileSync } = await import('node:fs');
    const stat = lstatSync(join(root, path), { throwIfNoEntry: false });
    if (!stat?.isFile() || stat.size > 64 * 1024 * 1024) return undefined;
    text = readFileSync(join(root, path), 'utf8');
  } else {
    try {
      text = await git(root, ['cat-file', 'blob', `${revision}:${path}`]);
    } catch {
      return undefined; // no such path in that revision
    }
  }
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}
