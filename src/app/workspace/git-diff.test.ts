import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { workspaceDiff } from './git-diff.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ossa-diff-'));
  dirs.push(dir);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir });
  git('init', '-q');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 'T');
  return dir;
}

describe('workspaceDiff', () => {
  it('shows tracked changes against HEAD and untracked files as additions, without touching the index', () => {
    const dir = repo();
    writeFileSync(join(dir, 'a.txt'), 'old\n');
    execFileSync('git', ['add', '.'], { cwd: dir });
    execFileSync('git', ['commit', '-qm', 'init'], { cwd: dir });
    writeFileSync(join(dir, 'a.txt'), 'new\n');
    writeFileSync(join(dir, 'b.txt'), 'added\n');
    return workspaceDiff(dir).then((diff) => {
      expect(diff).toContain('-old\n+new');
      expect(diff).toContain('+++ b/b.txt');
      expect(diff).toContain('+added');
      expect(execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' })).toBe(
        ' M a.txt\n?? b.txt\n',
      );
    });
  });

  it('works before the first commit and is empty for a clean tree', async () => {
    const dir = repo();
    expect(await workspaceDiff(dir)).toBe('');
    writeFileSync(join(dir, 'first.txt'), 'one\n');
    expect(await workspaceDiff(dir)).toContain('+one');
  });

  it('says so outside a repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ossa-nogit-'));
    dirs.push(dir);
    await expect(workspaceDiff(dir)).rejects.toThrow('is not inside a git repository');
  });
});
