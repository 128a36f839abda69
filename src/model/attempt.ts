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
  let { context } = setup;
  const controller = new AbortController();
  const forwardAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', forwardAbort, { once: true });
  let timeout: ModelError | undefined;
  const watchdog = new StreamWatchdog(
    setup.firstByteTimeoutMs,
    setup.idleTimeoutMs,
    (phase, ms) => {
      timeout = timeoutError(context, phase, ms);
      controller.abort(timeout);
    },
    setup.maxDurationMs,
  );
  const budget = new ReplyBudget(setup.maxReplyBytes);
  const tooLarge = (part: Parameters<typeof replyTooLargeError>[1]) =>
    replyTooLargeError(context, part, setup.maxReplyBytes);
  // The error that explains a low-level failure: our timeout, the caller's abort, or the break itself.
  const explain = (error: unknown, stage: 'connect' | 'body'): unknown => {
    if (timeout) return timeout;
    if (signal.aborted) return signal.reason;
    if (error instanceof ModelError) return error;
    if (stage === 'connect') return connectionError(context, error);
    const code = systemErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
    return new ModelStreamError(
      `The connection to POST ${context.url} broke during the response (${code}).`,
      {
        url: context.url,
      },
    );
  };
  let bodyConsumed = false;
  try {
    watchdog.start();
    let response: HttpResponse;
    try {
      response = await setup.transport({
        url: setup.url,
        method: 'POST',
        headers: setup.headers,
        body,
        signal: controller.signal,
      });
    } catch (error) {
      throw explain(error, 'connect');
    }

    const serverKind = kindByServerHeader(response.header('server'));
    if (serverKind) context = { ...context, serverKind };
    if (response.status < 200 || response.status >= 300) {
      let text = '';
      try {
        ({ text } = await readText(response, watchdog, ERROR_BODY_LIMIT));
      } catch (error) {
        if (timeout || signal.aborted) throw explain(error, 'body');
      }
      throw httpStatusError(context, {
        status: response.status,
        statusText: response.statusText,
        body: text,
        retryAfterMs: retryAfterMs(response.header),
      });
    }

    watchdog.suspend();
    yield [{ type: 'response-start', attempt }];
    watchdog.resume();
    const parser = setup.adapter.createParser(context);
    let out: ModelEvent[] = [];
    const contentType = response.header('content-type') ?? '';

    if (/json/i.test(contentType) && !/event-stream/i.test(contentType)) {
      // The server ignored `stream: true` and sent the whole reply (or an error) as JSON.
      let text: string;
      try {
        const read = await readText(response, watchdog, envelopeLimit(setup.maxReplyBytes));
        if (read.truncated) throw tooLarge('json-body');
        text = read.text;
      } catch (error) {
        throw explain(error, 'body');
      }
      bodyConsumed = true;
      checkPayloadDepth(text, context.url);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new ModelStreamError(
          `POST ${context.url} answered with a JSON body that does not parse: ${JSON.stringify(text.slice(0, 300))}.`,
          { url: context.url, line: text.slice(0, 1000) },
        );
      }
      parser.pushJsonBody(value, out);
      parser.end(out, '');
      if (!budget.add(out)) throw tooLarge('reply');
      yield out;
      return;
    }

    const decoder = new SseDecoder(envelopeLimit(setup.maxReplyBytes));
    // Events completed before an error in the same read are still delivered, then the error.
    let failure: unknown;
    try {
      for await (const chunk of response.body) {
        let messages: SseMessage[];
        try {
          messages = decoder.push(chunk);
        } catch (error) {
          failure = error;
          messages = [];
        }
        if (decoder.overflowed) failure ??= tooLarge('sse-line');
        // Keep-alive comments alone do not count as progress (sse.ts).
        if (decoder.lastReadWasProgress) watchdog.sawBytes();
        const counted = out.length;
        try {
          for (const message of messages) {
            parser.push(message, out);
            if (parser.done) break;
          }
        } catch (error) {
          failure = error;
        }
        // The read that crosses the limit is not delivered: the reply ends where it still fitted.
        if (!budget.add(out, counted)) {
          out.length = counted;
          failure = tooLarge('reply');
        }
        if (out.length > 0) {
          watchdog.suspend();
          yield out;
          out = [];
          watchdog.resume();
        }
        if (failure !== undefined || parser.done) break;
      }
    } catch (error) {
      throw explain(error, 'body');
    }
    if (failure !== undefined) throw failure;
    if (timeout) throw timeout;
    if (signal.aborted) throw signal.reason;
    if (!parser.done) bodyConsumed = true;
    try {
      closeStream(parser, decoder, out, context, response.status);
      if (!budget.add(out)) {
        out = [];
        failure = tooLarge('reply');
      }
    } catch (error) {
      failure = error;
    }
    if (out.length > 0) yield out;
    if (failure !== undefined) throw failure;
  } finally {
    watchdog.stop();
    signal.removeEventListener('abort', forwardAbort);
    if (!bodyConsumed) controller.abort();
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
