// The interactive UI as people use it: the built CLI in a real terminal (tmux on a private
// socket), talking to the scripted model server over HTTP. Keys go in with send-keys; the screen
// comes back with capture-pane and is polled until the expected text appears (bounded waits).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama } from '../kit/fake-ollama-server.js';
import { OSSA_BIN, runOssa } from '../kit/run-cli.js';
import { type ScriptedModelServer, startScriptedModelServer } from '../kit/scripted-model-server.js';
import { hasTmux, killTmuxServer, Terminal, type Workspace, workspace } from '../kit/tmux-terminal.js';

const terminals: Terminal[] = [];
const roots: string[] = [];
let server: ScriptedModelServer;

function open(
  ws: Workspace,
  args: string[],
  size: { width?: number; height?: number; env?: Record<string, string> } = {},
) {
  const terminal = new Terminal(args, {
    cwd: ws.cwd,
    width: size.width,
    height: size.height,
    env: { ...ws.env, ...size.env },
  });
  terminals.push(terminal);
  roots.push(join(ws.home, '..'));
  return terminal;
}

describe.skipIf(!hasTmux)('ossa interactive in a terminal', () => {
  beforeAll(async () => {
    if (!existsSync(OSSA_BIN)) throw new Error('Build first: node scripts/build.mjs');
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

  it('runs a task: asked-for command, approved patch, plan and final answer', async () => {
    server.setTurns([
      {
        reasoning: 'List the workspace, then write the file.',
        text: 'Checking the workspace first.',
        toolCalls: [
          {
            name: 'shell',
            arguments: { command: ['bash', '-c', 'echo from-shell > shell-out.txt && cat shell-out.txt'] },
          },
        ],
      },
      {
        toolCalls: [
          {
            name: 'update_plan',
            arguments: {
              plan: [
                { step: 'look around', status: 'completed' },
                { step: 'write hello.txt', status: 'in_progress' },
              ],
            },
          },
        ],
      },
      {
        toolCalls: [
          {
            name: 'apply_patch',
            arguments: { input: '*** Begin Patch\n*** Add File: hello.txt\n+hello world\n*** End Patch' },
          },
        ],
      },
      { text: 'Done: **hello.txt** holds the greeting.\n\n```sh\ncat hello.txt\n```' },
    ]);
    const ws = workspace(server);
    const t = open(ws, ['-a', 'untrusted', '-s', 'danger-full-access']);
    await t.waitFor('scripted-model · scripted · danger-full-access / untrusted · ctx –/31K');
    t.type('create hello.txt');
    t.keys('Enter');

    await t.waitFor('Allow the model to run `echo from-shell > shell-out.txt && cat shell-out.txt`?');
    let screen = t.screen();
    expect(screen).toContain('› create hello.txt');
    expect(screen).toContain('✻ thinking: List the workspace, then write the file.');
    expect(screen).toContain('Checking the workspace first.');
    expect(screen).toContain('⚠ The model wants to run a command');
    expect(screen).toContain('$ echo from-shell > shell-out.txt && cat shell-out.txt');
    t.type('y');

    await t.waitFor('Allow the model to apply this patch to hello.txt?');
    screen = t.screen();
    expect(screen).toMatch(/✔ \$ echo from-shell .* exit 0 · \d/);
    expect(screen).toContain('│ from-shell');
    expect(screen).toContain('▶ write hello.txt');
    expect(screen).toContain('+hello world');
    t.type('y');

    await t.waitFor('Done: hello.txt holds the greeting.');
    // The turn is over when the composer asks for the next task again.
    screen = await t.waitFor('Ask ossa to do something');
    expect(screen).toContain('✎ applied the approved patch: hello.txt');
    expect(screen).toContain('    cat hello.txt');
    // A rate shows only when the server reports one or enough tokens streamed to measure it
    // (session/reply-rate.ts); this short scripted reply is too short for either.
    expect(t.visible()).toMatch(/ctx [\d.]+K?\/31K \(\d+%\) · (?:[\d.]+ tok\/s )?TTFT/);
    expect(readFileSync(join(ws.cwd, 'hello.txt'), 'utf8')).toBe('hello world\n');
    expect(readFileSync(join(ws.cwd, 'shell-out.txt'), 'utf8')).toBe('from-shell\n');
  });

  it('survives a tool call nested 5,000 levels deep: the model gets a failure, the UI carries on', async () => {
    const deep = `{"command":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    server.setTurns([
      { toolCalls: [{ name: 'shell', arguments: deep }] },
      { toolCalls: [{ name: 'update_plan', arguments: `{"plan":${'['.repeat(5000)}` }] },
      { text: 'Recovered after the deep calls.' },
    ]);
    const ws = workspace(server);
    const t = open(ws, ['-s', 'danger-full-access', '-a', 'never']);
    await t.waitFor('scripted-model · scripted · danger-full-access / never · ctx –/31K');
    t.type('go deep');
    t.keys('Enter');
    await t.waitFor('Recovered after the deep calls.');
    const screen = await t.waitFor('Ask ossa to do something');
    expect(screen).toContain('more than 64 levels deep');
    expect(screen).not.toMatch(/Maximum call stack|RangeError|\[exit \d+\]/);
  });

  it('Ctrl-C stops a command that ignores SIGTERM within a second, then a hung server', async () => {
    server.setTurns([
      {
        toolCalls: [
          { name: 'shell', arguments: { command: ['sh', '-c', 'trap "" TERM; touch started; sleep 30'] } },
        ],
      },
      { fault: 'stall' },
    ]);
    const ws = workspace(server);
    const t = open(ws, ['-s', 'danger-full-access', '-a', 'never']);
    await t.waitFor('scripted-model · scripted · danger-full-access / never · ctx –/31K');
    t.type('run it');
    t.keys('Enter');
    await t.waitFor('$ trap "" TERM; touch started; sleep 30');
    const deadline = Date.now() + 10_000;
    while (!existsSync(join(ws.cwd, 'started'))) {
      if (Date.now() > deadline) throw new Error(`the command did not start:\n${t.screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    let sent = performance.now();
    t.keys('C-c');
    await t.waitFor('⚠ Interrupted.', 1_000);
    expect(performance.now() - sent).toBeLessThan(1_000);

    t.type('again');
    t.keys('Enter');
    await t.waitFor('Esc to interrupt');
    await new Promise((resolve) => setTimeout(resolve, 300));
    sent = performance.now();
    t.keys('C-c');
    await t.waitFor(/⚠ Interrupted[\s\S]*⚠ Interrupted/, 1_000);
    expect(performance.now() - sent).toBeLessThan(1_000);
  });

  it('Ctrl-C at a question asked before the UI starts (create a bigger-window model?) quits', async () => {
    const ollama = await startFakeOllama({
      reply: 'ok',
      models: [{ name: 'gpt-oss:20b' }],
      defaultContext: 4096,
    });
    try {
      const ws = workspace(server);
      const t = open(ws, ['--oss', '--local-provider', 'ollama', '-m', 'gpt-oss:20b'], {
        env: { OSSA_OSS_BASE_URL: ollama.baseUrl },
      });
      await t.waitFor('[Y/n]');
      const sent = performance.now();
      t.keys('C-c');
      await t.waitFor(/\[exit \d+\]/, 1_000);
      expect(performance.now() - sent).toBeLessThan(1_000);
    } finally {
      await ollama.close();
    }
  });

  it('interrupts a streaming reply with Esc, then switches model with /model and shows /status', async () => {
    server.setTurns([
      { text: `${'A slow answer that keeps going. '.repeat(200)}`, delayMs: 25 },
      { text: 'Hello from the other model.' },
    ]);
    const ws = workspace(server);
    const t = open(ws, ['-a', 'on-request', '-s', 'read-only']);
    await t.waitFor('scripted-model · scripted');
    t.type('tell me a story');
    t.keys('Enter');
    await t.waitFor('A slow answer that keeps going. A slow answer');
    expect(t.visible()).toContain('Esc to interrupt');
    t.keys('Escape');
    await t.waitFor('⚠ Interrupted. Tell the model what to do differently');
    const storyRequest = server.requests.find((r) => r.rawBody.includes('tell me a story'));
    expect(await storyRequest?.closed).toBe('client-closed');
    expect(t.visible()).not.toContain('Esc to interrupt');

    t.type('/model');
    t.keys('Enter');
    await t.waitFor('❯ scripted-model  (current)');
    t.keys('Down');
    await t.waitFor('❯ other-model');
    t.keys('Enter');
    await t.waitFor('── model: other-model (from the next turn, same conversation) ──');
    await t.waitFor('other-model · scripted', 5000, () => t.visible());

    t.type('and now?');
    t.keys('Enter');
    await t.waitFor('Hello from the other model.');
    const last = server.requests.at(-1)?.body as { model?: string; input?: unknown[] };
    expect(last.model).toBe('other-model');
    expect(JSON.stringify(last.input)).toContain('tell me a story');

    t.type('/status');
    t.keys('Enter');
    const screen = await t.waitFor(/Status\n.*\n.*\n\s+model\s+other-model/);
    expect(screen).toMatch(/sandbox\s+read-only/);
    expect(screen).toMatch(/approval\s+on-request/);
    expect(screen).toContain(`provider    scripted (${server.url})`);
  });

  it('collapses a large bracketed paste, keeps 80×24 tidy without colour, and quits with Ctrl-C twice', async () => {
    server.setTurns([{ text: 'Got your 40 lines.' }]);
    const ws = workspace(server);
    const t = open(ws, [], { width: 80, height: 24, env: { NO_COLOR: '1' } });
    await t.waitFor('scripted-model · scripted', 15_000, () => t.visible());
    t.type('summarise: ');
    t.paste(Array.from({ length: 40 }, (_, i) => `log line ${i}`).join('\n'));
    await t.waitFor('› summarise: [pasted 40 lines]');
    t.keys('Enter');
    await t.waitFor('Got your 40 lines.');
    const request = server.requests.at(-1)?.rawBody ?? '';
    expect(request).toContain('log line 0\\nlog line 1');
    expect(request).toContain('log line 39');

    const visible = t.visible().split('\n');
    expect(visible.every((line) => line.length <= 80)).toBe(true);
    // NO_COLOR: no foreground or background colour codes, only bold / dim / inverse.
    const colored = t.screen(true);
    expect(colored).not.toMatch(/\u001b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|4[0-7]|38;5;\d+|38;2;[\d;]+)m/);

    t.keys('C-c');
    await t.waitFor('Press Ctrl-C again to quit.');
    t.keys('C-c');
    const end = await t.waitFor('[exit 0]');
    expect(end).toMatch(/Session [0-9a-f-]{36} saved/);
    expect(t.visible()).not.toContain('Ask ossa to do something');
  });

  it('reviews with /review: findings in a panel, then the conversation continues in the review session', async () => {
    const ws = workspace(server);
    writeFileSync(join(ws.cwd, 'calc.js'), 'export const add = (a, b) => a - b;\n');
    const review = {
      findings: [
        {
          title: '[P1] add subtracts',
          body: 'a - b should be a + b',
          confidence_score: 0.9,
          priority: 1,
          code_location: { absolute_file_path: join(ws.cwd, 'calc.js'), line_range: { start: 1, end: 1 } },
        },
      ],
      overall_correctness: 'patch is incorrect',
      overall_explanation: 'add subtracts.',
      overall_confidence_score: 0.9,
    };
    server.setTurns([{ text: JSON.stringify(review) }, { text: 'Line 1 of calc.js uses a minus.' }]);
    const before = server.requests.length;
    const t = open(ws, []);
    await t.waitFor('scripted-model · scripted');
    t.type('/review --uncommitted');
    t.keys('Enter');
    await t.waitFor('[P1] add subtracts — calc.js:1');
    await t.waitFor('review session');
    expect(t.screen()).toContain('Verdict: patch is incorrect (confidence 0.90)');
    const reviewRequest = server.requests.slice(before).find((r) => r.wire !== undefined)!;
    expect(JSON.stringify(reviewRequest.body)).toContain('+export const add = (a, b) => a - b;');
    expect(JSON.stringify(reviewRequest.body)).toContain('Sandbox: read-only');
    t.type('where is it?');
    t.keys('Enter');
    await t.waitFor('Line 1 of calc.js uses a minus.');
    const followUp = JSON.stringify(server.requests.filter((r) => r.wire !== undefined).at(-1)!.body);
    expect(followUp).toContain('add subtracts');
    expect(followUp).toContain('where is it?');
  });

  it('Esc stops a running /review within a second; the UI goes on', async () => {
    const ws = workspace(server);
    writeFileSync(join(ws.cwd, 'calc.js'), 'export const add = (a, b) => a - b;\n');
    // The model never answers the review request; the next prompt gets an answer.
    server.setTurns([{ fault: 'stall' }, { text: 'Still here.' }]);
    const t = open(ws, []);
    await t.waitFor('scripted-model · scripted');
    t.type('/review --uncommitted');
    t.keys('Enter');
    await t.waitFor('Esc stops it');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sent = performance.now();
    t.keys('Escape');
    await t.waitFor('The review stopped.', 2_000);
    expect(performance.now() - sent).toBeLessThan(1_000);
    expect(t.screen()).not.toMatch(/Error|interrupted by the user/i);
    t.type('are you there?');
    t.keys('Enter');
    await t.waitFor('Still here.');
  });

  it('resumes an earlier conversation with /resume and continues it', async () => {
    server.setTurns([{ text: 'First answer.' }, { text: 'Second answer, with history.' }]);
    const ws = workspace(server);
    const first = open(ws, [], { env: { NO_COLOR: '1' } });
    await first.waitFor('scripted-model · scripted', 15_000, () => first.visible());
    first.type('remember the word pelican');
    first.keys('Enter');
    await first.waitFor('First answer.');
    first.keys('C-d');
    await first.waitFor('[exit 0]');

    const second = open(ws, []);
    await second.waitFor('scripted-model · scripted', 15_000, () => second.visible());
    second.type('/resume');
    second.keys('Enter');
    await second.waitFor(/❯ \d{4}-\d\d-\d\d \d\d:\d\d {2}scripted-model · remember the word pelican/);
    second.keys('Enter');
    await second.waitFor(
      /── resumed session [0-9a-f]{8} ──\n+› remember the word pelican\n+ {2}First answer\./,
    );
    second.type('what was the word?');
    second.keys('Enter');
    await second.waitFor('Second answer, with history.');
    const input = JSON.stringify((server.requests.at(-1)?.body as { input?: unknown } | undefined)?.input);
    expect(input).toContain('remember the word pelican');
    expect(input).toContain('First answer.');
  });

  it('switches profile with /profile and shows /debug-config', async () => {
    server.setTurns([{ text: 'Answered under the fast profile.' }]);
    const ws = workspace(server);
    writeFileSync(join(ws.home, 'fast.config.toml'), 'model = "other-model"\napproval_policy = "never"\n');
    const t = open(ws, ['-s', 'read-only']);
    await t.waitFor('scripted-model · scripted', 15_000, () => t.visible());
    t.type('/profile fast');
    t.keys('Enter');
    await t.waitFor('── profile: fast · model other-model ──');
    await t.waitFor('other-model · scripted · profile fast · read-only / never', 5000, () => t.visible());
    t.type('hello');
    t.keys('Enter');
    await t.waitFor('Answered under the fast profile.');
    expect((server.requests.at(-1)?.body as { model?: string } | undefined)?.model).toBe('other-model');
    t.type('/debug-config');
    t.keys('Enter');
    const screen = await t.waitFor(/Configuration\n\s+provider\s+scripted/);
    expect(screen).toMatch(/model\s+other-model\s+\(profile/);
  });

  it('leaves no session file and prints no id when nothing was said, even after a profile switch', async () => {
    const ws = workspace(server);
    writeFileSync(join(ws.home, 'fast.config.toml'), 'model = "other-model"\n');
    const t = open(ws, []);
    await t.waitFor('scripted-model · scripted', 15_000, () => t.visible());
    t.type('/profile fast');
    t.keys('Enter');
    await t.waitFor('other-model · scripted · profile fast', 5000, () => t.visible());
    t.keys('C-d');
    const end = await t.waitFor('[exit 0]');
    expect(end).not.toContain('saved. Continue it with /resume');
    expect(existsSync(join(ws.home, 'sessions'))).toBe(false);
  });

  it('stops with the config error and exit code 2 when no model is configured', async () => {
    const ws = workspace(server);
    writeFileSync(
      join(ws.home, 'config.toml'),
      readFileSync(join(ws.home, 'config.toml'), 'utf8').replace(/^model = .*$/m, ''),
    );
    const t = open(ws, []);
    const screen = await t.waitFor('[exit 2]');
    expect(screen).toContain('No model configured for provider `scripted`');
  });
});

describe('ossa interactive without a terminal', () => {
  it('refuses with exit code 2 and points at ossa exec', async () => {
    const result = await runOssa([], { input: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs a terminal');
    expect(result.stderr).toContain('ossa exec');
  });
});
