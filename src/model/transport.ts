// The smallest HTTP surface the client needs. The default is node:http(s) rather than the global
// fetch because fetch (undici) has hidden 300 s headers/body timeouts that would cut off a local
// model still reading a long prompt before ossa's own first-byte timeout (10 min for local
// providers). An injected `fetch` is adapted to the same shape (tests, custom transports).
import type * as Http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';

/**
 * node:http without its ESM namespace: `import http from 'node:http'` makes Node evaluate every
 * export, and the lazy `WebSocket` one loads undici (all of fetch, ~17 MiB and tens of ms) on a
 * path that never fetches. getBuiltinModule (Node 22.3+) hands over the module object alone.
 */
const http: typeof Http =
  process.getBuiltinModule?.('node:http') ?? createRequire(import.meta.url)('node:http');

export interface HttpRequest {
  url: URL;
  method: 'POST' | 'GET' | 'DELETE';
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** A response header by lower-case name. */
  header(name: string): string | undefined;
  /** The body bytes; iteration throws when the connection breaks or the request is aborted. */
  body: AsyncIterable<Uint8Array>;
}

export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

export const nodeHttpTransport: HttpTransport = (request) => sendOnce(request, true);

/**
 * One request. A kept-alive connection the server closed just as it was reused fails before any
 * byte of an answer (ECONNRESET / EPIPE; llama-server closes the connection after every stream):
 * the server never saw that request, so it goes out once more on a fresh connection, unannounced.
 */
function sendOnce(request: HttpRequest, mayResend: boolean): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    const client = request.url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    let answered = false;
    const outgoing = client.request(
      request.url,
      { method: request.method, headers, signal: request.signal },
      (incoming) => {
        answered = true;
        const body = new IncomingBody(incoming);
        resolve({
          status: incoming.statusCode ?? 0,
          statusText: incoming.statusMessage ?? '',
          header: (name) => {
            const value = incoming.headers[name.toLowerCase()];
            return Array.isArray(value) ? value.join(', ') : value;
          },
          body: { [Symbol.asyncIterator]: () => body },
        });
      },
    );
    outgoing.on('error', (error) => {
      const code = systemErrorCode(error);
      const staleSocket = outgoing.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE');
      if (mayResend && staleSocket && !answered && !request.signal.aborted) {
        sendOnce(request, false).then(resolve, reject);
        return;
      }
      reject(error);
    });
    outgoing.end(request.body);
  });
}

const HIGH_WATER_CHUNKS = 64;

/**
 * The response body as an async iterator that keeps every byte received before a connection
 * breaks: a Readable's own iterator drops buffered chunks when the stream errors, so output the
 * server did send before a reset would be lost (and never shown before the retry). Its 'error'
 * listener also keeps an unobserved error (an abort after reading stopped) from crashing.
 */
class IncomingBody implements AsyncIterator<Uint8Array> {
  readonly #incoming: Http.IncomingMessage;
  readonly #chunks: Buffer[] = [];
  #ended = false;
  #error: unknown;
  #wake: (() => void) | undefined;

  constructor(incoming: Http.IncomingMessage) {
    this.#incoming = incoming;
    incoming.on('data', (chunk: Buffer) => {
      this.#chunks.push(chunk);
      if (this.#chunks.length >= HIGH_WATER_CHUNKS) incoming.pause();
      this.#notify();
    });
    incoming.on('end', () => {
      this.#ended = true;
      this.#notify();
    });
    incoming.on('error', (error) => {
      this.#error ??= error;
      this.#notify();
    });
    incoming.on('close', () => {
      if (!this.#ended && this.#error === undefined) {
        this.#error = Object.assign(new Error('the connection closed before the response ended'), {
          code: 'ECONNRESET',
        });
      }
      this.#notify();
    });
  }

  async next(): Promise<IteratorResult<Uint8Array>> {
    for (;;) {
      const chunk = this.#chunks.shift();
      if (chunk) {
        if (this.#chunks.length < HIGH_WATER_CHUNKS / 4 && this.#incoming.isPaused()) this.#incoming.resume();
        return { value: chunk, done: false };
      }
      if (this.#ended) return { value: undefined, done: true };
      if (this.#error !== undefined) throw this.#error;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  async return(): Promise<IteratorResult<Uint8Array>> {
    if (!this.#ended) this.#incoming.destroy();
    return { value: undefined, done: true };
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

/** Adapts a fetch implementation (the global one or a test double) to HttpTransport. */
export function fetchTransport(fetchImplementation: typeof fetch): HttpTransport {
  return async (request) => {
    const response = await fetchImplementation(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: request.signal,
    });
    return {
      status: response.status,
      statusText: response.statusText,
      header: (name) => response.headers.get(name) ?? undefined,
      body: response.body ?? emptyBody(),
    };
  };
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {}

/**
 * The system error code behind a transport failure: node:http puts it on the error (or on the
 * members of an AggregateError when several addresses were tried); fetch nests it in `cause`.
 */
export function systemErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const record = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof record.code === 'string') return record.code;
    if (Array.isArray(record.errors) && record.errors.length > 0) {
      const inner = systemErrorCode(record.errors[0]);
      if (inner) return inner;
    }
    current = record.cause;
  }
  return undefined;
}
