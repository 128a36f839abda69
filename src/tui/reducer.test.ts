import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../protocol/events.js';
import type { SessionInfo } from './host.js';
import { reducer } from './reducer.js';
import { type Cell, emptyUsage, initialState, type TuiState } from './state.js';

const info: SessionInfo = {
  sessionId: 'placeholder',
  provider: 'ollama',
  model: 'qwen3-coder',
  sandbox: 'workspace-write',
  approval: 'untrusted',
  contextWindow: 4096,
  cwd: '/src/app',
};

function fixture(name: string): AgentEvent[] {
  const text = readFileSync(new URL(`./fixtures/${name}.jsonl`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as AgentEvent);
}

function replay(events: AgentEvent[], state = bound()): TuiState {
  return events.reduce(
    (s, event, i) => reducer(s, { type: 'agent-event', event, at: 1000 + i * 100 }),
    state,
  );
}

function bound(): TuiState {
  return reducer(initialState({ version: '0.1.0', cwd: '/src/app' }), {
    type: 'session-bound',
    info,
    reason: 'connect',
  });
}

function kinds(cells: Cell[]): string[] {
  return cells.map((c) => c.kind);
}

describe('reducer over a recorded task (command, approvals, patch, plan, answer)', () => {
  const events = fixture('task-with-approvals');

  it('turns the whole turn into finished cells in order, with nothing left live', () => {
    const state = replay(events);
    expect(kinds(state.cells)).toEqual([
      'header',
      'notice', // session-start line
      'user',
      'reasoning',
      'assistant',
      'approval-request',
      'approval-decision',
      'tool',
      'approval-request',
      'approval-decision',
      'patch',
      'plan',
      'assistant',
    ]);
    expect(state.running).toBe(false);
    expect(state.live.tools).toEqual([]);
    expect(state.live.streamText).toBe('');
    expect(state.live.approval).toBeUndefined();
  });

  it('keeps the shell tail and outcome, and offers the full output to Ctrl-O', () => {
    const state = replay(events.slice(0, 14));
    const tool = state.cells.find((c) => c.kind === 'tool');
    expect(tool).toMatchObject({ title: 'ls -1', status: 'succeeded', outcome: 'exit 0', durationMs: 6 });
    expect(tool && tool.kind === 'tool' ? tool.output.split('\n') : []).toHaveLength(7);
    expect(state.expandable).toMatchObject({ title: 'output of ls -1', format: 'text' });
    const expanded = reducer(state, { type: 'expand' });
    expect(expanded.cells.at(-1)).toMatchObject({
      kind: 'panel',
      body: 'README.md\nl2\nl3\nl4\nl5\nl6\nsrc',
    });
    expect(expanded.expandable).toBeUndefined();
  });

  it('does not print a patch diff twice when the approval prompt already showed it', () => {
    const state = replay(events);
    const patch = state.cells.find((c) => c.kind === 'patch');
    expect(patch).toMatchObject({ files: ['hello.txt'], diff: '', success: true });
    expect(patch && patch.kind === 'patch' ? patch.summary : '').toContain('hello.txt');
    expect(state.diffShown).toEqual([]);
  });

  it('shows the patch diff when no approval was asked', () => {
    const withoutApproval = events.filter(
      (e) => !(e.type.startsWith('approval') && JSON.stringify(e).includes('call_2')),
    );
    const patch = replay(withoutApproval).cells.find((c) => c.kind === 'patch');
    expect(patch).toMatchObject({ diff: expect.stringContaining('+hello') });
  });

  it('streams text and reasoning live, then replaces them with the final message', () => {
    const midStream = replay(events.slice(0, 8));
    expect(midStream.live.streamText).toBe('Let me look at the files first.');
    expect(midStream.live.reasoningText).toBe('');
    expect(midStream.running).toBe(true);
    expect(midStream.live.turnStartedAt).toBe(1100);
    const midReasoning = replay(events.slice(0, 5));
    expect(midReasoning.live.reasoningText).toBe('The user wants a file.\nFirst list the directory.');
    const afterMessage = replay(events.slice(0, 9));
    expect(afterMessage.live.streamText).toBe('');
    expect(afterMessage.cells.at(-1)).toMatchObject({
      kind: 'assistant',
      text: 'Let me look at the files first.',
    });
  });

  it('holds the pending approval live until the decision arrives', () => {
    const asking = replay(events.slice(0, 12));
    expect(asking.live.approval).toMatchObject({ kind: 'command', callId: 'call_1' });
    expect(asking.live.tools.map((t) => t.title)).toEqual(['ls -1']);
    const decided = replay(events.slice(0, 13));
    expect(decided.live.approval).toBeUndefined();
  });

  it('tracks context use from the last request and speed of the last reply', () => {
    const state = replay(events);
    expect(state.status).toMatchObject({
      contextUsed: 1400 + 25,
      contextWindow: 4096,
      ttftMs: 300,
      tokensPerSecond: 45,
      sessionId: '6f1c2a9e-1111-4222-8333-944455556666',
      sessionTotal: {
        inputTokens: 3620,
        cachedInputTokens: 2200,
        outputTokens: 83,
        reasoningOutputTokens: 0,
      },
    });
  });

  it('shows no tool cell for update_plan, only the checklist', () => {
    const state = replay(events);
    expect(state.cells.filter((c) => c.kind === 'tool')).toHaveLength(1);
    expect(state.cells.find((c) => c.kind === 'plan')).toMatchObject({
      plan: [
        { step: 'list files', status: 'completed' },
        { step: 'add greeting', status: 'completed' },
        { step: 'report', status: 'in_progress' },
      ],
    });
  });
});

describe('reducer over an interrupted stream', () => {
  it('keeps the partial reply visible and says it was interrupted', () => {
    const state = replay(fixture('interrupted-stream'));
    expect(state.cells.slice(-2)).toMatchObject([
      { kind: 'assistant', text: 'Once upon a time, a model wrote …' },
      { kind: 'notice', tone: 'warning', text: expect.stringContaining('Interrupted') },
    ]);
    expect(state.running).toBe(false);
    expect(state.live.interrupting).toBe(false);
  });

  it('marks the live state as interrupting between the key press and the turn end', () => {
    const events = fixture('interrupted-stream');
    const streaming = replay(events.slice(0, 5));
    expect(reducer(streaming, { type: 'interrupt-requested' }).live.interrupting).toBe(true);
    // When nothing runs there is nothing to interrupt.
    expect(reducer(bound(), { type: 'interrupt-requested' }).live.interrupting).toBe(false);
  });
});

describe('reducer over retries, a reset stream, a repaired call and a failure', () => {
  const state = replay(fixture('retries-then-failure'));
  const notices = state.cells
    .filter((c) => c.kind === 'notice')
    .map((c) => (c.kind === 'notice' ? c.text : ''));

  it('says how long until each retry and which attempt it is', () => {
    expect(notices).toContain('server busy (HTTP 503), retrying in 2 s (1/4)');
    expect(notices).toContain('server busy (HTTP 503), retrying in 4 s (2/4)');
  });

  it('drops the partial output of a reset stream', () => {
    expect(state.cells.some((c) => c.kind === 'assistant')).toBe(false);
    expect(notices.some((t) => t.includes('stream dropped'))).toBe(true);
  });

  it('warns about running without a sandbox and reports the error with its fix once', () => {
    expect(notices.some((t) => t.startsWith('No sandbox'))).toBe(true);
    const errors = state.cells.filter((c) => c.kind === 'notice' && c.tone === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ text: expect.stringContaining('Start fewer parallel requests') });
  });

  it('notes the repaired tool call', () => {
    expect(notices).toContain('repaired a malformed shell call (xml-tool-call)');
  });
});

