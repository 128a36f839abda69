// The `untrusted` allow-list against commands written to slip through it: options in the forms
// the option parser accepts (unique-prefix long options, bundles, values glued on), and programs
// that only look like the allowed ones. Real files and a real PATH for the program checks.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shellTool } from '../tools/shell/tool.js';
import { decideCommand } from './approvals.js';
import { systemProgramCheck } from './program-resolution.js';
import { isKnownReadOnly } from './safe-commands.js';

describe('options with the parser’s own semantics', () => {
  const slipping: string[][] = [
    ['sort', '--outp=out', 'in'],
    ['sort', '--out', 'out', 'in'],
    ['sort', '-uo', 'out', 'in'],
    ['sort', '-k1', '-oout', 'in'],
    ['sort', 'in', '-o', 'out'],
    ['sort', '-T', '/tmp', 'in'],
    ['sort', '--compress-prog=sh', 'in'],
    ['git', 'grep', '-Oevil', 'x'],
    ['git', 'grep', '-nO', 'x'],
    ['git', 'grep', '--open-files-in-pager=evil', 'x'],
    ['git', 'grep', '--open', 'x'],
    ['git', 'diff', '--outp=/tmp/x'],
    ['git', 'log', '-p', '--ext-diff'],
    ['git', 'show', '--output', 'x'],
    ['git', '-c', 'core.pager=sh', 'log'],
    ['git', '--git-dir=/elsewhere', 'log'],
    ['git', '--exec-path=/tmp', 'status'],
    ['git', 'branch', '-a', 'new-branch'],
    ['find', '.', '-newer', 'x', '-delete'],
    ['find', '.', '-name', 'x', '-fprint', 'out'],
    ['find', '.', '-execdir', 'sh', ';'],
    ['sed', '-n', '1p', '-i', 'file'],
    ['rg', '--pr=sh', 'x'],
    ['rg', '--pre-g', '*', 'x'],
    ['rg', '-nz', 'x'],
    ['tree', '-fo', 'out'],
    ['tree', '-R', '-H', '.'],
    ['date', '-s', 'now'],
    ['date', '--se=now'],
    ['date', '0101000026'],
    ['uniq', '-c', 'in', 'out'],
    ['file', '-bC', '-m', 'magic'],
    ['cat', '--number-nonbl', 'x'],
    ['ls', '--unknown-option'],
  ];
  for (const argv of slipping) {
    it(`not known read-only: ${JSON.stringify(argv)}`, () => expect(isKnownReadOnly(argv)).toBe(false));
  }
  const fine: string[][] = [
    ['sort', '-k2,2', '-t', ',', '-rn', 'data.csv'],
    ['git', 'log', '--oneline', '-n', '5', '--', 'src'],
    ['git', 'log', '-5', '--format=%h %s'],
    ['git', 'status', '-uno', '--porcelain=v2'],
    ['git', 'grep', '-n', '-e', 'TODO', '--', '*.ts'],
    ['git', '--no-pager', 'diff', '--stat', 'HEAD~1'],
    ['find', '.', '-name', '-exec'],
    ['head', '-5', 'README.md'],
    ['tail', '--follow=name', 'log.txt'],
    ['ls', '-la', '--color=auto', 'src'],
    ['date', '+%Y-%m-%d'],
    ['date', '-Iseconds'],
  ];
  for (const argv of fine) {
    it(`read-only: ${JSON.stringify(argv)}`, () => expect(isKnownReadOnly(argv)).toBe(true));
  }
});

describe('programs that only look like allowed ones', () => {
  let base: string;
  let ws: string;
  let outside: string;
  const marker = () => join(base, 'ran');
  beforeEach(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'ossa-allow-')));
    ws = join(base, 'ws');
    outside = join(base, 'outside');
    for (const dir of [join(ws, 'tools'), join(ws, 'bin'), outside]) mkdirSync(dir, { recursive: true });
    for (const path of [join(ws, 'tools', 'ls'), join(ws, 'bin', 'cat'), join(outside, 'ls')]) {
      writeFileSync(path, `#!/bin/sh\ntouch ${marker()}\n`);
      chmodSync(path, 0o755);
    }
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  const check = (pathVar: string) => systemProgramCheck({ pathVar, cwd: ws, untrustedDirs: [ws] });

  it('./tools/ls, an absolute path into the workspace, and a look-alike elsewhere are not ls', () => {
    const isSystem = check('/usr/bin:/bin');
    for (const argv of [
      ['./tools/ls'],
      [join(ws, 'tools', 'ls')],
      ['tools/ls', '-la'],
      [join(outside, 'ls')],
    ]) {
      expect(isKnownReadOnly(argv, { isSystemProgram: isSystem }), argv[0]).toBe(false);
    }
    expect(isKnownReadOnly(['ls', '-la'], { isSystemProgram: isSystem })).toBe(true);
  });

  it('`cat` is not cat when PATH finds the workspace copy first, also inside bash -lc', () => {
    const isSystem = check(`${join(ws, 'bin')}:/usr/bin:/bin`);
    expect(isKnownReadOnly(['cat', 'README.md'], { isSystemProgram: isSystem })).toBe(false);
    expect(isKnownReadOnly(['bash', '-lc', 'ls && cat README.md'], { isSystemProgram: isSystem })).toBe(
      false,
    );
    expect(isKnownReadOnly(['bash', '-lc', './tools/ls'], { isSystemProgram: check('/usr/bin:/bin') })).toBe(
      false,
    );
  });

  it('the shell tool under untrusted asks (here: rejects, nobody can answer) and runs nothing', async () => {
    const result = await shellTool.run(
      { command: ['ls'] },
      {
        cwd: ws,
        signal: new AbortController().signal,
        sandbox: {
          mode: 'workspace-write',
          approval: 'untrusted',
          writableRoots: [ws],
          networkAccess: false,
          nonInteractive: true,
        },
        commandEnv: { PATH: `${join(ws, 'tools')}:/usr/bin:/bin` },
        requestApproval: async () => ({ decision: 'denied', reason: 'no' }),
      },
    );
    expect(result.output).toMatch(/^Command rejected: Approval policy `untrusted`/);
    expect(existsSync(marker())).toBe(false);
    expect(
      decideCommand({
        argv: ['ls'],
        policy: {
          mode: 'read-only',
          approval: 'untrusted',
          writableRoots: [],
          networkAccess: false,
          nonInteractive: false,
        },
        isSystemProgram: check('/usr/bin:/bin'),
      }).decision,
    ).toBe('auto');
  });
});
