// Turns what a server said went wrong (an HTTP error body, an error payload inside a stream, a
// Responses `response.failed`) into one typed error with a message that says what to do.
// Retryability comes from the status or a structured code; text only chooses the hint.

import { RECOMMENDED_CONTEXT_WINDOW, SERVER_KINDS } from '../protocol/server-kinds.js';
import {
  ContextWindowExceededError,
  isRetryableStatus,
  ModelApiError,
  type ModelError,
  ModelRefusalError,
  ModelServerError,
  QuotaExceededError,
} from './errors.js';
import { overflowFigures } from './overflow-figures.js';
import type { RequestContext } from './request-context.js';
import { tryAgainInMs } from './retry-policy.js';

/** The parts of an error payload every server shape is reduced to. */
export interface ServerErrorFields {
  message?: string | undefined;
  /** `error.code` or `error.type` when it is a string. */
  code?: string | undefined;
  /** A numeric `code` (vLLM, llama.cpp and goose-style payloads put the HTTP status there). */
  status?: number | undefined;
  /** Overflow answers: the prompt tokens counted and the window enforced, when the server says. */
  promptTokens?: number | undefined;
  contextTokens?: number | undefined;
  /** Whose overflow answer gave the figures (llama.cpp's get its own fix). */
  overflowServer?: 'llama.cpp' | undefined;
}

const CONTEXT_CODES = new Set([
  'context_length_exceeded',
  'exceed_context_size_error',
  'context_window_exceeded',
]);
const QUOTA_CODES = new Set(['insufficient_quota', 'usage_not_included']);
const REFUSAL_CODES = new Set(['cyber_policy', 'invalid_prompt', 'bio_policy']);
const CYBER_FALLBACK = 'This request has been flagged for possible cybersecurity risk.';
// Used only to pick the ContextWindowExceeded class for 400/413 bodies without a code: vLLM
// ("maximum context length is"), llama.cpp ("exceeds the available context size"), LM Studio.
const CONTEXT_TEXT = /context (length|window|size)|maximum context|context overflow|prompt is too long/i;

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * Reads the error fields out of any known error body: `{error:{message,code,type}}` (OpenAI,
 * llama.cpp, Ollama /v1), `{error:"text"}` (Ollama native, LM Studio), `{object:"error",message,code}`
 * (vLLM), `{detail:"…"}` (FastAPI servers), `{message}`.
 */
export function serverErrorFields(body: unknown): ServerErrorFields {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const inner = record.error;
  const source =
    typeof inner === 'object' && inner !== null
      ? (inner as Record<string, unknown>)
      : (record as Record<string, unknown>);
  const message =
    stringField(typeof inner === 'string' ? inner : undefined) ??
    stringField(source.message) ??
    stringField(record.message) ??
    stringField(record.detail) ??
    detailList(record.detail);
  const code = stringField(source.code) ?? stringField(source.type);
  const status = typeof source.code === 'number' ? source.code : undefined;
  return { message, code, status, ...overflowFigures(body, message) };
}

