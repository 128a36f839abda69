import { describe, expect, it } from 'vitest';
import type { Action } from './reducer.js';
import { initialState } from './state.js';
import { createUiStore } from './ui-store.js';

/** A store on a hand-driven clock: `advance(ms)` runs the timers that fall due. */
function storeOnFakeClock(frameMs = 50) {
  let now = 0;
  let timers: { at: number; callback: () => void; id: number }[] = [];
  let nextId = 1;
  const store = createUiStore(initialState(), {
    frameMs,
    now: () => now,
    setTimer: (callback, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, callback, id });
      return id;
    },
    clearTimer: (id) => {
      timers = timers.filter((timer) => timer.id !== id);
    },
  });
  let notified = 0;
  store.subscribe(() => {
    notified += 1;
  });
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((timer) => timer !== due);
      now = due.at;
      due.callback();
    }
    now = until;
  };
  return { store, advance, notified: () => notified };
}

const delta = (text: string): Action => ({
  type: 'agent-event',
  event: { type: 'text-delta', turnId: 't1', text },
  at: 0,
});

describe('ui store', () => {
  it('tells subscribers about a burst of streamed deltas once per frame, the first at once', () => {
    const { store, advance, notified } = storeOnFakeClock(50);
    store.dispatch(delta('a'));
    expect(notified()).toBe(1);
    for (let i = 0; i < 200; i++) {
      store.dispatch(delta('b'));
      advance(1);
    }
    // 200 deltas over 200 ms: the leading one plus one per 50 ms frame.
    expect(notified()).toBeLessThanOrEqual(6);
    advance(50);
    expect(store.getState().live.streamText).toBe(`a${'b'.repeat(200)}`);
  });

  it('shows what the user does at once, with any streamed change still pending', () => {
    const { store, advance, notified } = storeOnFakeClock(50);
    store.dispatch(delta('first'));
    store.dispatch(delta(' second'));
    expect(notified()).toBe(1);
    store.dispatch({ type: 'composer', edit: { op: 'insert', text: 'x' } });
    expect(notified()).toBe(2);
    // The pending frame was drawn with the key; no extra frame follows for it.
    advance(200);
    expect(notified()).toBe(2);
  });

  it('notifies every change when frames are off', () => {
    const { store, notified } = storeOnFakeClock(0);
    for (let i = 0; i < 10; i++) store.dispatch(delta('x'));
    expect(notified()).toBe(10);
  });
});

describe('streamed deltas between frames', () => {
  const reasoning = (text: string): Action => ({
    type: 'agent-event',
    event: { type: 'reasoning-delta', turnId: 't1', text },
    at: 0,
  });
  const assistantTexts = (store: ReturnType<typeof storeOnFakeClock>['store']) =>
    store.getState().cells.flatMap((cell) => (cell.kind === 'assistant' ? [cell.text] : []));

  it('are reduced once per frame: lines finished within one frame are printed as one piece', () => {
    const { store, advance } = storeOnFakeClock(50);
    store.dispatch(delta('start '));
    for (const line of ['a\n', 'b\n', 'c\n']) store.dispatch(delta(line));
    advance(50);
    expect(assistantTexts(store)).toEqual(['start a\nb\nc']);
  });

  it('are current for whoever reads the state before the frame', () => {
    const { store } = storeOnFakeClock(50);
    store.dispatch(delta('a'));
    store.dispatch(delta('b'));
    store.dispatch(delta('c'));
    expect(store.getState().live.streamText).toBe('abc');
  });

  it('keep their order with other streams and events', () => {
    const { store, advance } = storeOnFakeClock(50);
    store.dispatch(delta('x'));
    store.dispatch(delta('one\n'));
    store.dispatch(reasoning('think'));
    store.dispatch(delta('two'));
    expect(store.getState().live.reasoningText).toBe('think');
    // The final message must see every delta before it, or it would print the reply twice.
    store.dispatch({
      type: 'agent-event',
      event: { type: 'message', turnId: 't1', text: 'xone\ntwo' },
      at: 0,
    });
    advance(50);
    expect(assistantTexts(store)).toEqual(['xone', 'two']);
    expect(store.getState().live.streamText).toBe('');
  });

  it('of another turn are not joined', () => {
    const { store } = storeOnFakeClock(50);
    store.dispatch(delta('a'));
    store.dispatch({ type: 'agent-event', event: { type: 'text-delta', turnId: 't2', text: 'b' }, at: 0 });
    expect(store.getState().live.streamText).toBe('ab');
  });
});

describe('printed cells', () => {
  it('are let go with the next change, without a notification of their own', () => {
    const { store, notified } = storeOnFakeClock();
    const note = (text: string): Action => ({
      type: 'add-cell',
      cell: { kind: 'notice', tone: 'info', text },
    });
    store.dispatch(note('one'));
    store.dispatch(note('two'));
    const before = notified();
    const [first, second] = store.getState().cells;
    store.markPrinted(second!.id);
    expect(notified()).toBe(before);
    expect(store.getState().cells).toEqual([first, second]);
    // A no-op keeps them (and the state) as they are.
    store.dispatch({ type: 'cells-printed', lastId: 'no such cell' });
    expect(store.getState().cells).toHaveLength(2);
    store.dispatch(note('three'));
    expect(store.getState().cells.map((c) => c.kind === 'notice' && c.text)).toEqual(['three']);
    // Marked twice, or an id already dropped: nothing else goes.
    store.markPrinted(second!.id);
    store.dispatch(note('four'));
    expect(store.getState().cells.map((c) => c.kind === 'notice' && c.text)).toEqual(['three', 'four']);
  });
});
