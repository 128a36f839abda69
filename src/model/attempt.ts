// One HTTP attempt: send, check the status, stream the body through SSE decoding and the wire
// parser, and yield ModelEvents in batches (one per network read, so a 20k-token stream does not
// pay an extra async hop per event). Failures come out as typed errors; retrying is the client's job.
// Leaving early (the consumer breaks, or the caller aborts) aborts the request.
import { kindByServerHeader } from '../protocol/server-kinds.js';
import { httpStatusError } from './classify-error.js';
import { ModelError, ModelStreamError } from './errors.js';
import { connectionError, timeoutError } from './http.js';
import { envelopeLimit, ReplyBudget, replyTooLargeError } from './reply-budget.js';
import type { RequestContext } from './request-context.js';
import { retryAfterMs } from './retry-policy.js';
import { SseDecoder, type SseMessage } from './sse.js';
import { StreamWatchdog } from './stream-watchdog.js';
import { type HttpResponse, type HttpTransport, systemErrorCode } from './transport.js';
import type { ModelEvent } from './types.js';
import type { StreamParser, WireAdapter } from './wire/adapter.js';
import { checkPayloadDepth } from './wire/payload.js';

export interface AttemptSetup {
  transport: HttpTransport;
  url: URL;
  headers: Record<string, string>;
  context: RequestContext;
  adapter: WireAdapter;
  firstByteTimeoutMs: number;
  idleTimeoutMs: number;
  /** The attempt's deadline (0: none). */
  maxDurationMs: number;
  /** Text + tool-call arguments + reasoning of one reply, in bytes. */
  maxReplyBytes: number;
}

const ERROR_BODY_LIMIT = 64 * 1024;

export async function* runAttempt(
  setup: AttemptSetup,
  body: string,
  attempt: number,
  signal: AbortSignal,
): AsyncGenerator<ModelEvent[], void, undefined> {
  if (signal.aborted) throw signal.reason;
  const run = new AttemptRun(setup, signal);
  try {
    run.watchdog.start();
    const response = await run.connect(body);
    await run.failOnErrorStatus(response);
    run.watchdog.suspend();
    yield [{ type: 'response-start', attempt }];
    run.watchdog.resume();
    const parser = setup.adapter.createParser(run.context);
    const contentType = response.header('content-type') ?? '';
    if (/json/i.test(contentType) && !/event-stream/i.test(contentType)) {
      // The server ignored `stream: true` and sent the whole reply (or an error) as JSON.
      yield await run.readJsonReply(response, parser);
      return;
    }
    yield* run.streamEvents(response, parser);
  } finally {
    run.finish();
  }
}

/** The state of one attempt: its abort controller, watchdog, reply budget and request context. */
class AttemptRun {
  context: RequestContext;
  readonly watchdog: StreamWatchdog;
  private readonly controller = new AbortController();
  private readonly forwardAbort = () => this.controller.abort(this.signal.reason);
  private readonly budget: ReplyBudget;
  private timeout: ModelError | undefined;
  /** Whether the body was read to its end (otherwise the request is aborted when the attempt ends). */
  private bodyConsumed = false;

  constructor(
    private readonly setup: AttemptSetup,
    private readonly signal: AbortSignal,
  ) {
    this.context = setup.context;
    signal.addEventListener('abort', this.forwardAbort, { once: true });
    this.budget = new ReplyBudget(setup.maxReplyBytes);
    this.watchdog = new StreamWatchdog(
      setup.firstByteTimeoutMs,
      setup.idleTimeoutMs,
      (phase, ms) => {
        this.timeout = timeoutError(this.context, phase, ms);
        this.controller.abort(this.timeout);
      },
      setup.maxDurationMs,
    );
  }

  async connect(body: string): Promise<HttpResponse> {
    let response: HttpResponse;
    try {
      response = await this.setup.transport({
        url: this.setup.url,
        method: 'POST',
        headers: this.setup.headers,
        body,
        signal: this.controller.signal,
      });
    } catch (error) {
      throw this.explain(error, 'connect');
    }
    const serverKind = kindByServerHeader(response.header('server'));
    if (serverKind) this.context = { ...this.context, serverKind };
    return response;
  }

  /** A non-2xx answer becomes the typed error for its status, with the server's own message. */
  async failOnErrorStatus(response: HttpResponse): Promise<void> {
    if (response.status >= 200 && response.status < 300) return;
    let text = '';
    try {
      ({ text } = await readText(response, this.watchdog, ERROR_BODY_LIMIT));
    } catch (error) {
      if (this.timeout || this.signal.aborted) throw this.explain(error, 'body');
    }
    throw httpStatusError(this.context, {
      status: response.status,
      statusText: response.statusText,
      body: text,
      retryAfterMs: retryAfterMs(response.header),
    });
  }