function detailList(detail: unknown): string | undefined {
  if (!Array.isArray(detail)) return undefined;
  const parts = detail
    .map((entry) =>
      typeof entry === 'object' && entry !== null ? stringField((entry as { msg?: unknown }).msg) : undefined,
    )
    .filter((entry): entry is string => entry !== undefined);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** The server's message in quotes, shortened; or a note that it sent none. */
export function quoteServerMessage(message: string | undefined): string {
  if (!message) return 'the server sent no error message';
  const oneLine = message.trim();
  const short = oneLine.length > 1000 ? `${oneLine.slice(0, 1000)}…` : oneLine;
  return `server said: ${JSON.stringify(short)}`;
}

function contextError(context: RequestContext, fields: ServerErrorFields, status?: number): ModelError {
  const where = status ? `${context.url}, HTTP ${status}` : context.url;
  // With llama.cpp's figures (overflow-figures.ts reads them) the message says how far over it is,
  // and a fix that reaches ossa's own minimum (never a window smaller than the one ossa asks for).
  const figures =
    fields.overflowServer === 'llama.cpp' && fields.promptTokens && fields.contextTokens
      ? { prompt: fields.promptTokens, window: fields.contextTokens }
      : undefined;
  const head = figures
    ? `The request (${figures.prompt} tokens) does not fit in the model's context window of ${figures.window} tokens`
    : "The request does not fit in the model's context window";
  const fix = figures
    ? `restart llama-server with -c ${Math.max(RECOMMENDED_CONTEXT_WINDOW, figures.prompt * 2)} or more`
    : 'load the model with a larger context (e.g. Ollama `num_ctx`, `llama-server -c`, vLLM `--max-model-len`)';
  return new ContextWindowExceededError(
    `${head} (${where}; ${quoteServerMessage(fields.message)}). ` +
      `Start a new session or compact the history; for a local server, ${fix}.`,
    {
      url: context.url,
      serverMessage: fields.message,
      ...(status ? { status } : {}),
      ...(fields.promptTokens ? { promptTokens: fields.promptTokens } : {}),
      ...(fields.contextTokens ? { contextTokens: fields.contextTokens } : {}),
    },
  );
}

function quotaError(
  context: RequestContext,
  fields: ServerErrorFields,
  code: string,
  status?: number,
): ModelError {
  return new QuotaExceededError(
    `The provider refused the request for lack of quota (${code}; ${context.url}; ${quoteServerMessage(fields.message)}). ` +
      'Check the plan and billing of the API key, or switch provider.',
    { url: context.url, code, serverMessage: fields.message, ...(status ? { status } : {}) },
  );
}

function refusalError(context: RequestContext, fields: ServerErrorFields, code: string): ModelError {
  const serverMessage =
    fields.message ?? (code === 'cyber_policy' ? CYBER_FALLBACK : `The request was refused (${code}).`);
  return new ModelRefusalError(`${serverMessage} (${code}; ${context.url})`, {
    url: context.url,
    code,
    serverMessage,
  });
}

/** Classes shared by HTTP bodies and in-stream payloads; undefined when the generic class applies. */
function specificError(
  context: RequestContext,
  fields: ServerErrorFields,
  status?: number,
): ModelError | undefined {
  const code = fields.code;
  if (code && CONTEXT_CODES.has(code)) return contextError(context, fields, status);
  if (code && QUOTA_CODES.has(code)) return quotaError(context, fields, code, status);
  if (code && REFUSAL_CODES.has(code)) return refusalError(context, fields, code);
  return undefined;
}

function statusHint(context: RequestContext, status: number, message: string | undefined): string {
  if (status === 401 || status === 403) {
    if (context.hasApiKey) {
      const source = context.envKey ? `$${context.envKey}` : 'the configured key';
      return ` The server rejected the credentials: check ${source}.`;
    }
    return ` This provider needs an API key: set model_providers.${context.providerId}.env_key to the environment variable that holds it.`;
  }
  if (status === 404) return notFoundHint(context, message);
  return '';
}

function notFoundHint(context: RequestContext, message: string | undefined): string {
  if (message && /model/i.test(message) && !/endpoint|route|path/i.test(message)) {
    return ' Check the model name: `ossa models` lists what the server offers.';
  }
  const otherWire = context.wireApi === 'responses' ? 'chat' : 'responses';
  const base = context.baseUrl; // ProviderSettings.baseUrl has no trailing slash
  const missingV1 = !/\/v\d+[a-z]*$/i.test(base)
    ? ` base_url ("${context.baseUrl}") may be missing "/v1";`
    : '';
  return (
    ` The server has no ${context.path} endpoint here.${missingV1} if the server does not implement the ` +
    `${context.wireApi === 'responses' ? 'Responses' : 'Chat Completions'} API, set ` +
    `wire_api = "${otherWire}" in model_providers.${context.providerId}.`
  );
}

/** A non-2xx HTTP response. `body` is the response text (possibly JSON). */
export function httpStatusError(
  context: RequestContext,
  response: { status: number; statusText: string; body: string; retryAfterMs?: number | undefined },
): ModelError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    parsed = undefined;
  }
  const fields: ServerErrorFields =
    parsed === undefined ? { message: plainTextMessage(response.body) } : serverErrorFields(parsed);
  const { status } = response;
  const specific = specificError(context, fields, status);
  if (specific) return specific;
  if ((status === 400 || status === 413) && fields.message && CONTEXT_TEXT.test(fields.message)) {
    return contextError(context, fields, status);
  }
  const statusText = response.statusText ? ` ${response.statusText}` : '';
  const failed = requestFailureNote(context, status);
  const message =
    `POST ${context.url} failed with HTTP ${status}${statusText} (${quoteServerMessage(fields.message)}).` +
    statusHint(context, status, fields.message) +
    (failed ?? '');
  return new ModelApiError(message, {
    ...(failed ? { retryable: false } : {}),
    url: context.url,
    status,
    serverMessage: fields.message,
    code: fields.code,
    body: response.body.length > 4000 ? `${response.body.slice(0, 4000)}…` : response.body,
    retryAfterMs: response.retryAfterMs,
  });
}

