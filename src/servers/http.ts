// Small HTTP helpers for talking to local model servers' management APIs (not the model wires):
// one JSON request with a timeout, or a streamed response for NDJSON progress. They go through
// the model client's transport (node:http): one HTTP stack, without fetch's hidden 300 s header
// timeout (LM Studio's model load may take 10 minutes). Failures are typed: the server is not
// there (BackendUnreachableError), it answered with an error status (BackendHttpError), it sent
// something unreadable (BackendProtocolError), or the user cancelled (InterruptedError).
import { InterruptedError, OssaError } from '../errors.js';
import { serverErrorFields } from '../model/classify-error.js';
import { type HttpResponse, nodeHttpTransport, systemErrorCode } from '../model/transport.js';
import type * as z from '../protocol/zod.js';

export interface BackendRequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  /** JSON-encoded as the request body. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Whole request for JSON calls; until the response headers for streams. Default 3000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type UnreachableReason = 'refused' | 'timeout' | 'not-found-host' | 'reset' | 'other';

/** Nothing answered at the URL (connection refused, DNS failure, timeout). */
export class BackendUnreachableError extends OssaError {
  readonly url: string;
  readonly reason: UnreachableReason;
  /** Why, for people: `connection refused: nothing is listening there`, `no response within 300 ms`. */
  readonly description: string;
  constructor(url: string, reason: UnreachableReason, detail: string) {
    const description = describeReason(reason, detail);
    super(`No answer from ${url} (${description}).`, 1);
    this.url = url;
    this.reason = reason;
    this.description = description;
  }
}

/** The server answered with a non-2xx status. */
export class BackendHttpError extends OssaError {
  readonly url: string;
  readonly status: number;
  /** The server's own error message, when its body had one. */
  readonly serverMessage: string | undefined;
  constructor(url: string, status: number, body: string) {
    const serverMessage = errorMessageFromBody(body);
    super(`${url} answered HTTP ${status}${serverMessage ? `: ${serverMessage}` : ''}`, 1);
    this.url = url;
    this.status = status;
    this.serverMessage = serverMessage;
  }
}

/**
 * The server answered 2xx but with a body ossa cannot read — or with an error object where the
 * answer should be (LM Studio 0.3.x answers every unknown endpoint with HTTP 200 and
 * `{"error": "Unexpected endpoint or method. …"}`): then `serverMessage` holds that error.
 */
export class BackendProtocolError extends OssaError {
  readonly url: string;
  readonly serverMessage: string | undefined;
  constructor(url: string, problem: string, serverMessage?: string) {
    super(`${url} sent an unexpected answer: ${problem}`, 1);
    this.url = url;
    this.serverMessage = serverMessage;
  }
}

/** The error a 2xx JSON body carries instead of an answer (`{"error": "…"}` or `{"error": {"message": …}}`). */
function errorInsteadOfAnswer(json: unknown, text: string): string | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const error = (json as { error?: unknown }).error;
  if (typeof error === 'string') return error.trim().slice(0, 300) || undefined;
  if (typeof error === 'object' && error !== null)
    return (errorMessageFromBody(text) ?? JSON.stringify(error)).slice(0, 300);
  return undefined;
}

function describeReason(reason: UnreachableReason, detail: string): string {
  switch (reason) {
    case 'refused':
      return 'connection refused: nothing is listening there';
    case 'timeout':
      return `no response within ${detail}`;
    case 'not-found-host':
      return 'host name not found';
    case 'reset':
      return 'connection reset';
    case 'other':
      return detail;
  }
}

/** Sends one request and parses the JSON answer with `schema` (lenient, at the edge). */
export async function requestJson<T>(
  url: string,
  schema: z.ZodMiniType<T>,
  options: BackendRequestOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const { response, clear, signal } = await send(url, options, timeoutMs);
  let text: string;
  try {
    text = await readText(response);
  } catch (error) {
    throw translateError(url, error, options.signal, signal, timeoutMs);
  } finally {
    clear();
  }
  if (response.status < 200 || response.status >= 300) throw new BackendHttpError(url, response.status, text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackendProtocolError(url, `not JSON: ${text.slice(0, 120)}`);
  }
  const serverError = errorInsteadOfAnswer(json, text);
  if (serverError !== undefined) {
    throw new BackendProtocolError(url, `an error instead of an answer: ${serverError}`, serverError);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new BackendProtocolError(
      url,
      parsed.error.issues[0]?.message ?? 'does not match the expected shape',
    );
  }
  return parsed.data;
}

/**
 * Sends a request whose answer is streamed. `timeoutMs` bounds the wait for the response
 * headers only; the caller reads the body with its own idle timeout (see ndjson.ts).
 */
export async function requestStream(url: string, options: BackendRequestOptions = {}): Promise<HttpResponse> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const { response, clear } = await send(url, options, timeoutMs);
  clear();
  if (response.status < 200 || response.status >= 300) {
    throw new BackendHttpError(url, response.status, await readText(response).catch(() => ''));
  }
  return response;
}

/** Starts the request; the timeout stays armed until the caller calls `clear`. */
async function send(
  url: string,
  options: BackendRequestOptions,
  timeoutMs: number,
): Promise<{ response: HttpResponse; clear: () => void; signal: AbortSignal }> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const clear = () => clearTimeout(timer);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await nodeHttpTransport({
      url: new URL(url),
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      signal,
    });
    return { response, clear, signal };
  } catch (error) {
    clear();
    throw translateError(url, error, options.signal, signal, timeoutMs);
  }
}

async function readText(response: HttpResponse): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of response.body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Maps what the transport throws to the typed errors above. */
function translateError(
  url: string,
  error: unknown,
  userSignal: AbortSignal | undefined,
  requestSignal: AbortSignal,
  timeoutMs: number,
): Error {
  if (userSignal?.aborted) return new InterruptedError('cancelled');
  if (error instanceof OssaError) return error;
  if (requestSignal.aborted) return new BackendUnreachableError(url, 'timeout', `${timeoutMs} ms`);
  const code = systemErrorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return new BackendUnreachableError(url, 'refused', code);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new BackendUnreachableError(url, 'not-found-host', code);
    case 'ECONNRESET':
    case 'EPIPE':
      return new BackendUnreachableError(url, 'reset', code);
    case 'ETIMEDOUT':
      return new BackendUnreachableError(url, 'timeout', `${timeoutMs} ms`);
    default:
      return new BackendUnreachableError(
        url,
        'other',
        error instanceof Error ? error.message : String(error),
      );
  }
}

/**
 * The server's own error text from an error body, in any shape model/classify-error.ts knows
 * (`{"error":"…"}`, `{"error":{"message":"…"}}`, `{"message":"…"}`, `{"detail":"…"}`), or a short
 * plain-text body.
 */
export function errorMessageFromBody(body: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const trimmed = body.trim();
    return trimmed && trimmed.length <= 300 && !trimmed.startsWith('<') ? trimmed : undefined;
  }
  return serverErrorFields(json).message;
}
