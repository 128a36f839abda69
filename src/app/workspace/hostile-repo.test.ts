// ossa's own git calls (`@` completion, `/diff`) in a repository whose config names programs:
// none of them may run. Real git, real files.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workspaceDiff } from './git-diff.js';
import { listWorkspaceFiles } from './list-files.js';

let dir: string;
let marks: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ossa-hostile-repo-'));
  marks = mkdtempSync(join(tmpdir(), 'ossa-hostile-marks-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 'T');
  const payload = (name: string) => {
    const script = join(marks, `${name}.sh`);
    writeFileSync(script, `#!/bin/sh\ntouch ${join(marks, `ran-${name}`)}\ncat\n`);
    chmodSync(script, 0o755);
    return script;
  };
  writeFileSync(join(dir, 'a.txt'), 'one\n');
  writeFileSync(join(dir, 'b.bin'), 'binary\n');
  git('add', '.');
  git('commit', '-qm', 'init');
  // Configured only now, so setting the repository up ran none of them.
  git('config', 'core.fsmonitor', payload('fsmonitor'));
  git('config', 'filter.evil.clean', payload('clean'));
  git('config', 'filter.evil.process', payload('process'));
  git('config', 'diff.evil.textconv', payload('textconv'));
  git('config', 'diff.evil.command', payload('diffdriver'));
  git('config', 'diff.external', payload('external'));
  git('config', 'core.pager', payload('pager'));
  writeFileSync(join(dir, '.gitattributes'), '* filter=evil diff=evil\n');
  const hooks = join(dir, '.git', 'hooks');
  for (const hook of ['post-index-change', 'pre-commit']) {
    writeFileSync(join(hooks, hook), `#!/bin/sh\ntouch ${join(marks, `ran-${hook}`)}\n`);
    chmodSync(join(hooks, hook), 0o755);
  }
  writeFileSync(join(dir, 'a.txt'), 'two\n');
  writeFileSync(join(dir, 'new.txt'), 'untracked\n');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(marks, { recursive: true, force: true });
});

const ran = () => readdirSync(marks).filter((name) => name.startsWith('ran-'));

describe("ossa's own git calls in a hostile repository", () => {
  it('@ completion (git ls-files) runs no fsmonitor, filter or hook', async () => {
    const files = await listWorkspaceFiles(dir);
    expect(files).toEqual(expect.arrayContaining(['a.txt', 'new.txt', '.gitattributes']));
    expect(ran()).toEqual([]);
  });

  it('/diff runs no fsmonitor, clean/process filter, textconv, diff driver, external diff or pager', async () => {
    const diff = await workspaceDiff(dir);
    expect(diff).toContain('+two');
    expect(diff).toContain('+untracked');
    expect(ran()).toEqual([]);
  });

  it('the same repository does run them for plain git (the attack is real)', () => {
    execFileSync('git', ['diff'], { cwd: dir, stdio: 'ignore' });
    expect(ran().length).toBeGreaterThan(0);
    expect(existsSync(join(marks, 'ran-fsmonitor')) || existsSync(join(marks, 'ran-external'))).toBe(true);
  });
});