/**
 * When the server that answered gives `status` only for a failure of this very request (llama.cpp's
 * 500), the note that says why it is not sent again; undefined when a retry may succeed.
 */
function requestFailureNote(context: RequestContext, status: number | undefined): string | undefined {
  const info = context.serverKind ? SERVER_KINDS[context.serverKind] : undefined;
  if (status === undefined || !info?.requestFailureStatuses?.includes(status)) return undefined;
  return ` Not retried: ${info.label} answers ${status} when handling this request failed, so the same request would fail the same way.`;
}

/** llama.cpp's parser of the model's output (the chat template's format) rejected what the model wrote. */
const OUTPUT_FORMAT = /does not match the expected .* format/i;

function outputFormatHint(message: string | undefined): string {
  if (!message || !OUTPUT_FORMAT.test(message)) return '';
  return " The model wrote something its chat template's parser cannot read (e.g. text after a tool call, or broken tool-call markup): try another model or quantization, or give the server a matching chat template.";
}

function plainTextMessage(body: string): string | undefined {
  const text = body.trim();
  if (!text || text.startsWith('<')) return undefined; // an HTML error page says nothing useful
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

const TRANSIENT_CODES = new Set([
  'server_error',
  'internal_error',
  'rate_limit_exceeded',
  'rate_limit_error',
  'server_is_overloaded',
  'overloaded_error',
  'slow_down',
  'timeout',
]);

/**
 * An error the server reported inside a 2xx stream: a chat `{"error":…}` / `{"object":"error"}`
 * payload, a Responses `error` event or `response.failed`. Such errors usually come from the
 * backend mid-generation, so they are retried unless their code or numeric status says the request
 * itself is wrong.
 */
export function streamPayloadError(context: RequestContext, fields: ServerErrorFields): ModelError {
  const specific = specificError(context, fields);
  if (specific) return specific;
  if (!fields.code && fields.message && CONTEXT_TEXT.test(fields.message) && fields.status === 400) {
    return contextError(context, fields, 400);
  }
  let retryable = true;
  if (fields.status !== undefined && fields.status >= 400) retryable = isRetryableStatus(fields.status);
  if (fields.code && TRANSIENT_CODES.has(fields.code)) retryable = true;
  const failed = requestFailureNote(context, fields.status);
  if (failed) retryable = false;
  const code = fields.code ?? (fields.status !== undefined ? String(fields.status) : undefined);
  const retryAfterMs = fields.code === 'rate_limit_exceeded' ? tryAgainInMs(fields.message) : undefined;
  return new ModelServerError(
    `The server reported an error during the response (${context.url}${code ? `, code ${code}` : ''}; ${quoteServerMessage(fields.message)}).${failed ?? ''}${failed ? outputFormatHint(fields.message) : ''}`,
    { url: context.url, retryable, code, serverMessage: fields.message, retryAfterMs },
  );
}