describe('reducer UI actions', () => {
  it('shows a submitted paste collapsed in the transcript and queues input during a turn', () => {
    let state = bound();
    state = reducer(state, { type: 'composer', edit: { op: 'paste', text: 'a\nb\nc\nd\ne\nf' } });
    expect(state.composer.value).toBe('[pasted 6 lines]');
    state = reducer(state, {
      type: 'submitted',
      text: 'a\nb\nc\nd\ne\nf',
      display: '[pasted 6 lines]',
      toSession: true,
    });
    expect(state.composer.value).toBe('');
    state = reducer(state, {
      type: 'agent-event',
      at: 0,
      event: { type: 'turn-begin', turnId: 'turn-1', prompt: 'a\nb\nc\nd\ne\nf' },
    });
    expect(state.cells.at(-1)).toMatchObject({ kind: 'user', text: '[pasted 6 lines]' });
    state = reducer(state, { type: 'submitted', text: 'next', display: 'next', toSession: true });
    expect(state.queued).toEqual(['next']);
    state = reducer(state, {
      type: 'agent-event',
      at: 0,
      event: { type: 'turn-end', turnId: 'turn-1', status: 'completed', usage: emptyUsage },
    });
    state = reducer(state, {
      type: 'agent-event',
      at: 0,
      event: { type: 'turn-begin', turnId: 'turn-2', prompt: 'next' },
    });
    expect(state.queued).toEqual([]);
    expect(state.cells.at(-1)).toMatchObject({ kind: 'user', text: 'next' });
  });

  it('gives cells of a new session fresh ids even though turn ids restart', () => {
    const first = replay(fixture('interrupted-stream'));
    const switched = reducer(first, {
      type: 'session-bound',
      info: { ...info, model: 'other' },
      reason: 'model',
    });
    const second = replay(fixture('interrupted-stream'), switched);
    const ids = second.cells.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(switched.cells.at(-1)).toMatchObject({
      kind: 'divider',
      text: expect.stringContaining('model: other'),
    });
    expect(second.status?.sessionTotal.inputTokens).toBe(0);
  });

  it('replays a resumed conversation and shows notices once', () => {
    const state = reducer(bound(), {
      type: 'session-bound',
      info,
      reason: 'resume',
      replay: [
        { role: 'user', text: 'earlier question' },
        { role: 'assistant', text: 'earlier answer' },
      ],
      notices: ['unknown key `modle` in config.toml'],
    });
    expect(state.cells.slice(-4)).toMatchObject([
      { kind: 'divider' },
      { kind: 'user', text: 'earlier question' },
      { kind: 'assistant', text: 'earlier answer' },
      { kind: 'notice', tone: 'warning' },
    ]);
  });

  it('moves the picker selection around both ends', () => {
    let state = reducer(bound(), {
      type: 'picker-open',
      picker: { purpose: 'model', title: 't', items: ['a', 'b', 'c'].map((v) => ({ value: v, label: v })) },
    });
    state = reducer(state, { type: 'picker-move', delta: -1 });
    expect(state.picker?.index).toBe(2);
    state = reducer(state, { type: 'picker-move', delta: 1 });
    expect(state.picker?.index).toBe(0);
    expect(reducer(state, { type: 'picker-close' }).picker).toBeUndefined();
  });

  it('says so when Ctrl-O has nothing to show', () => {
    expect(reducer(bound(), { type: 'expand' }).cells.at(-1)).toMatchObject({
      text: 'Nothing collapsed to show.',
    });
  });
});

