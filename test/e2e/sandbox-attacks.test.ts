// Attacks a hostile model's command makes on the sandbox, through the built CLI (`ossa sandbox`)
// with real bubblewrap and real processes — as root and, when the tests run as root, again as an
// unprivileged user (bubblewrap then works through user namespaces, without capabilities).
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runOssa } from '../kit/run-cli.js';
import { giveTo, testUsers } from '../kit/test-users.js';

const hasGit = (() => {
  try {
    execFileSync('git', ['--version']);
    return true;
  } catch {
    return false;
  }
})();
const hasPython = (() => {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

const ONLY_WORKSPACE = [
  '-c',
  'sandbox_workspace_write.exclude_slash_tmp=true',
  '-c',
  'sandbox_workspace_write.exclude_tmpdir_env_var=true',
];

for (const user of testUsers()) {
  describe(`sandbox attacks as ${user.name}`, () => {
    let base: string;
    let ws: string;
    let outside: string;
    let home: string;
    beforeEach(() => {
      base = realpathSync(mkdtempSync(join(tmpdir(), 'ossa-e2e-attack-')));
      chmodSync(base, 0o755);
      ws = join(base, 'ws');
      outside = join(base, 'outside');
      home = join(base, 'home');
      for (const dir of [ws, outside, home]) mkdirSync(dir);
      giveTo(user, ws, outside, home);
    });
    afterEach(() => rmSync(base, { recursive: true, force: true }));

    const git = (cwd: string, ...args: string[]) => {
      execFileSync('git', args, { cwd, stdio: 'ignore' });
    };
    const sandbox = (mode: string, script: string) =>
      runOssa(['sandbox', '-s', mode, ...ONLY_WORKSPACE, '--', 'sh', '-c', script], {
        cwd: ws,
        env: { OSSA_HOME: home, HOME: home, OUT: outside, GIT_CONFIG_NOSYSTEM: '1' },
        ...(user.runAs ? { runAs: user.runAs } : {}),
      });

    it.skipIf(!hasGit)('git init + core.fsmonitor in a workspace without .git is refused', async () => {
      const result = await sandbox(
        'workspace-write',
        'git init -q . && git config core.fsmonitor "touch $OUT/pwned"; ls -a; echo created > ok.txt',
      );
      expect(result.stdout + result.stderr).toMatch(/Read-only|Permission denied|Device or resource busy/);
      expect(readFileSync(join(ws, 'ok.txt'), 'utf8')).toBe('created\n');
      // The placeholder that blocked it is gone again: the workspace is as it was, plus ok.txt.
      expect(existsSync(join(ws, '.git'))).toBe(false);
    });

    it.skipIf(!hasGit)('a nested repository: its config and hooks cannot be written', async () => {
      mkdirSync(join(ws, 'sub'));
      git(join(ws, 'sub'), 'init', '-q');
      execFileSync('chown', ['-R', `${user.runAs?.uid ?? 0}:${user.runAs?.gid ?? 0}`, ws]);
      const config = readFileSync(join(ws, 'sub', '.git', 'config'), 'utf8');
      const result = await sandbox(
        'workspace-write',
        'git -C sub config core.fsmonitor "touch $OUT/pwned"; ' +
          'printf "#!/bin/sh\\ntouch $OUT/pwned\\n" > sub/.git/hooks/pre-commit; ' +
          'echo "[core] fsmonitor = x" >> sub/.git/config; echo done > sub/file.txt',
      );
      expect(result.stderr).toMatch(/Read-only file system/);
      expect(readFileSync(join(ws, 'sub', '.git', 'config'), 'utf8')).toBe(config);
      expect(existsSync(join(ws, 'sub', '.git', 'hooks', 'pre-commit'))).toBe(false);
      expect(readFileSync(join(ws, 'sub', 'file.txt'), 'utf8')).toBe('done\n');
    });

    it.skipIf(!hasGit)(
      'a submodule-style .git pointer file and the git dir it names stay read-only',
      async () => {
        mkdirSync(join(ws, 'store'));
        git(join(ws, 'store'), 'init', '-q', '--bare', 'mod.git');
        mkdirSync(join(ws, 'mod'));
        writeFileSync(join(ws, 'mod', '.git'), 'gitdir: ../store/mod.git\n');
        execFileSync('chown', ['-R', `${user.runAs?.uid ?? 0}:${user.runAs?.gid ?? 0}`, ws]);
        const result = await sandbox(
          'workspace-write',
          'echo "gitdir: ../evil" > mod/.git; echo "[core] fsmonitor = x" >> store/mod.git/config; ' +
            'mkdir -p store/mod.git/hooks; echo x > store/mod.git/hooks/post-checkout',
        );
        expect(result.code).not.toBe(0);
        expect(readFileSync(join(ws, 'mod', '.git'), 'utf8')).toBe('gitdir: ../store/mod.git\n');
        expect(readFileSync(join(ws, 'store', 'mod.git', 'config'), 'utf8')).not.toContain('fsmonitor');
        expect(existsSync(join(ws, 'store', 'mod.git', 'hooks', 'post-checkout'))).toBe(false);
      },
    );

    it('a nested .ossa/config.toml and a root .ossa that does not exist yet cannot be written', async () => {
      mkdirSync(join(ws, 'sub', '.ossa'), { recursive: true });
      writeFileSync(join(ws, 'sub', '.ossa', 'config.toml'), 'model = "mine"\n');
      execFileSync('chown', ['-R', `${user.runAs?.uid ?? 0}:${user.runAs?.gid ?? 0}`, ws]);
      const result = await sandbox(
        'workspace-write',
        'echo "approval_policy = \\"never\\"" >> sub/.ossa/config.toml; ' +
          'mkdir -p .ossa; echo "sandbox_mode = \\"danger-full-access\\"" > .ossa/config.toml; true',
      );
      expect(result.code).toBe(0);
      expect(readFileSync(join(ws, 'sub', '.ossa', 'config.toml'), 'utf8')).toBe('model = "mine"\n');
      expect(existsSync(join(ws, '.ossa'))).toBe(false);
    });

    describe('Unix-domain sockets with the network off', () => {
      let server: Server;
      let socketPath: string;
      const connections = new Set<Socket>();
      beforeEach(async () => {
        socketPath = join(outside, 'host-service.sock');
        server = createServer((socket) => {
          connections.add(socket);
          socket.end('HTTP/1.0 200 OK\r\n\r\nHOST-SERVICE-REACHED\n');
        });
        await new Promise<void>((resolve) => server.listen(socketPath, resolve));
        // Anyone may connect: only the sandbox stands between the command and the service.
        chmodSync(socketPath, 0o777);
      });
      afterEach(async () => {
        for (const socket of connections) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      });

      for (const mode of ['read-only', 'workspace-write']) {
        it(`${mode}: curl --unix-socket to a host service outside fails`, async () => {
          const result = await sandbox(mode, `curl -sS --max-time 5 --unix-socket ${socketPath} http://x/`);
          expect(result.stdout).not.toContain('HOST-SERVICE-REACHED');
          expect(result.code).not.toBe(0);
        });
      }

      it.skipIf(!hasPython)(
        'python connect() fails with EACCES; socketpair, pipes and children work',
        async () => {
          const script = [
            'import socket, subprocess',
            'a, b = socket.socketpair(); a.send(b"pair"); print(b.recv(4).decode())',
            'print(subprocess.run(["sh", "-c", "echo piped | cat"], capture_output=True, text=True).stdout.strip())',
            'try:',
            '    s = socket.socket(socket.AF_UNIX); s.connect(' +
              JSON.stringify(socketPath) +
              '); print(s.recv(99))',
            'except OSError as e: print("refused", e.errno)',
            'try:',
            '    socket.socket(40, socket.SOCK_STREAM); print("vsock allowed")',
            'except OSError as e: print("vsock refused", e.errno)',
          ].join('\n');
          writeFileSync(join(outside, 'probe.py'), script);
          const result = await sandbox('read-only', `python3 ${join(outside, 'probe.py')}`);
          expect(result.stdout.trim().split('\n')).toEqual([
            'pair',
            'piped',
            'refused 13',
            'vsock refused 13',
          ]);
        },
      );

      it('network_access = true lets Unix sockets through too (documented)', async () => {
        const result = await runOssa(
          [
            'sandbox',
            '-s',
            'workspace-write',
            '-c',
            'sandbox_workspace_write.network_access=true',
            '--',
            'curl',
            '-sS',
            '--unix-socket',
            socketPath,
            'http://x/',
          ],
          { cwd: ws, env: { OSSA_HOME: home }, ...(user.runAs ? { runAs: user.runAs } : {}) },
        );
        expect(result.stdout).toContain('HOST-SERVICE-REACHED');
      });
    });
  });
}
