// Screen state of the interactive UI. `cells` are finished transcript entries not printed yet:
// they are rendered once, into the scrollback, and then dropped (components/transcript.tsx). `live` is the part that redraws: the streaming
// reply, running tools, a pending approval, the working indicator.
import type { ApprovalDecision, ApprovalRequest } from '../protocol/approval.js';
import type { PlanStep, TokenUsage } from '../protocol/events.js';
import { type ComposerState, emptyComposer } from './composer-state.js';
import type { SessionInfo } from './host.js';
import type { OpenFence } from './markdown.js';
import { nothingPrinted, type PrintedProgress } from './stream-print.js';

export type NoticeTone = 'info' | 'warning' | 'error' | 'retry' | 'muted';

export type Cell =
  | { kind: 'header'; id: string; version: string; cwd: string }
  | { kind: 'user'; id: string; text: string }
  /**
   * A reply, or one piece of it printed while it streamed: `continued` pieces follow the one above
   * without a gap, `fence` is the code block the piece starts inside.
   */
  | { kind: 'assistant'; id: string; text: string; continued?: boolean; fence?: OpenFence }
  /** Reasoning is collapsed to a one-line summary; Ctrl-O shows it in full. */
  | { kind: 'reasoning'; id: string; text: string }
  | ToolCell
  | { kind: 'patch'; id: string; files: string[]; diff: string; success: boolean; summary: string }
  | { kind: 'plan'; id: string; explanation?: string; plan: PlanStep[] }
  | { kind: 'approval-request'; id: string; request: ApprovalRequest }
  | { kind: 'approval-decision'; id: string; decision: ApprovalDecision }
  | { kind: 'notice'; id: string; tone: NoticeTone; text: string }
  /** Preformatted output of a slash command (/status, /help, /debug-config, /diff). */
  | { kind: 'panel'; id: string; title: string; body: string; format: 'text' | 'diff' }
  | { kind: 'divider'; id: string; text: string };

/** A cell before the reducer gives it an id. */
export type NewCell = Cell extends infer C ? (C extends Cell ? Omit<C, 'id'> : never) : never;

export interface ToolCell {
  kind: 'tool';
  id: string;
  callId: string;
  name: string;
  /** What the call does, in one line: the shell command, or the tool name and arguments. */
  title: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: number;
  durationMs?: number;
  /** The outcome line (`exit 0`, `timed out …`) when finished. */
  outcome?: string;
  /** The command's output (without the outcome header lines). */
  output: string;
  /** Its approval question is open: nothing runs yet, so no spinner. */
  awaitingApproval?: boolean;
}

/** Something a cell left out that Ctrl-O can show in full. */
export interface Expandable {
  title: string;
  body: string;
  format: 'text' | 'diff';
}

export interface StatusState extends SessionInfo {
  /** Input + output tokens of the last model request: how full the context is. */
  contextUsed?: number;
  sessionTotal: TokenUsage;
  ttftMs?: number;
  tokensPerSecond?: number;
}

export interface PickerState {
  purpose: 'model' | 'resume';
  title: string;
  items: { value: string; label: string }[];
  index: number;
}

export interface LiveState {
  turnId?: string;
  turnStartedAt?: number;
  /** Assistant text streamed so far in the current model request. */
  streamText: string;
  /** How much of `streamText` is printed in the scrollback already (its finished lines). */
  printed: PrintedProgress;
  reasoningText: string;
  tools: ToolCell[];
  approval?: ApprovalRequest;
  /** A tool call the model is still writing (a long patch): its name and characters so far. */
  writingTool?: { name: string; characters: number };
  interrupting: boolean;
}

export interface TuiState {
  /** Counts session switches; cell ids include it because turn ids restart in a new session. */
  epoch: number;
  nextId: number;
  /** Finished cells waiting to be printed (the printed ones are in the terminal, not here). */
  cells: Cell[];
  live: LiveState;
  /** Undefined until the first session is connected. */
  status?: StatusState;
  /** The next session-start needs no line of its own (a divider already says what changed). */
  quietStart?: boolean;
  running: boolean;
  /** Inputs sent while a turn was running (the session queues them). */
  queued: string[];
  /** What the user typed for each submitted prompt, to show pastes collapsed in the transcript. */
  submitted: { text: string; display: string }[];
  expandable?: Expandable;
  /** Patch calls whose diff the approval prompt already printed. */
  diffShown: string[];
  composer: ComposerState;
  picker?: PickerState;
  /** A slash command is waiting for the host (switching model, loading models …). */
  busy?: string;
  /** Esc or Ctrl-C stops the busy work (`/review`). */
  busyCancellable?: boolean;
  /** Ctrl-C was pressed once on an empty composer; a second press exits. */
  exitArmed: boolean;
  exiting: boolean;
}

export const emptyLive: LiveState = {
  streamText: '',
  printed: nothingPrinted,
  reasoningText: '',
  tools: [],
  interrupting: false,
};

export const emptyUsage: TokenUsage = {
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  reasoningOutputTokens: 0,
};

export function initialState(header?: { version: string; cwd: string }): TuiState {
  return {
    epoch: 0,
    nextId: 1,
    cells: header ? [{ kind: 'header', id: 'header', ...header }] : [],
    live: emptyLive,
    running: false,
    queued: [],
    submitted: [],
    diffShown: [],
    composer: emptyComposer,
    exitArmed: false,
    exiting: false,
  };
}
