// The UI's one reducer: (state, action) → state over AgentEvents and UI actions (composer edits,
// session switches, slash command output, Ctrl-O expansion, the picker). Pure, so recorded event
// sequences can be replayed in tests.

import type { AgentEvent } from '../protocol/events.js';
import { escapeTerminalStrings, escapeTerminalText } from '../protocol/terminal-text.js';
import { addCell } from './add-cell.js';
import * as composer from './composer-state.js';
import type { ReplayEntry, SessionInfo } from './host.js';
import { reduceEvent } from './reduce-event.js';
import { emptyLive, emptyUsage, type NewCell, type PickerState, type TuiState } from './state.js';

export type ComposerEdit =
  | { op: 'insert'; text: string }
  | { op: 'paste'; text: string }
  | { op: 'backspace' }
  | { op: 'delete' }
  | { op: 'delete-word' }
  | { op: 'kill-line-start' }
  | { op: 'kill-line-end' }
  | { op: 'move'; movement: composer.Movement }
  | { op: 'replace'; start: number; text: string }
  | { op: 'clear' };

export type Action =
  | { type: 'agent-event'; event: AgentEvent; at: number }
  /** A (new) session is connected; `reason` says why, for the divider. */
  | {
      type: 'session-bound';
      info: SessionInfo;
      reason: 'connect' | 'model' | 'profile' | 'new' | 'resume' | 'review';
      replay?: ReplayEntry[];
      notices?: string[];
    }
  /** Late facts about the session in `epoch` (a context-window probe finished). */
  | { type: 'info-update'; epoch: number; info: Partial<SessionInfo> }
  | { type: 'composer'; edit: ComposerEdit }
  /** The composer's text was sent (`text` with pastes expanded, `display` as typed). */
  | { type: 'submitted'; text: string; display: string; toSession: boolean }
  | { type: 'add-cell'; cell: NewCell }
  /** The cells up to `lastId` are in the scrollback: the state lets go of them. */
  | { type: 'cells-printed'; lastId: string }
  | { type: 'expand' }
  | { type: 'picker-open'; picker: Omit<PickerState, 'index'> }
  | { type: 'picker-move'; delta: number }
  | { type: 'picker-close' }
  | { type: 'busy'; text?: string; cancellable?: boolean }
  | { type: 'interrupt-requested' }
  | { type: 'exit-armed'; armed: boolean }
  | { type: 'exiting' };

export function reducer(state: TuiState, action: Action): TuiState {
  switch (action.type) {
    case 'agent-event':
      return reduceEvent(state, action.event, action.at);
    case 'session-bound':
      return reduceSessionBound(state, action);
    case 'info-update':
      return state.status && action.epoch === state.epoch
        ? { ...state, status: { ...state.status, ...action.info } }
        : state;
    case 'composer':
      return { ...state, composer: applyEdit(state.composer, action.edit), exitArmed: false };
    case 'submitted': {
      const next = { ...state, composer: composer.submit(state.composer), exitArmed: false };
      if (!action.toSession) return next;
      return {
        ...next,
        submitted: [...state.submitted, { text: action.text, display: action.display }],
        // Shown as queued while a turn runs or the session is still connecting.
        queued: state.running || !state.status ? [...state.queued, action.display] : state.queued,
      };
    }
    case 'add-cell':
      // /diff, /debug config, server model lists: repository and server text, escaped like events.
      return addCell(state, escapeTerminalStrings(action.cell));
    case 'cells-printed': {
      const printed = state.cells.findIndex((cell) => cell.id === action.lastId);
      return printed < 0 ? state : { ...state, cells: state.cells.slice(printed + 1) };
    }
    case 'expand': {
      if (!state.expandable) {
        return addCell(state, { kind: 'notice', tone: 'muted', text: 'Nothing collapsed to show.' });
      }
      const { title, body, format } = state.expandable;
      return { ...addCell(state, { kind: 'panel', title, body, format }), expandable: undefined };
    }
    case 'picker-open': {
      // Labels are shown (escaped); values are what the choice sends back (kept as they are).
      const items = action.picker.items.map((item) => ({ ...item, label: escapeTerminalText(item.label) }));
      return { ...state, picker: { ...action.picker, items, index: 0 }, busy: undefined };
    }
    case 'picker-move': {
      if (!state.picker) return state;
      const count = state.picker.items.length;
      const index = (((state.picker.index + action.delta) % count) + count) % count;
      return { ...state, picker: { ...state.picker, index } };
    }
    case 'picker-close':
      return { ...state, picker: undefined };
    case 'busy':
      return {
        ...state,
        busy: action.text,
        busyCancellable: action.text !== undefined && action.cancellable === true,
      };
    case 'interrupt-requested':
      return state.running ? { ...state, live: { ...state.live, interrupting: true } } : state;
    case 'exit-armed':
      return { ...state, exitArmed: action.armed };
    case 'exiting':
      return { ...state, exiting: true };
    default:
      return assertNever(action);
  }
}

function reduceSessionBound(state: TuiState, action: Extract<Action, { type: 'session-bound' }>): TuiState {
  // Same conversation under another model or profile: usage so far still counts.
  const carriesOver = action.reason === 'model' || action.reason === 'profile';
  let next: TuiState = {
    ...state,
    epoch: state.epoch + 1,
    status: carriesOver
      ? { ...state.status, ...action.info, sessionTotal: state.status?.sessionTotal ?? emptyUsage }
      : { ...action.info, sessionTotal: emptyUsage },
    quietStart: carriesOver,
    running: false,
    live: emptyLive,
    // Inputs typed while connecting are sent to the first session.
    queued: action.reason === 'connect' ? state.queued : [],
    submitted: action.reason === 'connect' ? state.submitted : [],
    diffShown: [],
    busy: undefined,
    picker: undefined,
  };
  const divider: Record<typeof action.reason, string | undefined> = {
    connect: undefined,
    model: `model: ${action.info.model} (from the next turn, same conversation)`,
    profile: `profile: ${action.info.profile ?? 'none'} · model ${action.info.model}`,
    new: 'new session',
    resume: `resumed session ${action.info.sessionId.slice(0, 8)}`,
    review: `review session ${action.info.sessionId.slice(0, 8)}: ask about a finding, or have one fixed`,
  };
  const text = divider[action.reason];
  if (text) next = addCell(next, { kind: 'divider', text });
  for (const entry of action.replay ?? []) {
    next =
      entry.role === 'event'
        ? reduceEvent(next, entry.event, 0)
        : addCell(next, { kind: entry.role, text: entry.text });
  }
  for (const notice of action.notices ?? []) {
    next = addCell(next, { kind: 'notice', tone: 'warning', text: notice });
  }
  return next;
}

function applyEdit(state: composer.ComposerState, edit: ComposerEdit): composer.ComposerState {
  switch (edit.op) {
    case 'insert':
      return composer.insertText(state, edit.text);
    case 'paste':
      return composer.pasteText(state, edit.text);
    case 'backspace':
      return composer.backspace(state);
    case 'delete':
      return composer.deleteForward(state);
    case 'delete-word':
      return composer.deleteWordBackward(state);
    case 'kill-line-start':
      return composer.deleteToLineStart(state);
    case 'kill-line-end':
      return composer.deleteToLineEnd(state);
    case 'move':
      return composer.move(state, edit.movement);
    case 'replace':
      return composer.replaceBeforeCursor(state, edit.start, edit.text);
    case 'clear':
      return composer.clear(state);
    default:
      return assertNever(edit);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled action ${JSON.stringify(value)}`);
}