describe('reducer session switches', () => {
  it('carries usage over a model switch and skips the redundant session line', () => {
    let state = replay(fixture('task-with-approvals'));
    const cells = state.cells.length;
    state = reducer(state, { type: 'session-bound', info: { ...info, model: 'other' }, reason: 'model' });
    state = replay(
      [{ ...fixture('task-with-approvals')[0]!, model: 'other', resumed: true } as AgentEvent],
      state,
    );
    expect(state.cells.slice(cells).map((c) => c.kind)).toEqual(['divider']);
    expect(state.status).toMatchObject({ model: 'other', contextUsed: 1425 });
    expect(state.status?.sessionTotal.inputTokens).toBe(3620);
    const fresh = reducer(state, { type: 'session-bound', info, reason: 'new' });
    expect(fresh.status?.sessionTotal.inputTokens).toBe(0);
  });
});

describe('tool cells render the typed details, never the text written for the model', () => {
  it('a command the user declined shows their reason, not the instructions to the model', () => {
    const base = replay(fixture('task-with-approvals').slice(0, 2));
    const begin = {
      type: 'tool-call-begin' as const,
      turnId: 'turn-9',
      callId: 'c9',
      name: 'shell',
      arguments: '{"command":["touch","x"]}',
    };
    const end = {
      type: 'tool-call-end' as const,
      turnId: 'turn-9',
      callId: 'c9',
      name: 'shell',
      output: 'Command rejected: the user declined (not now). Do not retry the same command; …',
      success: false,
      durationMs: 0,
      details: {
        kind: 'shell' as const,
        argv: ['touch', 'x'],
        cwd: '/w',
        exitCode: null,
        durationMs: 0,
        output: '',
        truncatedBytes: 0,
        sandboxed: false,
        timedOut: false,
        interrupted: false,
        rejected: { by: 'user' as const, reason: 'not now' },
      },
    };
    const state = replay([begin, end], base);
    const cell = state.cells.find((c) => c.kind === 'tool' && c.callId === 'c9');
    expect(cell).toMatchObject({ outcome: 'declined by you: not now', output: '' });
    expect(JSON.stringify(state.cells)).not.toContain('Do not retry');
    // `n` gives the default reason: said once, not "declined (the user declined)".
    const plain = {
      ...end,
      callId: 'c10',
      details: { ...end.details, rejected: { by: 'user' as const, reason: 'the user declined' } },
    };
    const second = replay([{ ...begin, callId: 'c10' }, plain], base);
    expect(second.cells.find((c) => c.kind === 'tool' && c.callId === 'c10')).toMatchObject({
      outcome: 'declined by you',
    });
  });
});

