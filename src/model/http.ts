// What goes on the wire besides the body: the URL with `query_params`, the headers (auth,
// `http_headers`, a plain user agent — no session ids, paths or machine ids), and the typed errors
// for failures below HTTP (connection, timeouts).
import type { ProviderSettings } from '../protocol/provider.js';
import { VERSION } from '../version.js';
import { ModelConnectionError, ModelTimeoutError, type TimeoutPhase } from './errors.js';
import { localServerHint } from './local-server-hint.js';
import type { RequestContext } from './request-context.js';
import { systemErrorCode } from './transport.js';

/** `{base_url}{path}?{query_params}`; config gives base_url without a trailing slash. */
export function endpointUrl(provider: ProviderSettings, path: string): URL {
  const url = new URL(`${provider.baseUrl}${path}`);
  for (const [key, value] of Object.entries(provider.queryParams)) url.searchParams.set(key, value);
  return url;
}

export function requestHeaders(
  provider: ProviderSettings,
  userAgent = `ossa/${VERSION}`,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'text/event-stream',
    'user-agent': userAgent,
    ...authHeaders(provider),
  };
}

/**
 * The provider's credentials and configured headers, for every request ossa sends it (model
 * requests here, and the servers/ probes: listing models, reading the window, probing wires): the
 * API key as a bearer token, then `http_headers`, which win (Azure's `api-key`, a custom
 * Authorization scheme), so an `Authorization` is never sent twice under two spellings.
 */
export function authHeaders(
  provider: Pick<ProviderSettings, 'apiKey' | 'httpHeaders'>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (provider.apiKey) headers.authorization = `Bearer ${provider.apiKey}`;
  for (const [name, value] of Object.entries(provider.httpHeaders)) headers[name.toLowerCase()] = value;
  return headers;
}

const UNREACHABLE = new Set([
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** A failure to get any response: refused, DNS, unreachable, reset before the status line. */
export function connectionError(context: RequestContext, error: unknown): ModelConnectionError {
  const code = systemErrorCode(error);
  const url = new URL(context.url);
  const target = `POST ${context.url}`;
  let message: string;
  if (code === 'ECONNREFUSED') {
    message = context.isLocal
      ? `Could not connect to ${target}: connection refused, nothing is listening on ${url.host}. ${localServerHint(context.providerId, url)}`
      : `Could not connect to ${target}: connection refused by ${url.host}. Check base_url of provider "${context.providerId}".`;
  } else if (code && DNS.has(code)) {
    message = `Could not resolve host "${url.hostname}" for ${target} (${code}). Check base_url of provider "${context.providerId}" and your network connection.`;
  } else if (code && UNREACHABLE.has(code)) {
    message = `Could not reach ${target} (${code}). Check your network connection and base_url of provider "${context.providerId}".`;
  } else if (code && RESET.has(code)) {
    message = `The connection for ${target} was closed before a response arrived (${code}).`;
  } else {
    const detail = error instanceof Error ? error.message : String(error);
    message = `Could not connect to ${target}: ${detail}${code ? ` (${code})` : ''}.`;
  }
  return new ModelConnectionError(message, { url: context.url, code, cause: error });
}

export function timeoutError(
  context: RequestContext,
  phase: TimeoutPhase,
  timeoutMs: number,
): ModelTimeoutError {
  const seconds = formatDuration(timeoutMs);
  const key = `model_providers.${context.providerId}.${TIMEOUT_KEYS[phase]}`;
  const message = {
    'first-byte': `No response from POST ${context.url} within ${seconds} (first-byte timeout). A local model may still be loading or reading a long prompt: raise ${key}.`,
    idle: `The stream from POST ${context.url} stalled: no data for ${seconds} (idle timeout). If the server is just slow, raise ${key}.`,
    deadline: `The reply from POST ${context.url} was still not finished after ${seconds}, the limit for one request (${key}). Not retried: if the model really needs longer, raise ${key} (0 means no limit).`,
  }[phase];
  return new ModelTimeoutError(message, { url: context.url, phase, timeoutMs, configKey: key });
}

const TIMEOUT_KEYS: Record<TimeoutPhase, string> = {
  'first-byte': 'stream_first_byte_timeout_ms',
  idle: 'stream_idle_timeout_ms',
  deadline: 'stream_max_duration_ms',
};

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
