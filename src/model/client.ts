// The provider-neutral model client: one `stream()` per model request, retried as the provider
// settings allow. Two budgets: `requestMaxRetries` for failures before a 2xx response (connection
// errors, 408/409/429/5xx) and `streamMaxRetries` for failures after it (dropped, stalled,
// malformed or incomplete streams, retryable in-stream errors) and for timeouts. Every wait is
// announced with a `retry` event; a retry after output was emitted is preceded by `reset`.
import type { ProviderSettings } from '../protocol/provider.js';
import { type AttemptSetup, runAttempt } from './attempt.js';
import {
  ModelApiError,
  ModelConnectionError,
  ModelError,
  ModelServerError,
  ModelTimeoutError,
} from './errors.js';
import { endpointUrl, requestHeaders } from './http.js';
import { requestContext } from './request-context.js';
import { backoffDelayMs, LOCAL_REFUSED_MAX_RETRIES } from './retry-policy.js';
import { fetchTransport, nodeHttpTransport } from './transport.js';
import type { ModelEvent, ModelRequest } from './types.js';
import type { WireState } from './wire/adapter.js';
import { wireAdapter } from './wire/adapters.js';

export interface ModelClientOptions {
  /** Replaces `ossa/<version>`. */
  userAgent?: string;
  /** Use this fetch instead of node:http (tests, custom transports). */
  fetch?: typeof fetch;
  /** Waits between attempts; rejects when `signal` aborts. Injected by tests to record delays. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
}

export interface ModelClient {
  /**
   * Streams one model reply. Yields `response-start` per attempt, deltas, and exactly one final
   * `finish`; or throws a ModelError subclass (see errors.ts), or the signal's abort reason when
   * `signal` aborts. Breaking out of the loop aborts the HTTP request.
   */
  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent>;
}

export function createModelClient(provider: ProviderSettings, options: ModelClientOptions = {}): ModelClient {
  const adapter = wireAdapter(provider.wireApi);
  const url = endpointUrl(provider, adapter.path);
  const setup: AttemptSetup = {
    transport: options.fetch ? fetchTransport(options.fetch) : nodeHttpTransport,
    url,
    headers: requestHeaders(provider, options.userAgent),
    context: requestContext(provider, url, adapter.path),
    adapter,
    firstByteTimeoutMs: provider.firstByteTimeoutMs,
    idleTimeoutMs: provider.streamIdleTimeoutMs,
    maxDurationMs: provider.streamMaxDurationMs,
    maxReplyBytes: provider.streamMaxReplyBytes,
  };
  const state: WireState = { chatStreamOptions: true };
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;

  async function* stream(
    request: ModelRequest,
    signal: AbortSignal,
  ): AsyncGenerator<ModelEvent, void, undefined> {
    let attempts = 0;
    let requestRetries = 0;
    let streamRetries = 0;
    let previousFailure: string | undefined;
    for (;;) {
      attempts++;
      const body = JSON.stringify(adapter.lower(request, provider, state));
      let started = false;
      let emittedOutput = false;
      try {
        for await (const batch of runAttempt(setup, body, attempts, signal)) {
          for (const event of batch) {
            if (event.type === 'response-start') started = true;
            else emittedOutput = true;
            yield event;
          }
        }
        return;
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (adapter.adaptToError?.(error, state)) {
          attempts--;
          continue;
        }
        if (!(error instanceof ModelError) || !error.retryable) throw finalError(error, attempts);
        // A local server (no fleet behind it) that says exactly the same again fails deterministically.
        const failure = provider.isLocal ? repeatableFailure(error) : undefined;
        if (failure !== undefined && failure === previousFailure) {
          error.message += ' The server answered the same way twice, so it is not retried further.';
          throw finalError(error, attempts);
        }
        previousFailure = failure;
        let retry: number;
        let maxRetries: number;
        // Timeouts count as dropped streams even before the status line: a first-byte timeout on a
        // local server is minutes long, and the request budget would multiply it.
        if (started || error instanceof ModelTimeoutError) {
          retry = ++streamRetries;
          maxRetries = provider.streamMaxRetries;
        } else {
          retry = ++requestRetries;
          maxRetries = provider.requestMaxRetries;
          // A local server that refuses connections is not running: say so quickly.
          if (error instanceof ModelConnectionError && error.refused && provider.isLocal) {
            maxRetries = Math.min(maxRetries, LOCAL_REFUSED_MAX_RETRIES);
          }
        }
        if (retry > maxRetries) throw finalError(error, attempts);
        const delayMs = serverDelay(error) ?? backoffDelayMs(retry, random);
        if (emittedOutput) yield { type: 'reset', reason: error.message };
        yield { type: 'retry', attempt: retry, maxAttempts: maxRetries + 1, delayMs, reason: error.message };
        await sleep(delayMs, signal);
      }
    }
  }

  return { stream };
}

function finalError(error: unknown, attempts: number): unknown {
  return error instanceof ModelError ? error.noteAttempts(attempts) : error;
}

/** Codes of a busy server: the same words again do not mean the same failure. */
const BUSY_CODE = /rate_limit|overload|slow_down|timeout|unavailable|^(408|429|503)$/;

/**
 * What identifies a failure the server explained (its status or code and its own message), for
 * failures a retry can only repeat; undefined for ones that pass (busy, rate limits, lost streams).
 */
function repeatableFailure(error: ModelError): string | undefined {
  if (serverDelay(error) !== undefined) return undefined;
  if (error instanceof ModelApiError && error.serverMessage && ![408, 429, 503].includes(error.status)) {
    return `HTTP ${error.status} ${error.code ?? ''} ${error.serverMessage}`;
  }
  if (error instanceof ModelServerError && error.serverMessage && !BUSY_CODE.test(error.code ?? '')) {
    return `stream ${error.code ?? ''} ${error.serverMessage}`;
  }
  return undefined;
}

function serverDelay(error: ModelError): number | undefined {
  if ('retryAfterMs' in error && typeof error.retryAfterMs === 'number') return error.retryAfterMs;
  return undefined;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
