// The render mechanics while a reply streams, on the settings the terminal gets (mountTui, not
// Ink's debug mode): a fake TTY counts frames (Ink brackets each in a synchronized-update
// sequence) and bytes. A model sends ~200 deltas a second; the screen must not follow each one.
import { EventEmitter } from 'node:events';
import type { Instance } from 'ink';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionBinding, TuiHost } from './host.js';
import { RecordedSession } from './test-support/recorded-session.js';

const FRAME_START = '\u001b[?2026h';

class FakeTty extends EventEmitter {
  readonly isTTY = true;
  columns = 100;
  rows = 30;
  output = '';
  bytes = 0;
  write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    this.output += text;
    this.bytes += Buffer.byteLength(text);
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }
  frames(): number {
    return this.output.split(FRAME_START).length - 1;
  }
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}

let mountTui: typeof import('./start.js').mountTui;
let STREAM_FRAME_MS: number;
beforeAll(async () => {
  // Ink draws only a final frame when it believes it runs in CI; it reads the variable on import.
  vi.stubEnv('CI', '0');
  vi.stubEnv('CONTINUOUS_INTEGRATION', '0');
  ({ mountTui } = await import('./start.js'));
  ({ STREAM_FRAME_MS } = await import('./ui-store.js'));
});

let instance: Instance | undefined;
afterEach(() => {
  instance?.unmount();
  instance = undefined;
});

function host(session: RecordedSession): TuiHost {
  const binding: SessionBinding = {
    session,
    info: {
      sessionId: 's-1',
      provider: 'ollama',
      model: 'qwen3-coder',
      sandbox: 'read-only',
      approval: 'never',
      cwd: '/w',
    },
  };
  const unused = () => Promise.reject(new Error('not in this test'));
  return {
    connect: async () => binding,
    listModels: unused,
    switchModel: unused,
    switchProfile: unused,
    newSession: unused,
    listSessions: unused,
    resumeSession: unused,
    debugConfig: unused,
    gitDiff: unused,
    initAgentsMd: unused,
    listFiles: async () => [],
    mcpStatus: unused,
    review: unused,
  };
}

async function until(predicate: () => boolean, what: string): Promise<void> {
  await vi.waitFor(() => expect(predicate(), what).toBe(true), { timeout: 5000, interval: 10 });
}

/** Lines of plain words, each ending with its last word (so a finished line is never drawn live). */
function replyLines(count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `line ${i} of the answer explains step ${i} in plain words here`,
  );
}

/** Streams `lines` as word deltas, `perTick` deltas every millisecond tick, like a fast local model. */
async function stream(session: RecordedSession, lines: string[], perTick: number): Promise<number> {
  const deltas = lines.flatMap((line) => {
    const words = line.split(' ');
    return words.map((word, i) => (i === words.length - 1 ? `${word}\n` : `${word} `));
  });
  const started = performance.now();
  for (let i = 0; i < deltas.length; i += perTick) {
    for (const text of deltas.slice(i, i + perTick)) session.emit({ type: 'text-delta', turnId: 't1', text });
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return performance.now() - started;
}

/** The TUI on a fake terminal, bound to a recorded session, once its status line shows the model. */
async function mountConnected(): Promise<{ session: RecordedSession; stdout: FakeTty }> {
  const session = new RecordedSession('s-1');
  const stdout = new FakeTty();
  instance = mountTui(
    {
      host: host(session),
      version: '0.1.0',
      cwd: '/w',
      color: true,
      stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
      stderr: new FakeTty() as unknown as NodeJS.WriteStream,
    },
    { patchConsole: false },
  );
  await until(() => stdout.output.includes('qwen3-coder'), 'connected');
  return { session, stdout };
}

describe('render mechanics while a reply streams', () => {
  it('draws frames at the frame rate, not once per delta, and writes each finished line once', async () => {
    const { session, stdout } = await mountConnected();
    session.emit({ type: 'turn-begin', turnId: 't1', prompt: 'explain' });
    await until(() => stdout.output.includes('Waiting for the model'), 'turn started');

    const lines = replyLines(60);
    const framesBefore = stdout.frames();
    const bytesBefore = stdout.bytes;
    const elapsedMs = await stream(session, lines, 2);
    const text = `${lines.join('\n')}\n`;
    session.emit({ type: 'message', turnId: 't1', text });
    await until(() => stdout.output.includes(lines.at(-1)!), 'the last line');
    const deltas = lines.length * lines[0]!.split(' ').length;
    const frames = stdout.frames() - framesBefore;
    const bytes = stdout.bytes - bytesBefore;

    // Streamed changes at most once per frame, plus the spinner's clock, plus slack for timers
    // that fire late on a busy machine. The old path drew one frame per delta (~700 here).
    const frameBudget = Math.ceil(elapsedMs / STREAM_FRAME_MS) * 2 + 20;
    expect(frames).toBeLessThanOrEqual(frameBudget);
    expect(frames).toBeLessThan(deltas / 4);
    // A finished line is written to the terminal once, into the scrollback; the old path redrew
    // it with the streamed tail each frame until it scrolled out of the window.
    for (const line of [lines[0]!, lines[30]!, lines.at(-1)!]) {
      expect(stdout.output.split(line).length - 1, line).toBe(1);
    }
    // Bytes: the text itself plus a bounded redraw of the live area per frame.
    expect(bytes).toBeLessThan(text.length * 2 + frames * 1500);
  });

  it('writes a printed line once, also when the spinner and a resize redraw the screen before the next change', async () => {
    // Ink writes whatever its scrollback box holds at each render; the bundled Ink writes it only
    // in the commit that changed it (scripts/ink-static-once.mjs). Frames drawn by the spinner's
    // clock or a resize in between must leave the printed cells out.
    const { session, stdout } = await mountConnected();
    session.emit({ type: 'turn-begin', turnId: 't1', prompt: 'explain' });
    const lines = replyLines(3);
    for (const line of lines) session.emit({ type: 'text-delta', turnId: 't1', text: `${line}\n` });
    await until(() => stdout.output.includes(lines[2]!), 'the lines printed');
    const framesAfterPrint = stdout.frames();
    await until(() => stdout.frames() >= framesAfterPrint + 3, 'the spinner drew frames');
    stdout.columns = 90;
    stdout.emit('resize');
    await until(() => stdout.frames() >= framesAfterPrint + 5, 'frames after the resize');
    for (const line of lines) expect(stdout.output.split(line).length - 1, line).toBe(1);
    // The next change prints what came since, once.
    session.emit({ type: 'text-delta', turnId: 't1', text: 'one more line\n' });
    await until(() => stdout.output.includes('one more line'), 'the next line');
    const framesAfterNext = stdout.frames();
    await until(() => stdout.frames() >= framesAfterNext + 2, 'the spinner drew frames again');
    for (const line of [...lines, 'one more line'])
      expect(stdout.output.split(line).length - 1, line).toBe(1);
  });
});
