// A full disk while the session is saved: the run ends with an `error` event and a `turn-end`, the
// message names the session file and the free-space problem, and the work is not lost (the model's
// command ran and its result is shown before the error). $OSSA_HOME/sessions is a 16 KiB tmpfs
// in a mount namespace of the run's own (unshare -m, as root), so nothing is mounted outside it.
import { spawn, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_NODE, OSSA_BIN } from '../kit/run-cli.js';
import { startScriptedModelServer } from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome } from '../kit/workspace.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function run(argv: string[], cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function canMount(): boolean {
  const probe = spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=16k tmpfs /mnt']);
  return probe.status === 0;
}

describe.runIf(process.platform === 'linux' && canMount())(
  'the disk fills while the session is saved',
  () => {
    it('ends the turn with an error naming the file and the fix; the command ran and its result is shown', async () => {
      const server = await startScriptedModelServer({
        turns: [
          // ~290 KB of output: the session file cannot take it.
          {
            toolCalls: [
              { name: 'shell', arguments: { command: ['sh', '-c', 'seq 1 50000; echo ran > ran.txt'] } },
            ],
          },
          { text: 'Counted to fifty thousand.' },
        ],
      });
      closers.push(() => server.close());
      const home = mockHome(server.url);
      const work = gitWorkspace();
      // The home's config is read first, then the tmpfs is mounted over the sessions directory.
      const script = `mkdir -p "$OSSA_HOME/sessions" && mount -t tmpfs -o size=16k tmpfs "$OSSA_HOME/sessions" && exec "$@"`;
      const result = await run(
        [
          'unshare',
          '-m',
          'sh',
          '-c',
          script,
          'sh',
          CLI_NODE,
          OSSA_BIN,
          'exec',
          '--json',
          '-s',
          'workspace-write',
          'count',
        ],
        work,
        { ...process.env, OSSA_HOME: home } as Record<string, string>,
      );
      const events = result.stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { type: string; message?: string; status?: string });
      const error = events.find((event) => event.type === 'error');

      expect(error?.message, result.stderr).toMatch(
        /Cannot save the session to .*sessions.*\.jsonl: the disk is full \(ENOSPC/,
      );
      expect(error?.message).toMatch(/Free some space, then continue with `ossa exec resume`/);
      // What ran is still shown: the command's end comes before the error.
      const types = events.map((event) => event.type);
      expect(types.indexOf('tool-call-end')).toBeGreaterThan(-1);
      expect(types.indexOf('tool-call-end')).toBeLessThan(types.indexOf('error'));
      expect(events.at(-1)?.type).toBe('turn-end');
      expect(spawnSync('cat', [`${work}/ran.txt`], { encoding: 'utf8' }).stdout).toBe('ran\n');
      expect(result.code).toBe(1);
    });
  },
);
