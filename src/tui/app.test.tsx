import { readFileSync } from 'node:fs';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent } from '../protocol/events.js';
import type { ReviewDocument } from '../protocol/review-document.js';
import { App } from './app.js';
import type { SessionBinding, SessionInfo, TuiHost } from './host.js';
import { RecordedSession } from './test-support/recorded-session.js';

const info: SessionInfo = {
  sessionId: 's-1',
  provider: 'ollama',
  model: 'qwen3-coder',
  sandbox: 'workspace-write',
  approval: 'untrusted',
  contextWindow: 32_768,
  cwd: '/src/app',
  baseUrl: 'http://127.0.0.1:11434/v1',
};

function fixture(name: string): AgentEvent[] {
  return readFileSync(new URL(`./fixtures/${name}.jsonl`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as AgentEvent);
}

interface Harness {
  session: RecordedSession;
  host: TuiHost & { calls: string[] };
  sessions: RecordedSession[];
}

function harness(options: { connect?: Promise<void> } = {}): Harness {
  const sessions = [new RecordedSession('s-1')];
  const calls: string[] = [];
  const binding = (session: RecordedSession, extra: Partial<SessionInfo> = {}): SessionBinding => ({
    session,
    info: { ...info, sessionId: session.id, ...extra },
  });
  const next = (extra: Partial<SessionInfo>) => {
    const session = new RecordedSession(`s-${sessions.length + 1}`);
    sessions.push(session);
    return binding(session, extra);
  };
  const host: TuiHost & { calls: string[] } = {
    calls,
    connect: async () => {
      await options.connect;
      return binding(sessions[0]!);
    },
    listModels: async () => ['llama3.2', 'qwen3-coder', 'gpt-oss:20b'],
    switchModel: async (model) => {
      calls.push(`model ${model}`);
      return next({ model });
    },
    switchProfile: async (name) => {
      calls.push(`profile ${name}`);
      return next({ profile: name });
    },
    newSession: async () => next({}),
    listSessions: async () => [{ id: 'old-1', label: '2025-01-01 qwen3 · fix the build' }],
    resumeSession: async (id) => {
      calls.push(`resume ${id}`);
      return { ...next({}), replay: [{ role: 'user', text: 'fix the build' }] };
    },
    debugConfig: async () => 'model = "qwen3-coder" (user)',
    mcpStatus: async () => 'No MCP servers are configured.',
    gitDiff: async () => 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n',
    initAgentsMd: async () => 'Created AGENTS.md.',
    listFiles: async () => ['src/app.ts', 'src/app.test.ts', 'README.md'],
    review: async (args, onNotice) => {
      calls.push(`review ${args}`);
      onNotice('no scope flag given: reviewing the uncommitted changes');
      const document: ReviewDocument = {
        findings: [
          {
            title: '[P1] Wrong sign',
            body: 'a - 1 should be a + 1',
            confidence_score: 0.9,
            priority: 1,
            code_location: { absolute_file_path: '/src/app/x.ts', line_range: { start: 2, end: 2 } },
            location_check: { status: 'in-diff', path: 'x.ts' },
          },
        ],
        overall_correctness: 'patch is incorrect',
        overall_explanation: 'One sign error.',
        overall_confidence_score: 0.8,
        ossa: {
          description: 'the uncommitted changes',
          root: '/src/app',
          complete: true,
          window_tokens: 32000,
          parts: [],
          not_sent: [],
        },
      };
      return { document, binding: next({}) };
    },
  };
  return { session: sessions[0]!, host, sessions };
}

let instances: ReturnType<typeof render>[] = [];
afterEach(() => {
  for (const instance of instances) instance.unmount();
  instances = [];
});

let exits = 0;

function mount(h: Harness, initialPrompt?: string) {
  exits = 0;
  const instance = render(
    <App
      host={h.host}
      version="0.1.0"
      cwd="/src/app"
      color={false}
      initialPrompt={initialPrompt}
      now={() => 0}
      onExit={() => {
        exits += 1;
      }}
    />,
  );
  instances.push(instance);
  const frame = () => instance.lastFrame() ?? '';
  const see = (text: string) => vi.waitFor(() => expect(frame()).toContain(text), { timeout: 5000 });
  return { ...instance, frame, see };
}

const ENTER = '\r';
const ESC = '\u001b';

describe('App', () => {
  it('draws the composer before the session is connected and sends what was typed meanwhile', async () => {
    let release = () => {};
    const h = harness({ connect: new Promise<void>((resolve) => (release = resolve)) });
    const app = mount(h);
    await app.see('Ask ossa to do something');
    expect(app.frame()).toContain('ossa 0.1.0');
    expect(app.frame()).toContain('connecting');
    app.stdin.write('hello');
    app.stdin.write(ENTER);
    await app.see('queued: hello');
    release();
    await vi.waitFor(() => expect(h.session.ops).toEqual([{ type: 'user-input', text: 'hello' }]));
    expect(h.session.started).toBe(1);
    await app.see('qwen3-coder · ollama');
  });

  it('renders a recorded task: command with its output tail, approvals, patch, plan, markdown answer', async () => {
    const h = harness();
    const app = mount(h);
    await app.see('workspace-write / untrusted');
    h.session.emit(...fixture('task-with-approvals'));
    await app.see('Created `hello.txt`.');
    const frame = app.frame();
    expect(frame).toContain('› Add a greeting file and show the files');
    expect(frame).toContain('✻ thinking: The user wants a file. (+1 lines, Ctrl-O)');
    expect(frame).toContain('$ ls -1');
    expect(frame).toContain('exit 0 · 6 ms');
    expect(frame).toContain('│ … 2 earlier lines (Ctrl-O shows all)');
    expect(frame).toContain('│ src');
    expect(frame).toContain('⚠ The model wants to change files');
    expect(frame).toContain('+hello');
    expect(frame).toContain('✔ approved for this session');
    expect(frame).toContain('✔ list files');
    expect(frame).toContain('▶ report');
    expect(frame).toContain('`hello.txt`'); // inline code marked without colour (NO_COLOR)
    expect(frame).toContain('cat hello.txt # prints hello');
    expect(frame).toContain('ctx 1.4K/32K (4%)');
    expect(frame).toContain('45.0 tok/s TTFT 300 ms');
  });

  it('asks for approval and answers with y, a or n', async () => {
    const h = harness();
    const app = mount(h);
    await app.see('qwen3-coder');
    const events = fixture('task-with-approvals');
    h.session.emit(...events.slice(0, 12));
    await app.see('Allow the model to run `ls -1`?');
    app.stdin.write('x'); // ignored while asking
    app.stdin.write('y');
    await vi.waitFor(() =>
      expect(h.session.ops).toEqual([
        { type: 'approval', callId: 'call_1', decision: { decision: 'approved' } },
      ]),
    );
    await app.see('Type to queue a follow-up'); // the composer stayed empty: `x` went nowhere
    h.session.emit(...events.slice(12, 17));
    await app.see('Allow the model to apply this patch to hello.txt?');
    app.stdin.write('a');
    await vi.waitFor(() =>
      expect(h.session.ops.at(-1)).toEqual({
        type: 'approval',
        callId: 'call_2',
        decision: { decision: 'approved-for-session' },
      }),
    );
    h.session.emit(events[17]!);
    h.session.emit({
      ...events[11]!,
      request: { ...(events[11] as { request: object }).request, callId: 'call_x' },
    } as AgentEvent);
    await app.see('Allow the model to run');
    app.stdin.write('n');
    await vi.waitFor(() =>
      expect(h.session.ops.at(-1)).toMatchObject({ callId: 'call_x', decision: { decision: 'denied' } }),
    );
    expect(app.frame()).not.toContain('x'.repeat(2));
  });

  it('interrupts a running turn with Esc and with Ctrl-C, and keeps the partial reply', async () => {
    const h = harness();
    const app = mount(h);
    await app.see('qwen3-coder');
    const events = fixture('interrupted-stream');
    h.session.emit(...events.slice(0, 5));
    await app.see('Once upon a time, a model wrote');
    expect(app.frame()).toContain('Esc to interrupt');
    app.stdin.write(ESC);
    await vi.waitFor(() => expect(h.session.ops).toEqual([{ type: 'interrupt' }]));
    await app.see('Interrupting');
    app.stdin.write('\u0003');
    await vi.waitFor(() => expect(h.session.ops).toHaveLength(2));
    h.session.emit(events[5]!);
    await app.see('Interrupted. Tell the model');
    expect(app.frame()).not.toContain('Esc to interrupt');
  });

  it('exits on a second Ctrl-C with an empty composer, and clears a non-empty one first', async () => {
    const h = harness();
    const app = mount(h);
    await app.see('qwen3-coder');
    app.stdin.write('draft');
    await app.see('› draft');
    app.stdin.write('\u0003');
    await app.see('Ask ossa to do something');
    app.stdin.write('\u0003');
    await app.see('Press Ctrl-C again to quit.');
    expect(exits).toBe(0);
    app.stdin.write('\u0003');
    await vi.waitFor(() => expect(exits).toBe(1));
  });

  it('exits on Ctrl-D with an empty composer', async () => {
    const h = harness();
    const app = mount(h);
    await app.see('qwen3-coder');
    app.stdin.write('x');
    app.stdin.write('\u0004'); // deletes forward in a non-empty composer
    app.stdin.write('\u0015');
    app.stdin.write('\u0004');
    await vi.waitFor(() => expect(exits).toBe(1));
  });

  it('edits multi-line input (trailing backslash, Ctrl-J) and recalls history with ↑', async () => {
    const h = harness();
    const app = mount(h);
    await app.see('qwen3-coder');
    app.stdin.write('first line\\');
    app.stdin.write(ENTER);
    app.stdin.write('second');
    app.stdin.write('\n');
    app.stdin.write('third');
    await app.see('third');
    app.stdin.write(ENTER);
    await vi.waitFor(() =>
      expect(h.session.ops).toEqual([{ type: 'user-input', text: 'first line\nsecond\nthird' }]),
    );
    app.stdin.write('\u001b[A');
    await app.see('› first line');
    expect(app.frame()).toContain('  second');
  });

  it('collapses a bracketed paste and submits the full text', async () => {
    const h = harness();
    const app = mount(h);
    await app.see('qwen3-coder');
    const pasted = Array.from({ length: 12 }, (_, i) => `row ${i}`).join('\r');
    app.stdin.write('look at \u001b[200~');
    app.stdin.write(pasted);
    app.stdin.write('\u001b[201~');
    await app.see('look at [pasted 12 lines]');
    app.stdin.write(ENTER);
    await vi.waitFor(() =>
      expect(h.session.ops).toEqual([{ type: 'user-input', text: `look at ${pasted.replace(/\r/g, '\n')}` }]),
    );
    h.session.emit({
      type: 'turn-begin',
      turnId: 'turn-1',
      prompt: `look at ${pasted.replace(/\r/g, '\n')}`,
    });
    await app.see('› look at [pasted 12 lines]');
  });

  it('completes @paths and /commands', async () => {
    const h = harness();
    const app = mount(h);
    await app.see('qwen3-coder');
    app.stdin.write('explain @app');
    await app.see('@src/app.ts');
    app.stdin.write('\t');
    await app.see('› explain @src/app.ts');
    app.stdin.write(ENTER);
    await vi.waitFor(() =>
      expect(h.session.ops).toEqual([{ type: 'user-input', text: 'explain @src/app.ts ' }]),
    );
    app.stdin.write('/sta');
    await app.see('/status');
    app.stdin.write(ENTER);
    await app.see('session     s-1');
  });

  it('/model lists the provider models and switches for the next turn', async () => {
    const h = harness();
    const app = mount(h);
    await app.see('qwen3-coder');
    app.stdin.write('/model');
    app.stdin.write(ENTER);
    await app.see('Choose a model');
    expect(app.frame()).toContain('❯ qwen3-coder  (current)');
    app.stdin.write('\u001b[B');
    await app.see('❯ llama3.2');
    app.stdin.write(ENTER);
    await app.see('model: llama3.2 (from the next turn, same conversation)');
    expect(h.host.calls).toEqual(['model llama3.2']);
    expect(h.sessions[1]?.started).toBe(1);
    expect(app.frame()).toContain('llama3.2 · ollama');
    app.stdin.write('go');
    app.stdin.write(ENTER);
    await vi.waitFor(() => expect(h.sessions[1]?.ops).toEqual([{ type: 'user-input', text: 'go' }]));
    expect(h.session.ops).toEqual([]);
  });

  it('refuses to switch models while a turn runs', async () => {
    const h = harness();
    const app = mount(h);
    await app.see('qwen3-coder');
    h.session.emit({ type: 'turn-begin', turnId: 'turn-1', prompt: 'work' });
    app.stdin.write('/model llama3.2');
    app.stdin.write(ENTER);
    await app.see('/model waits until the current turn ends');
    expect(h.host.calls).toEqual([]);
  });

  it('runs /help, /status, /debug-config, /diff, /init, /profile, /new, /review and /resume', async () => {
    const h = harness();
    const app = mount(h);
    await app.see('qwen3-coder');
    const run = async (command: string, expected: string) => {
      app.stdin.write(command);
      app.stdin.write(ENTER);
      await app.see(expected);
    };
    await run('/help', '/debug-config');
    await run('/status', 'http://127.0.0.1:11434/v1');
    await run('/debug-config', 'model = "qwen3-coder" (user)');
    await run('/diff', '+new');
    await run('/init', 'Created AGENTS.md.');
    await run('/profile fast', 'profile: fast');
    await run('/new', 'new session');
    await run('/review', '[P1] Wrong sign — x.ts:2');
    await app.see('reviewing the uncommitted changes');
    await app.see('review session s-4');
    await run('/nope', 'Unknown command /nope');
    app.stdin.write('/resume');
    app.stdin.write(ENTER);
    await app.see('fix the build');
    app.stdin.write(ENTER);
    await app.see('resumed session');
    expect(h.host.calls).toEqual(['profile fast', 'review ', 'resume old-1']);
    expect(h.sessions.map((s) => s.started)).toEqual([1, 1, 1, 1, 1]);
  });

  it('prints the finished lines of a streaming reply once, as code, and keeps the line being written inside a 24-row window', async () => {
    const h = harness();
    const app = mount(h);
    await app.see('qwen3-coder');
    const before = app.frame().split('\n').length;
    const lines = Array.from({ length: 200 }, (_, i) => `let line${i} = ${i};`).join('\n');
    const longLine = `// ${'x'.repeat(5000)} tail-of-the-long-line`;
    h.session.emit(
      { type: 'turn-begin', turnId: 'turn-1', prompt: 'go' },
      { type: 'text-delta', turnId: 'turn-1', text: `Here:\n\n\`\`\`ts\n${lines}\n` },
      { type: 'text-delta', turnId: 'turn-1', text: longLine },
    );
    await app.see('tail-of-the-long-line');
    const frame = app.frame();
    for (const i of [0, 150, 199]) expect(frame.split(`let line${i} = ${i};`).length).toBe(2);
    expect(frame).not.toContain('```');
    // Scrollback before (without composer and status) + user message (2) + `Here:` with its gap
    // (2) + blank (1) + 200 code lines; the redrawn rest stays inside the window.
    const printedRows = before - 4 + 2 + 2 + 1 + 200;
    expect(frame.split('\n').length - printedRows).toBeLessThan(24);
  });

  it('sends the initial prompt from the command line once connected', async () => {
    const h = harness();
    const app = mount(h, 'fix the tests');
    await vi.waitFor(() => expect(h.session.ops).toEqual([{ type: 'user-input', text: 'fix the tests' }]));
    await app.see('qwen3-coder');
  });
});
