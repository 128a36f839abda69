// The contract between the interactive UI and the CLI that wires it. The UI renders one
// session's AgentEvent stream and sends ops back; everything that needs config, providers or the
// session store (switching model or profile, resuming, listing models) is a callback the CLI
// provides, so tui/ never imports those modules.
import type { AgentEvent } from '../protocol/events.js';
import type { ReviewDocument } from '../protocol/review-document.js';
import type { Session } from '../session/session.js';

/** What the UI needs of a Session: its event stream and the ops it accepts. */
export type SessionLike = Pick<Session, 'id' | 'subscribe' | 'start' | 'submit'>;

/** Facts about the running session that are not in its events (shown in the status line). */
export interface SessionInfo {
  sessionId: string;
  provider: string;
  model: string;
  profile?: string;
  sandbox: string;
  approval: string;
  /** Effective context window in tokens, when known. */
  contextWindow?: number;
  baseUrl?: string;
  cwd: string;
}

/** A past conversation entry shown when a session is resumed (text only). */
/**
 * One thing a resumed session shows again: a message, or a saved tool event (a command with its
 * outcome and output tail, a patch with its diff, a plan), drawn as it was drawn live.
 */
export type ReplayEntry =
  | { role: 'user' | 'assistant'; text: string }
  | {
      role: 'event';
      event: Extract<AgentEvent, { type: 'tool-call-begin' | 'tool-call-end' | 'plan-update' }>;
    };

export interface SessionBinding {
  session: SessionLike;
  info: SessionInfo;
  /** Earlier messages of a resumed session, oldest first. */
  replay?: ReplayEntry[];
  /** One-line notices to show once (config warnings, trust notice). */
  notices?: string[];
  /** A slow probe of the server's real context window; the status line updates when it settles. */
  contextWindowProbe?: Promise<number | undefined>;
}

export interface SavedSessionSummary {
  id: string;
  /** One line for a picker: date, model, first prompt. */
  label: string;
}

/**
 * Callbacks the CLI passes to the UI. Every session switch returns a fresh binding; the UI
 * unsubscribes from the old session and starts the new one.
 */
export interface TuiHost {
  /** Builds the first session (config resolution happens here, after the first frame). */
  connect(): Promise<SessionBinding>;
  /** Models the current provider lists (may reject when the server is unreachable). */
  listModels(): Promise<string[]>;
  /** Same conversation, another model: history carries over. */
  switchModel(model: string): Promise<SessionBinding>;
  /** Same conversation under profile NAME (its model, provider and settings). */
  switchProfile(name: string): Promise<SessionBinding>;
  newSession(): Promise<SessionBinding>;
  /** Saved sessions for this directory, newest first, without the current one. */
  listSessions(): Promise<SavedSessionSummary[]>;
  resumeSession(id: string): Promise<SessionBinding>;
  /** The text form of `ossa debug config`. */
  debugConfig(): Promise<string>;
  /** `/mcp`: the MCP servers, their tools offered and left out (with why) and token cost, as text. */
  mcpStatus(): Promise<string>;
  /** `git diff` of the workspace, untracked files included; empty when clean. */
  gitDiff(): Promise<string>;
  /** Creates AGENTS.md in the working directory if missing; returns what happened. */
  initAgentsMd(): Promise<string>;
  /** Paths under the working directory, relative, for `@` completion. */
  listFiles(): Promise<string[]>;
  /**
   * `/review ARGS` (`--uncommitted`, `--base BRANCH`, `--commit SHA`, `--title T`, instructions):
   * the review document, and the saved review session to continue in (follow-ups, fixes).
   */
  review(
    args: string,
    onNotice: (text: string) => void,
    /** Esc or Ctrl-C: the review stops (its requests and commands are cancelled). */
    signal?: AbortSignal,
  ): Promise<{ document: ReviewDocument; binding?: SessionBinding }>;
}
