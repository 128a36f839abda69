// Typed failures of the model client. Every message names the URL, the HTTP status when there is
// one, and quotes the server's own message when it sent one; most end with what to do about it.
// `retryable` comes from the HTTP status or a structured error code, never from message text.
import { OssaError } from '../errors.js';

export interface ModelErrorOptions {
  url: string;
  retryable: boolean;
  cause?: unknown;
}

/** The base of all model-client failures (exit code 1). */
export class ModelError extends OssaError {
  readonly url: string;
  readonly retryable: boolean;
  /** How many attempts were made before giving up (set by the client on the final error). */
  attempts = 1;

  constructor(message: string, options: ModelErrorOptions) {
    super(message, 1, options.cause === undefined ? undefined : { cause: options.cause });
    this.url = options.url;
    this.retryable = options.retryable;
  }

  /** Records the number of attempts in the error and its message (only when more than one). */
  noteAttempts(attempts: number): this {
    this.attempts = attempts;
    if (attempts > 1) this.message += ` (gave up after ${attempts} attempts)`;
    return this;
  }
}

/** HTTP status codes worth retrying: timeout, conflict, rate limit and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The server answered with a non-2xx status. */
export class ModelApiError extends ModelError {
  readonly status: number;
  /** The server's own error message, when its body had one. */
  readonly serverMessage: string | undefined;
  /** Structured error code from the body (`error.code` or `error.type`), when present. */
  readonly code: string | undefined;
  /** The response body as text (truncated). */
  readonly body: string;
  /** Delay the server asked for (`Retry-After`), in ms, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    fields: {
      url: string;
      status: number;
      serverMessage?: string | undefined;
      code?: string | undefined;
      body: string;
      retryAfterMs?: number | undefined;
      /** Overrides the status's own answer (a server that gives 5xx for a failure of the request itself). */
      retryable?: boolean;
    },
  ) {
    super(message, { url: fields.url, retryable: fields.retryable ?? isRetryableStatus(fields.status) });
    this.status = fields.status;
    this.serverMessage = fields.serverMessage;
    this.code = fields.code;
    this.body = fields.body;
    this.retryAfterMs = fields.retryAfterMs;
  }
}

/** The server could not be reached: refused, DNS failure, reset before a response. */
export class ModelConnectionError extends ModelError {
  /** The system error code (`ECONNREFUSED`, `ENOTFOUND`, …) when known. */
  readonly code: string | undefined;
  constructor(message: string, fields: { url: string; code: string | undefined; cause?: unknown }) {
    super(message, { url: fields.url, retryable: true, cause: fields.cause });
    this.code = fields.code;
  }

  get refused(): boolean {
    return this.code === 'ECONNREFUSED';
  }
}

export type TimeoutPhase = 'first-byte' | 'idle' | 'deadline';

/**
 * No response byte within the first-byte timeout, the stream went quiet for the idle timeout, or
 * the whole attempt outlived its deadline (not retried: the same request would take as long).
 */
export class ModelTimeoutError extends ModelError {
  readonly phase: TimeoutPhase;
  readonly timeoutMs: number;
  /** The provider setting that raises this limit, e.g. `model_providers.ollama.stream_idle_timeout_ms`. */
  readonly configKey: string;
  constructor(
    message: string,
    fields: { url: string; phase: TimeoutPhase; timeoutMs: number; configKey: string },
  ) {
    super(message, { url: fields.url, retryable: fields.phase !== 'deadline' });
    this.phase = fields.phase;
    this.timeoutMs = fields.timeoutMs;
    this.configKey = fields.configKey;
  }
}

/** The stream was malformed or ended before it completed. Retried as a dropped stream. */
export class ModelStreamError extends ModelError {
  /** The offending SSE line or payload, when there was one. */
  readonly line: string | undefined;
  constructor(message: string, fields: { url: string; line?: string | undefined; retryable?: boolean }) {
    super(message, { url: fields.url, retryable: fields.retryable ?? true });
    this.line = fields.line;
  }
}

/** An error the server reported inside a 2xx stream (a chat `error` payload, a Responses `response.failed`). */
export class ModelServerError extends ModelError {
  readonly code: string | undefined;
  readonly serverMessage: string | undefined;
  /** Delay the server asked for (e.g. "try again in 11.054s"), in ms. */
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    fields: {
      url: string;
      retryable: boolean;
      code?: string | undefined;
      serverMessage?: string | undefined;
      retryAfterMs?: number | undefined;
    },
  ) {
    super(message, { url: fields.url, retryable: fields.retryable });
    this.code = fields.code;
    this.serverMessage = fields.serverMessage;
    this.retryAfterMs = fields.retryAfterMs;
  }
}

/** The request does not fit the model's context window. Never retried: the history must shrink. */
export class ContextWindowExceededError extends ModelError {
  readonly serverMessage: string | undefined;
  readonly status: number | undefined;
  /** Prompt tokens the server counted for the rejected request, when it said. */
  readonly promptTokens: number | undefined;
  /** The window the server enforces, when it said (llama.cpp `n_ctx`, vLLM "maximum context length"). */
  readonly contextTokens: number | undefined;
  constructor(
    message: string,
    fields: {
      url: string;
      serverMessage?: string | undefined;
      status?: number;
      promptTokens?: number;
      contextTokens?: number;
    },
  ) {
    super(message, { url: fields.url, retryable: false });
    this.serverMessage = fields.serverMessage;
    this.status = fields.status;
    this.promptTokens = fields.promptTokens;
    this.contextTokens = fields.contextTokens;
  }
}

/** The account is out of quota or its plan does not include this use. Never retried. */
export class QuotaExceededError extends ModelError {
  readonly code: string;
  readonly serverMessage: string | undefined;
  readonly status: number | undefined;
  constructor(
    message: string,
    fields: { url: string; code: string; serverMessage?: string | undefined; status?: number },
  ) {
    super(message, { url: fields.url, retryable: false });
    this.code = fields.code;
    this.serverMessage = fields.serverMessage;
    this.status = fields.status;
  }
}

/**
 * The provider refused the request on policy grounds (`cyber_policy`) or rejected the prompt
 * (`invalid_prompt`, `bio_policy`). Never retried.
 */
export class ModelRefusalError extends ModelError {
  readonly code: string;
  readonly serverMessage: string;
  constructor(message: string, fields: { url: string; code: string; serverMessage: string }) {
    super(message, { url: fields.url, retryable: false });
    this.code = fields.code;
    this.serverMessage = fields.serverMessage;
  }
}

/** A Responses stream ended with `response.incomplete` (e.g. `max_output_tokens`, `content_filter`). */
export class ModelIncompleteError extends ModelError {
  readonly reason: string;
  constructor(message: string, fields: { url: string; reason: string }) {
    super(message, { url: fields.url, retryable: false });
    this.reason = fields.reason;
  }
}

/**
 * The reply outgrew `stream_max_reply_bytes`: text, tool-call arguments and reasoning together, or
 * one server-sent event line or a non-streamed body beyond what such a reply needs. Not retried.
 */
export class ModelReplyTooLargeError extends ModelError {
  readonly limitBytes: number;
  /** The provider setting that raises the limit, e.g. `model_providers.ollama.stream_max_reply_bytes`. */
  readonly configKey: string;
  constructor(message: string, fields: { url: string; limitBytes: number; configKey: string }) {
    super(message, { url: fields.url, retryable: false });
    this.limitBytes = fields.limitBytes;
    this.configKey = fields.configKey;
  }
}
