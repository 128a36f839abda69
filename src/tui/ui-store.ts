// Holds the UI state outside React so key handlers always see every action dispatched before
// them, even when keys arrive faster than React renders (pastes, scripted input).
//
// Subscribers (React) are told about changes at most once per frame while the agent streams: a
// model sends ~200 deltas a second, and each notification is a React render, a yoga layout and
// an Ink frame. What the user does (keys, commands) is shown at once and takes any pending
// streamed change along with it. `getState()` is always current, whatever was shown.
//
// Streamed text between two frames is reduced once: consecutive deltas of one stream are joined
// (delta-merge.ts) and reach the reducer when the frame is drawn, when anything else is
// dispatched, or when somebody reads the state — so the order of actions is kept and nobody
// sees a stale state, but the reducer, the escaping and the printing of finished lines run
// ~7 times a second instead of ~200.
import { type DeltaAction, isDeltaAction, mergeDeltas } from './delta-merge.js';
import { type Action, reducer } from './reducer.js';
import type { TuiState } from './state.js';

/** Streamed changes are drawn at most this often. */
export const STREAM_FRAME_MS = 200;

export interface UiStore {
  getState(): TuiState;
  dispatch(action: Action): void;
  subscribe(listener: () => void): () => void;
  /**
   * The cells up to `lastId` are in the scrollback: the state lets go of them with the next change
   * (not at once, which would draw the whole app again only to drop them; the transcript already
   * stopped drawing them).
   */
  markPrinted(lastId: string): void;
}

export interface UiStoreOptions {
  /** Minimum time between two notifications for agent events; 0 notifies every change. */
  frameMs?: number;
  /** Clock and timer (tests pass fakes). */
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export function createUiStore(initial: TuiState, options: UiStoreOptions = {}): UiStore {
  const frameMs = options.frameMs ?? STREAM_FRAME_MS;
  const now = options.now ?? (() => performance.now());
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as NodeJS.Timeout));
  let state = initial;
  const listeners = new Set<() => void>();
  let lastNotified = Number.NEGATIVE_INFINITY;
  let timer: unknown;
  let printedUpTo: string | undefined;
  /** Deltas of one stream not reduced yet, joined. */
  let pendingDelta: DeltaAction | undefined;

  /** Reduces `action`; false when it changed nothing (the printed cells then wait for the next one). */
  const apply = (action: Action): boolean => {
    const base = printedUpTo ? reducer(state, { type: 'cells-printed', lastId: printedUpTo }) : state;
    const next = reducer(base, action);
    if (next === base) return false;
    state = next;
    printedUpTo = undefined;
    return true;
  };
  const applyPendingDelta = () => {
    const action = pendingDelta;
    pendingDelta = undefined;
    if (action) apply(action);
  };
  const notify = () => {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
    applyPendingDelta();
    lastNotified = now();
    for (const listener of listeners) listener();
  };
  /** Leading and trailing: the first change of a quiet spell is drawn at once, the rest per frame. */
  const notifyWithinFrame = () => {
    if (timer !== undefined) return;
    const wait = lastNotified + frameMs - now();
    if (wait <= 0) notify();
    else timer = setTimer(notify, wait);
  };

  return {
    getState: () => {
      applyPendingDelta();
      return state;
    },
    dispatch(action) {
      if (frameMs > 0 && isDeltaAction(action)) {
        const merged = pendingDelta && mergeDeltas(pendingDelta, action);
        if (!merged) applyPendingDelta();
        pendingDelta = merged ?? action;
        notifyWithinFrame();
        return;
      }
      applyPendingDelta();
      if (!apply(action)) return;
      if (action.type === 'agent-event' && frameMs > 0) notifyWithinFrame();
      else notify();
    },
    markPrinted(lastId) {
      printedUpTo = lastId;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== undefined) {
          clearTimer(timer);
          timer = undefined;
        }
      };
    },
  };
}