describe('a long streamed reply goes into the scrollback line by line, and printed cells are let go', () => {
  /** Streams `lines` as two deltas per line, `msPerDelta` apart; returns the state and the time. */
  function streamLines(lines: string[], msPerDelta: number, start = bound()) {
    let state = reducer(start, {
      type: 'agent-event',
      event: { type: 'turn-begin', turnId: 't1', prompt: 'go' },
      at: 0,
    });
    let at = 0;
    let mostWaiting = 0;
    for (const line of lines) {
      for (const text of [line.slice(0, 5), `${line.slice(5)}\n`]) {
        at += msPerDelta;
        state = reducer(state, {
          type: 'agent-event',
          event: { type: 'text-delta', turnId: 't1', text },
          at,
        });
        const waiting = state.live.streamText.slice(state.live.printed.shown).split('\n').length - 1;
        mostWaiting = Math.max(mostWaiting, waiting);
      }
    }
    return { state, at, mostWaiting };
  }
  const lines = Array.from({ length: 300 }, (_, i) => `Line ${i} of the answer, in plain words.`);

  it('prints each finished line of a reply into the scrollback, and nothing is lost or doubled', () => {
    const { state, at, mostWaiting } = streamLines(lines, 10);
    expect(mostWaiting).toBeLessThanOrEqual(1);
    const done = reducer(state, {
      type: 'agent-event',
      event: { type: 'message', turnId: 't1', text: `${lines.join('\n')}\n` },
      at: at + 1,
    });
    const printed = done.cells
      .filter((c) => c.kind === 'assistant')
      .map((c) => c.text)
      .join('\n');
    expect(printed.trimEnd()).toBe(lines.join('\n'));
  });

  it('keeps only the cells not printed yet: cells-printed drops them up to the id given', () => {
    const { state } = streamLines(lines, 10);
    const printedUpTo = state.cells.at(-2)!.id;
    const after = reducer(state, { type: 'cells-printed', lastId: printedUpTo });
    expect(after.cells).toEqual([state.cells.at(-1)]);
    // An id no longer held (printed twice, or from before a reset) changes nothing.
    expect(reducer(after, { type: 'cells-printed', lastId: printedUpTo })).toBe(after);
    // A thousand turns later the state holds no transcript: what the app keeps is bounded.
    let longRun = after;
    for (let turn = 0; turn < 50; turn++) {
      longRun = streamLines(lines.slice(0, 40), 10, longRun).state;
      longRun = reducer(longRun, { type: 'cells-printed', lastId: longRun.cells.at(-1)!.id });
    }
    expect(longRun.cells).toEqual([]);
    expect(JSON.stringify(longRun).length).toBeLessThan(20_000);
  });
});
