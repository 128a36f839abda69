// `ossa sandbox` through the built CLI, with real bubblewrap: what a model's command can and
// cannot do under each mode and policy.
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI_NODE, OSSA_BIN, runOssa } from '../kit/run-cli.js';

let base: string;
let ws: string;
let outside: string;
let home: string;
beforeEach(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'ossa-e2e-sandbox-')));
  ws = join(base, 'ws');
  outside = join(base, 'outside');
  home = join(base, 'home');
  for (const dir of [ws, outside, home]) mkdirSync(dir);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

// The test directories live under /tmp, which workspace-write makes writable unless excluded.
const ONLY_WORKSPACE = [
  '-c',
  'sandbox_workspace_write.exclude_slash_tmp=true',
  '-c',
  'sandbox_workspace_write.exclude_tmpdir_env_var=true',
];

const sandbox = (args: string[], env: Record<string, string | undefined> = {}) =>
  runOssa(['sandbox', ...args], { cwd: ws, env: { OSSA_HOME: home, ...env } });

describe('ossa sandbox: files', () => {
  it('read-only (the default without a trust decision): a write anywhere fails', async () => {
    for (const target of [join(ws, 'a'), '/etc/ossa-e2e-probe', '/var/ossa-e2e-probe']) {
      const result = await sandbox(['--', 'sh', '-c', `echo x > ${target}`]);
      expect(result.code, target).not.toBe(0);
      expect(result.stderr).toContain('Read-only file system');
    }
    expect(readdirSync(ws)).toEqual([]);
  });

  it('read-only: the command gets its own writable TMPDIR, removed when it ends', async () => {
    const result = await sandbox([
      '--',
      'sh',
      '-c',
      'echo hi > "$TMPDIR/x" && cat "$TMPDIR/x" && echo "$TMPDIR"',
    ]);
    expect(result.code).toBe(0);
    const [text, dir] = result.stdout.trim().split('\n');
    expect(text).toBe('hi');
    expect(dir).not.toBe(tmpdir());
    expect(existsSync(dir!)).toBe(false);
  });

  it('workspace-write: inside succeeds, outside, .git and symlinks out fail', async () => {
    mkdirSync(join(ws, '.git'));
    symlinkSync(outside, join(ws, 'escape'));
    const inside = await sandbox([
      '-s',
      'workspace-write',
      ...ONLY_WORKSPACE,
      '--',
      'sh',
      '-c',
      'echo ok > new.txt',
    ]);
    expect(inside.code).toBe(0);
    expect(readFileSync(join(ws, 'new.txt'), 'utf8')).toBe('ok\n');

    for (const script of [`echo x > ${join(outside, 'f')}`, 'echo x > .git/HEAD', 'echo x > escape/f']) {
      const result = await sandbox(['-s', 'workspace-write', ...ONLY_WORKSPACE, '--', 'sh', '-c', script]);
      expect(result.code, script).not.toBe(0);
      expect(result.stderr, script).toMatch(/Read-only file system/);
    }
    expect(readdirSync(outside)).toEqual([]);
    expect(readdirSync(join(ws, '.git'))).toEqual([]);
  });

  it('--add-dir makes one more directory writable', async () => {
    const result = await sandbox([
      '-s',
      'workspace-write',
      ...ONLY_WORKSPACE,
      '--add-dir',
      outside,
      '--',
      'sh',
      '-c',
      `echo added > ${join(outside, 'f')}`,
    ]);
    expect(result.code).toBe(0);
    expect(readFileSync(join(outside, 'f'), 'utf8')).toBe('added\n');
  });

  it('exits with the command exit code', async () => {
    expect((await sandbox(['--', 'sh', '-c', 'exit 7'])).code).toBe(7);
  });

  it('danger-full-access says so loudly and writes anywhere', async () => {
    const result = await sandbox([
      '-s',
      'danger-full-access',
      '--',
      'sh',
      '-c',
      `echo x > ${join(outside, 'f')}`,
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('WARNING: danger-full-access');
    expect(existsSync(join(outside, 'f'))).toBe(true);
  });
});

describe('ossa sandbox: network', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((socket) => socket.end('pong\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const connect = () => [
    process.execPath,
    '-e',
    `require('net').connect(${port}, '127.0.0.1').on('data', (d) => { process.stdout.write(d); process.exit(0); })` +
      `.on('error', (e) => { console.error(e.code); process.exit(3); })`,
  ];

  it('a listener on 127.0.0.1 outside is unreachable unless network_access is on', async () => {
    const off = await sandbox(['-s', 'workspace-write', '--', ...connect()]);
    expect(off.code).toBe(3);
    expect(off.stderr).toMatch(/ECONNREFUSED|ENETUNREACH/);
    const on = await sandbox([
      '-s',
      'workspace-write',
      '-c',
      'sandbox_workspace_write.network_access=true',
      '--',
      ...connect(),
    ]);
    expect(on).toMatchObject({ code: 0, stdout: 'pong\n' });
  });
});

describe('ossa sandbox: environment', () => {
  it('secrets in the parent environment are not visible by default', async () => {
    const env = { MY_API_KEY: 'sk-e2e-secret', SERVICE_TOKEN: 'tok', PLAIN_VALUE: 'visible' };
    const hidden = await sandbox(['--', 'env'], env);
    expect(hidden.code).toBe(0);
    expect(hidden.stdout).toContain('PLAIN_VALUE=visible');
    expect(hidden.stdout).not.toMatch(/MY_API_KEY|sk-e2e-secret|SERVICE_TOKEN/);
    const shown = await sandbox(
      ['-c', 'shell_environment_policy.ignore_default_excludes=true', '--', 'env'],
      env,
    );
    expect(shown.stdout).toContain('MY_API_KEY=sk-e2e-secret');
  });
});

describe('ossa sandbox: failures and interrupts', () => {
  it('when bubblewrap cannot create namespaces it says why and runs nothing', async () => {
    const fakeBin = join(base, 'bin');
    mkdirSync(fakeBin);
    writeFileSync(
      join(fakeBin, 'bwrap'),
      '#!/bin/sh\necho "bwrap: setting up uid map: Permission denied" >&2\nexit 1\n',
    );
    chmodSync(join(fakeBin, 'bwrap'), 0o755);
    const result = await sandbox(['--', 'touch', join(outside, 'ran')], {
      PATH: `${fakeBin}:${process.env.PATH}`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('may not create user namespaces');
    expect(result.stderr).toContain('-s danger-full-access');
    expect(existsSync(join(outside, 'ran'))).toBe(false);
  });

  it('a usage error without a command', async () => {
    const result = await sandbox([]);
    expect(result.code).toBe(2);
  });

  it('stopping ossa stops the sandboxed command and everything it forked', async () => {
    const seconds = `${3000 + Math.floor(Math.random() * 1000)}.${process.pid}`;
    const child = spawn(
      CLI_NODE,
      [
        OSSA_BIN,
        'sandbox',
        '-s',
        'workspace-write',
        '--',
        'sh',
        '-c',
        `sleep ${seconds} & a=$!; sleep ${seconds} & b=$!; ` +
          'for p in $a $b; do until grep -q "^sleep" /proc/$p/cmdline 2>/dev/null; do :; done; done; echo started; wait',
      ],
      { cwd: ws, env: { ...process.env, OSSA_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let countWhileRunning = 0;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdout.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('started')) return;
      countWhileRunning = sleepers(seconds).length;
      child.kill('SIGTERM');
    });
    const code = await exited;
    expect(countWhileRunning).toBe(2);
    expect(code).toBe(128 + 15);
    expect(sleepers(seconds)).toEqual([]);
  });
});

function sleepers(seconds: string): string[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith(`sleep\0${seconds}`);
      } catch {
        return false;
      }
    });
}
