// The one event stream a Session produces. Front-ends (exec, TUI) only render it, and
// `ossa exec --json` prints it, so this union is a public, versioned schema
// (docs/exec-json.md). Names are noun-action; every turn event carries its turn id; each turn
// ends with exactly one `turn-end`.
import type { ApprovalDecision, ApprovalRequest } from './approval.js';
import type { PlanStep, ToolDetails } from './tool-details.js';

/**
 * Bump when an existing event changes shape; adding a new event type or field does not.
 * 2: `tool-call-end.details` is typed per tool (ToolDetails, with a `kind`).
 */
export const EVENT_SCHEMA_VERSION = 2;

export interface TokenUsage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningOutputTokens: number;
}

export type {
  PatchDetails,
  PatchFile,
  PlanDetails,
  PlanStep,
  ShellDetails,
  ToolDetails,
} from './tool-details.js';

export type TurnStatus = 'completed' | 'failed' | 'interrupted';

export type AgentEvent =
  | {
      type: 'session-start';
      schemaVersion: number;
      sessionId: string;
      model: string;
      provider: string;
      cwd: string;
      sandbox: string;
      approval: string;
      resumed: boolean;
    }
  | { type: 'turn-begin'; turnId: string; prompt: string }
  /** A model request is sent; `step` counts requests within the turn from 1. */
  | {
      type: 'request-begin';
      turnId: string;
      step: number;
      bytes: number;
      /** ossa's estimate of the request's prompt tokens (calibrated by the server's counts). */
      estimatedTokens?: number;
    }
  | { type: 'text-delta'; turnId: string; text: string }
  /** One complete assistant message (after repair stripped any tool-call markup). */
  | { type: 'message'; turnId: string; text: string }
  | { type: 'reasoning-delta'; turnId: string; text: string }
  | { type: 'reasoning'; turnId: string; text: string }
  /**
   * The model is still writing a tool call (a long patch takes a while): the characters of its
   * arguments so far. At most a few per second; not saved, not in `exec --json`.
   */
  | { type: 'tool-call-delta'; turnId: string; callId: string; name: string; characters: number }
  | { type: 'tool-call-begin'; turnId: string; callId: string; name: string; arguments: string }
  | {
      type: 'tool-call-end';
      turnId: string;
      callId: string;
      name: string;
      /** The text returned to the model. */
      output: string;
      success: boolean;
      durationMs: number;
      /** What front-ends show, typed per tool; absent when the tool has nothing beyond `output`. */
      details?: ToolDetails;
    }
  | { type: 'plan-update'; turnId: string; explanation?: string; plan: PlanStep[] }
  | { type: 'approval-request'; turnId: string; request: ApprovalRequest }
  | { type: 'approval-decision'; turnId: string; callId: string; decision: ApprovalDecision }
  /** A tool call the model formatted badly was recovered (or refused); `original` is what it sent. */
  | {
      type: 'tool-call-repair';
      turnId: string;
      callId: string;
      kinds: string[];
      original: string;
      repaired?: { name: string; arguments: string };
      refused?: string;
    }
  | { type: 'retry'; turnId: string; attempt: number; maxAttempts: number; delayMs: number; reason: string }
  /** The stream dropped after partial output; that partial output is void and the request restarts. */
  | { type: 'stream-reset'; turnId: string; reason: string }
  /** Per model response: tokens and timings (time to first token, tokens per second). */
  | {
      type: 'usage';
      turnId: string;
      step: number;
      usage: TokenUsage;
      total: TokenUsage;
      ttftMs?: number;
      tokensPerSecond?: number;
      /**
       * `server`: the server's own measurement (llama.cpp `timings`); `stream`: from when the deltas
       * arrived (only for replies long enough to measure). No rate when neither applies.
       */
      tokensPerSecondSource?: 'server' | 'stream';
    }
  | {
      type: 'warning';
      turnId?: string;
      message: string;
      /** What kind of warning, for consumers that act on one (`server-truncation`). */
      code?: WarningCode;
    }
  /**
   * The conversation was compacted to fit the context window: `prune` replaced old tool outputs
   * with stubs, `summary` replaced the older part with a handoff summary written by the model
   * (`requests` summary requests). Token counts are ossa's estimates of the next prompt.
   */
  | {
      type: 'compaction';
      turnId: string;
      stage: CompactionStage;
      reason: CompactionReason;
      tokensBefore: number;
      tokensAfter: number;
      durationMs: number;
      /** The window the budget was computed from, in tokens. */
      window: number;
      requests: number;
    }
  | { type: 'error'; turnId: string; message: string }
  /**
   * An MCP server changed state: `ready` (started, with the tools it lists), `failed` (did not
   * start; skipped), `exited` (died mid-session), `restarted`, `needs-approval` (defined by the
   * project and not yet approved by the user; not started).
   */
  | {
      type: 'mcp-server';
      server: string;
      status: McpServerStatus;
      /** What went wrong, or what to do. */
      message?: string;
      /** Tools the server lists (ready, restarted). */
      tools?: number;
    }
  /**
   * The MCP tools offered to the model, chosen once per session (again after a compaction):
   * their declarations together stay within `budgetTokens`; the rest are listed with the reason.
   */
  | {
      type: 'mcp-tools';
      budgetTokens: number;
      usedTokens: number;
      offered: { name: string; server: string; tokens: number }[];
      leftOut: { name: string; server: string; tokens: number; reason: string }[];
    }
  | {
      type: 'turn-end';
      turnId: string;
      status: TurnStatus;
      /** The last assistant message of the turn, if any. */
      lastMessage?: string;
      usage: TokenUsage;
      error?: string;
    };

/** Operations a front-end sends into a session. */
export type SessionOp =
  | { type: 'user-input'; text: string }
  | { type: 'approval'; callId: string; decision: ApprovalDecision }
  | { type: 'interrupt' }
  /** Compact the conversation now (`/compact`), keeping `focus` in the summary when given. */
  | { type: 'compact'; focus?: string };

export type McpServerStatus = 'ready' | 'failed' | 'exited' | 'restarted' | 'needs-approval';

export type CompactionStage = 'prune' | 'summary';
/** Past a threshold, after an overflow answer, after a prompt the server cut, or asked for. */
export type CompactionReason = 'threshold' | 'overflow' | 'truncation' | 'manual';

/**
 * Warnings a consumer may act on: the server kept fewer prompt tokens than were sent
 * (`server-truncation`); a compaction did not work (`compaction-failed`).
 */
export type WarningCode = 'server-truncation' | 'compaction-failed';
