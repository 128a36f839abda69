// The TUI and exec as a newcomer first uses them: a slash command as the command-line prompt,
// and the small texts that must say exactly what happens. A real terminal (tmux) where it is a
// screen matter, the real CLI's output and exit code otherwise.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama } from '../kit/fake-ollama-server.js';
import { runOssa } from '../kit/run-cli.js';
import { type ScriptedModelServer, startScriptedModelServer } from '../kit/scripted-model-server.js';
import { hasTmux, killTmuxServer, Terminal, type Workspace, workspace } from '../kit/tmux-terminal.js';

let server: ScriptedModelServer;
const terminals: Terminal[] = [];
const roots: string[] = [];

function track(ws: Workspace): Workspace {
  roots.push(join(ws.home, '..'));
  return ws;
}

function open(ws: Workspace, args: string[]): Terminal {
  const terminal = new Terminal(args, { cwd: ws.cwd, env: ws.env, width: 100, height: 30 });
  terminals.push(terminal);
  return terminal;
}

beforeAll(async () => {
  server = await startScriptedModelServer({ models: ['scripted-model', 'other-model'] });
});
afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.kill();
});
afterAll(async () => {
  await server.close();
  killTmuxServer();
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('a slash command as the command-line prompt', () => {
  it.skipIf(!hasTmux)(
    'ossa /debug-config runs the command in the UI and sends nothing to the model',
    async () => {
      server.setTurns([]);
      const before = server.requests.length;
      const ws = track(workspace(server));
      const t = open(ws, ['/debug-config']);
      await t.waitFor(/Configuration\n\s+provider\s+scripted/);
      t.keys('C-d');
      await t.waitFor('[exit 0]');
      const sent = server.requests.slice(before).filter((request) => request.method === 'POST');
      expect(sent).toEqual([]);
    },
  );

  it('an unknown one is an error before anything starts, with the close name and the escape', async () => {
    const ws = track(workspace(server));
    const result = await runOssa(['/debug-confg'], { cwd: ws.cwd, env: ws.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown command /debug-confg (did you mean /debug-config?)');
    expect(result.stderr).toContain('//debug-confg');
  });

  it('ossa exec refuses a slash command and says where it runs', async () => {
    const ws = track(workspace(server));
    const result = await runOssa(['exec', '/debug-config'], { cwd: ws.cwd, env: ws.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('`ossa /debug-config`');
    expect(result.stderr).toContain('`ossa debug config`');
  });

  it('ossa exec //text sends the text with one slash', async () => {
    server.setTurns([{ text: 'Sent literally.' }]);
    const ws = track(workspace(server));
    const result = await runOssa(['exec', '//usr is a folder?'], { cwd: ws.cwd, env: ws.env });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.stringify(server.requests.at(-1)?.body)).toContain('/usr is a folder?');
    expect(JSON.stringify(server.requests.at(-1)?.body)).not.toContain('//usr');
  });
});

describe('a mistyped model on a terminal', () => {
  it.skipIf(!hasTmux)(
    'asks before downloading, names the likely model, and Enter alone says no',
    async () => {
      const ollama = await startFakeOllama({
        models: [{ name: 'gpt-oss:20b', numCtx: 65536 }],
        registry: { 'gpt-oss:20bb': { layerBytes: 1000 } },
      });
      try {
        const ws = track(workspace(server));
        const t = open({ ...ws, env: { ...ws.env, OSSA_OSS_BASE_URL: ollama.baseUrl } }, [
          '--oss',
          '--local-provider',
          'ollama',
          '-m',
          'gpt-oss:20bb',
        ]);
        await t.waitFor('Did you mean gpt-oss:20b?');
        await t.waitFor('Download gpt-oss:20bb now? [y/N]');
        t.keys('Enter');
        const screen = await t.waitFor('[exit 1]');
        expect(screen).toContain('Not downloading gpt-oss:20bb. Run again with -m gpt-oss:20b.');
        expect(ollama.requests.some((request) => request.path === '/api/pull')).toBe(false);
      } finally {
        await ollama.close();
      }
    },
  );
});

describe('the approval prompt', () => {
  it.skipIf(!hasTmux)(
    'says exactly what `a` grants for a patch: later patches to this file only',
    async () => {
      server.setTurns([
        {
          toolCalls: [
            {
              name: 'apply_patch',
              arguments: { input: '*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch' },
            },
          ],
        },
        { text: 'Left it alone.' },
      ]);
      const ws = track(workspace(server));
      const t = open(ws, ['-a', 'untrusted', '-s', 'workspace-write', 'write hello.txt']);
      await t.waitFor('Allow the model to apply this patch to hello.txt?');
      const screen = await t.waitFor('a yes, and later patches to this file only, this session');
      expect(screen).not.toContain('all patches');
      t.keys('n');
      await t.waitFor('Left it alone.');
    },
  );
});

describe('a one-word prompt one edit from a subcommand', () => {
  it.skipIf(!hasTmux)(
    '`ossa doctr` asks first; Enter alone names `ossa doctor` and starts nothing',
    async () => {
      const before = server.requests.length;
      const ws = track(workspace(server));
      const t = open(ws, ['doctr']);
      await t.waitFor(
        '"doctr" is one letter from `ossa doctor`. Start a session with the task "doctr" anyway? [y/N]',
      );
      t.keys('Enter');
      const screen = await t.waitFor('[exit 2]');
      expect(screen).toContain('Did you mean `ossa doctor`? Nothing was started.');
      expect(server.requests.slice(before)).toEqual([]);
    },
  );
});

describe('TUI texts while a task runs', () => {
  it.skipIf(!hasTmux)(
    'a command awaiting approval has no spinner, and a declined one says "declined by you" only',
    async () => {
      server.setTurns([
        { toolCalls: [{ name: 'shell', arguments: { command: ['touch', 'declined.txt'] } }] },
        { text: 'Fine, I will not.' },
      ]);
      const ws = track(workspace(server));
      const t = open(ws, ['-a', 'untrusted', '-s', 'workspace-write', 'make a file']);
      await t.waitFor('Allow the model to run `touch declined.txt`?');
      const asking = await t.waitFor('Waiting for your answer', 5000, () => t.visible());
      expect(asking).toContain('? $ touch declined.txt  waiting for your answer');
      t.keys('n');
      const screen = await t.waitFor('Fine, I will not.');
      expect(screen).toContain('declined by you');
      expect(screen).not.toContain('the user declined');
      expect(screen).not.toContain('Do not retry');
    },
  );

  it.skipIf(!hasTmux)(
    'a long patch streaming in shows a live count, not "Waiting for the model"',
    async () => {
      const body = Array.from({ length: 400 }, (_, i) => `+line ${i} of a long generated file`).join('\n');
      server.setTurns([
        {
          delayMs: 4,
          toolCalls: [
            {
              name: 'apply_patch',
              arguments: { input: `*** Begin Patch\n*** Add File: big.txt\n${body}\n*** End Patch` },
            },
          ],
        },
        { text: 'Wrote big.txt.' },
      ]);
      const ws = track(workspace(server));
      const t = open(ws, ['-a', 'never', '-s', 'workspace-write', 'write a big file']);
      const during = await t.waitFor(/Receiving a patch from the model · [\d,]+ characters/, 15_000, () =>
        t.visible(),
      );
      expect(during).not.toContain('Waiting for the model');
      await t.waitFor('Wrote big.txt.', 30_000);
    },
  );
});

describe('TUI session commands', () => {
  it.skipIf(!hasTmux)('/resume replays the commands and patches between the messages', async () => {
    server.setTurns([
      { toolCalls: [{ name: 'shell', arguments: { command: ['echo', 'replayed-output'] } }] },
      {
        toolCalls: [
          {
            name: 'apply_patch',
            arguments: { input: '*** Begin Patch\n*** Add File: notes.txt\n+note\n*** End Patch' },
          },
        ],
      },
      { text: 'First answer.' },
    ]);
    const ws = track(workspace(server));
    const first = open(ws, ['-a', 'never', '-s', 'workspace-write', 'do two things']);
    await first.waitFor('First answer.');
    first.keys('C-d');
    const end = await first.waitFor('[exit 0]');
    const id = /Session ([0-9a-f-]{36}) saved/.exec(end)?.[1];
    expect(id).toBeDefined();
    const second = open(ws, []);
    await second.waitFor('scripted-model · scripted', 15_000, () => second.visible());
    second.type(`/resume ${id!.slice(0, 8)}`);
    second.keys('Enter');
    const screen = await second.waitFor(/── resumed session [0-9a-f]{8} ──[\s\S]*First answer\./);
    const resumed = screen.slice(screen.indexOf('── resumed session'));
    expect(resumed).toContain('› do two things');
    expect(resumed).toContain('$ echo replayed-output');
    expect(resumed).toContain('replayed-output');
    expect(resumed).toContain('notes.txt');
  });

  it.skipIf(!hasTmux)(
    '/profile nope names the slash command; /debug-config after /model says /model',
    async () => {
      const ws = track(workspace(server));
      const t = open(ws, []);
      await t.waitFor('scripted-model · scripted', 15_000, () => t.visible());
      t.type('/profile nope');
      t.keys('Enter');
      const refused = await t.waitFor('/profile nope: profile `nope` not found');
      expect(refused).not.toContain('-p: profile');
      t.type('/model other-model');
      t.keys('Enter');
      await t.waitFor('other-model · scripted', 5000, () => t.visible());
      t.type('/debug-config');
      t.keys('Enter');
      const screen = await t.waitFor(/model\s+other-model\s+\(\/model\)/);
      expect(screen).not.toMatch(/model\s+other-model\s+\(flag\)/);
    },
  );
});
