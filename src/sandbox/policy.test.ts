import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isWritablePath, resolveWritableRoots, WritableRootError } from './policy.js';
import { findProtectedPaths } from './protected-paths.js';

let base: string;
beforeEach(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'ossa-policy-')));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

const keepTemp = { excludeTmpdirEnvVar: false, excludeSlashTmp: false };
const noTemp = { excludeTmpdirEnvVar: true, excludeSlashTmp: true };

describe('resolveWritableRoots', () => {
  it('has no roots outside workspace-write', () => {
    expect(resolveWritableRoots('read-only', base, [], keepTemp, {})).toEqual([]);
    expect(resolveWritableRoots('danger-full-access', base, [], keepTemp, {})).toEqual([]);
  });

  it('workspace-write: the real cwd, add-dirs (relative to cwd), /tmp and $TMPDIR, parents first', () => {
    const ws = join(base, 'ws');
    const extra = join(base, 'extra');
    const tmpdirVar = join(base, 'tmpdir');
    for (const dir of [ws, extra, tmpdirVar]) mkdirSync(dir);
    const link = join(base, 'link-to-ws');
    symlinkSync(ws, link);
    const roots = resolveWritableRoots('workspace-write', link, ['../extra'], keepTemp, {
      TMPDIR: tmpdirVar,
    });
    expect(roots).toEqual(
      ['/tmp', ws, extra, tmpdirVar].sort((a, b) => a.length - b.length || a.localeCompare(b)),
    );
  });

  it('honours exclude_slash_tmp and exclude_tmpdir_env_var, and skips a $TMPDIR that does not exist', () => {
    expect(resolveWritableRoots('workspace-write', base, [], noTemp, { TMPDIR: base })).toEqual([base]);
    expect(
      resolveWritableRoots(
        'workspace-write',
        base,
        [],
        { ...keepTemp, excludeSlashTmp: true },
        { TMPDIR: '/nope' },
      ),
    ).toEqual([base]);
  });

  it('an --add-dir that does not exist is a usage error that names it', () => {
    const missing = join(base, 'missing');
    expect(() => resolveWritableRoots('workspace-write', base, [missing], noTemp, {})).toThrow(
      WritableRootError,
    );
    expect(() => resolveWritableRoots('workspace-write', base, [missing], noTemp, {})).toThrow(missing);
  });
});

describe('findProtectedPaths', () => {
  it('existing .git and .ossa are kept read-only; missing ones at the root are to be blocked', () => {
    mkdirSync(join(base, '.git'));
    expect(findProtectedPaths([base], base)).toEqual({
      existing: [join(base, '.git')],
      missing: [join(base, '.ossa')],
    });
    mkdirSync(join(base, '.ossa'));
    expect(findProtectedPaths([base], base).existing).toEqual([join(base, '.git'), join(base, '.ossa')]);
  });

  it('a .git file (worktree) protects the git directory it points to as well', () => {
    const gitdir = join(base, 'main-repo', '.git', 'worktrees', 'wt');
    mkdirSync(gitdir, { recursive: true });
    const worktree = join(base, 'wt');
    mkdirSync(worktree);
    writeFileSync(join(worktree, '.git'), 'gitdir: ../main-repo/.git/worktrees/wt\n');
    expect(findProtectedPaths([worktree], worktree).existing).toEqual([join(worktree, '.git'), gitdir]);
  });

  it('nested repositories and project configs at any depth; the chain down to the cwd is blocked too', () => {
    mkdirSync(join(base, 'a', 'b', '.git'), { recursive: true });
    mkdirSync(join(base, 'c', '.ossa'), { recursive: true });
    mkdirSync(join(base, 'd', 'e'), { recursive: true });
    const found = findProtectedPaths([base], join(base, 'd', 'e'));
    expect(found.existing.sort()).toEqual([join(base, 'a', 'b', '.git'), join(base, 'c', '.ossa')].sort());
    expect(found.missing.sort()).toEqual(
      ['.git', '.ossa', 'd/.git', 'd/.ossa', 'd/e/.git', 'd/e/.ossa'].map((path) => join(base, path)).sort(),
    );
  });
});

describe('isWritablePath', () => {
  it('is inside a root and outside every protected path', () => {
    const roots = ['/w', '/tmp'];
    const protectedPaths = ['/w/.git'];
    expect(isWritablePath('/w', roots, protectedPaths)).toBe(true);
    expect(isWritablePath('/w/src/a.ts', roots, protectedPaths)).toBe(true);
    expect(isWritablePath('/w/.github/x', roots, protectedPaths)).toBe(true);
    expect(isWritablePath('/w/.git/config', roots, protectedPaths)).toBe(false);
    expect(isWritablePath('/w/.git', roots, protectedPaths)).toBe(false);
    expect(isWritablePath('/wx/a', roots, protectedPaths)).toBe(false);
    expect(isWritablePath('/etc/passwd', roots, protectedPaths)).toBe(false);
  });
});
