// The provider-neutral vocabulary of the model client. Both wire adapters (responses, chat) lower
// a ModelRequest into their own request body and normalise their stream into ModelEvents.

/** One conversation item, in the order the model sees them. History is append-only. */
export type ModelItem =
  | { type: 'message'; role: 'user' | 'assistant' | 'developer'; text: string }
  | {
      type: 'reasoning';
      /** Raw reasoning text (or the summary when the server only sends one). */
      text: string;
      /** Opaque encrypted reasoning, only for providers that return and accept it. */
      encryptedContent?: string;
    }
  | { type: 'function_call'; callId: string; name: string; arguments: string }
  | {
      type: 'function_call_output';
      callId: string;
      output: string;
      /**
       * Files the workspace showed changed across the call (session/context/workspace-changes.ts).
       * ossa's own record for its ledger: never sent to the model.
       */
      modifiedFiles?: string[];
    };

import type { ToolSpec } from '../protocol/tool-spec.js';

export type { ToolSpec } from '../protocol/tool-spec.js';

export interface ModelRequest {
  model: string;
  /** The system prompt. Must be byte-identical from request to request within a session. */
  instructions: string;
  input: ModelItem[];
  tools: ToolSpec[];
  /** `low` | `medium` | `high` (or another value the server accepts); omitted when undefined. */
  reasoningEffort?: string;
  parallelToolCalls?: boolean;
  /**
   * Ask the server to answer with JSON in this shape (structured output). Lowered per wire:
   * `response_format: {type: 'json_schema'}` on chat (llama.cpp, vLLM, LM Studio, OpenAI; Ollama's
   * OpenAI layer turns it into its `format`), `text.format` on responses. A server without
   * structured output may ignore it, so the caller still validates what comes back.
   */
  responseFormat?: ResponseFormat;
  /** Cap on the reply's tokens (`max_tokens` / `max_output_tokens`); unset: the server's default. */
  maxOutputTokens?: number;
  /** Merged into the request body last (e.g. Ollama `options.num_ctx`). Deterministic key order. */
  extraBody?: Record<string, unknown>;
}

/** A JSON Schema the answer must follow. */
export interface ResponseFormat {
  /** Schema name (letters, digits, `_` and `-`; OpenAI requires one). */
  name: string;
  schema: Record<string, unknown>;
  /** OpenAI strict mode: every property required, no extra ones (the schema must be written so). */
  strict?: boolean;
}

export type FinishReason = 'stop' | 'tool_calls' | 'length' | 'content_filter' | 'other';

export interface Usage {
  inputTokens: number;
  cachedInputTokens?: number;
  outputTokens: number;
  reasoningOutputTokens?: number;
  /**
   * Output tokens per second as the server itself measured them (llama.cpp `timings`, Ollama
   * `eval_count`/`eval_duration`), when it reports them on the wire.
   */
  outputTokensPerSecond?: number;
}

export type ModelEvent =
  /** The attempt's HTTP response arrived (status 2xx); `attempt` counts from 1. */
  | { type: 'response-start'; attempt: number }
  | { type: 'text-delta'; text: string }
  | { type: 'reasoning-delta'; text: string }
  /** A complete reasoning item to keep in history and send back on later turns. */
  | { type: 'reasoning-done'; item: Extract<ModelItem, { type: 'reasoning' }> }
  | { type: 'tool-call-begin'; callId: string; name: string }
  | { type: 'tool-call-delta'; callId: string; argumentsDelta: string }
  /** The call is complete; `arguments` is the raw text the model produced (may be invalid JSON). */
  | { type: 'tool-call-end'; callId: string; name: string; arguments: string }
  | { type: 'usage'; usage: Usage }
  /** A retryable failure; the client waits `delayMs` and tries again. */
  | { type: 'retry'; attempt: number; maxAttempts: number; delayMs: number; reason: string }
  /**
   * The stream dropped after output was emitted and is being retried from the start: consumers
   * must discard everything received since the last `response-start`.
   */
  | { type: 'reset'; reason: string }
  /** Exactly one per successful stream, always last. */
  | { type: 'finish'; reason: FinishReason };