  /** A whole JSON reply (no SSE): read within the envelope limit, parsed, turned into events. */
  async readJsonReply(response: HttpResponse, parser: StreamParser): Promise<ModelEvent[]> {
    let text: string;
    try {
      const read = await readText(response, this.watchdog, envelopeLimit(this.setup.maxReplyBytes));
      if (read.truncated) throw this.tooLarge('json-body');
      text = read.text;
    } catch (error) {
      throw this.explain(error, 'body');
    }
    this.bodyConsumed = true;
    const { url } = this.context;
    checkPayloadDepth(text, url);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ModelStreamError(
        `POST ${url} answered with a JSON body that does not parse: ${JSON.stringify(text.slice(0, 300))}.`,
        { url, line: text.slice(0, 1000) },
      );
    }
    const out: ModelEvent[] = [];
    parser.pushJsonBody(value, out);
    parser.end(out, '');
    if (!this.budget.add(out)) throw this.tooLarge('reply');
    return out;
  }

  /** The SSE body, one batch of events per network read; events before an error in the same read still come out. */
  async *streamEvents(
    response: HttpResponse,
    parser: StreamParser,
  ): AsyncGenerator<ModelEvent[], void, undefined> {
    const decoder = new SseDecoder(envelopeLimit(this.setup.maxReplyBytes));
    let failure: unknown;
    try {
      for await (const chunk of response.body) {
        const read = this.decodeRead(decoder, parser, chunk);
        failure = read.failure;
        if (read.events.length > 0) {
          this.watchdog.suspend();
          yield read.events;
          this.watchdog.resume();
        }
        if (failure !== undefined || parser.done) break;
      }
    } catch (error) {
      throw this.explain(error, 'body');
    }
    if (failure !== undefined) throw failure;
    if (this.timeout) throw this.timeout;
    if (this.signal.aborted) throw this.signal.reason;
    if (!parser.done) this.bodyConsumed = true;
    let out: ModelEvent[] = [];
    try {
      closeStream(parser, decoder, out, this.context, response.status);
      if (!this.budget.add(out)) {
        out = [];
        failure = this.tooLarge('reply');
      }
    } catch (error) {
      failure = error;
    }
    if (out.length > 0) yield out;
    if (failure !== undefined) throw failure;
  }

  /** One network read through the SSE decoder and the wire parser, within the reply budget. */
  private decodeRead(
    decoder: SseDecoder,
    parser: StreamParser,
    chunk: Uint8Array,
  ): { events: ModelEvent[]; failure: unknown } {
    const events: ModelEvent[] = [];
    let failure: unknown;
    let messages: SseMessage[] = [];
    try {
      messages = decoder.push(chunk);
    } catch (error) {
      failure = error;
    }
    if (decoder.overflowed) failure ??= this.tooLarge('sse-line');
    // Keep-alive comments alone do not count as progress (sse.ts).
    if (decoder.lastReadWasProgress) this.watchdog.sawBytes();
    try {
      for (const message of messages) {
        parser.push(message, events);
        if (parser.done) break;
      }
    } catch (error) {
      failure = error;
    }
    // The read that crosses the limit is not delivered: the reply ends where it still fitted.
    if (!this.budget.add(events, 0)) {
      events.length = 0;
      failure = this.tooLarge('reply');
    }
    return { events, failure };
  }

  finish(): void {
    this.watchdog.stop();
    this.signal.removeEventListener('abort', this.forwardAbort);
    if (!this.bodyConsumed) this.controller.abort();
  }

  private tooLarge(part: Parameters<typeof replyTooLargeError>[1]): ModelError {
    return replyTooLargeError(this.context, part, this.setup.maxReplyBytes);
  }

  /** The error that explains a low-level failure: our timeout, the caller's abort, or the break itself. */
  private explain(error: unknown, stage: 'connect' | 'body'): unknown {
    if (this.timeout) return this.timeout;
    if (this.signal.aborted) return this.signal.reason;
    if (error instanceof ModelError) return error;
    if (stage === 'connect') return connectionError(this.context, error);
    const code = systemErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
    return new ModelStreamError(
      `The connection to POST ${this.context.url} broke during the response (${code}).`,
      { url: this.context.url },
    );
  }
}

/** The body ended (or the terminal event arrived): flush the decoder and let the parser close. */
function closeStream(
  parser: StreamParser,
  decoder: SseDecoder,
  out: ModelEvent[],
  context: RequestContext,
  status: number,
): void {
  if (!parser.done) {
    for (const message of decoder.end()) {
      parser.push(message, out);
      if (parser.done) break;
    }
  }
  if (!parser.done && decoder.bytesSeen === 0) {
    throw new ModelStreamError(`POST ${context.url} answered HTTP ${status} with an empty body.`, {
      url: context.url,
    });
  }
  if (!parser.done && decoder.firstNonSseLine !== undefined) {
    const line = decoder.firstNonSseLine;
    throw new ModelStreamError(
      `The stream from ${context.url} ended without completing and contained a line that is not server-sent events: ${JSON.stringify(line.slice(0, 300))}.`,
      { url: context.url, line },
    );
  }
  parser.end(out, decoder.partialLine);
}

/** Reads a whole body as text, feeding the watchdog; stops (`truncated`) past `limit` bytes. */
async function readText(
  response: HttpResponse,
  watchdog: StreamWatchdog,
  limit: number,
): Promise<{ text: string; truncated: boolean }> {
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for await (const chunk of response.body) {
    watchdog.sawBytes();
    text += decoder.decode(chunk, { stream: true });
    bytes += chunk.byteLength;
    if (bytes > limit) return { text, truncated: true };
  }
  return { text: text + decoder.decode(), truncated: false };
}
