// How much one reply holds so far: text, reasoning and tool-call arguments, in UTF-8 bytes. A
// wire may send a part twice (deltas, then the complete item: `reasoning-done`, `tool-call-end`),
// so each part counts with the larger of its delta sum and its complete form, never both.
import { ModelReplyTooLargeError } from './errors.js';
import type { RequestContext } from './request-context.js';
import type { ModelEvent } from './types.js';

export class ReplyBudget {
  readonly limitBytes: number;
  #text = 0;
  #reasoningDeltas = 0;
  #reasoningDone = 0;
  /** Per call id: [delta bytes, complete-arguments bytes]. */
  readonly #calls = new Map<string, [number, number]>();
  #callSum = 0;
  #total = 0;

  constructor(limitBytes: number) {
    this.limitBytes = limitBytes;
  }

  get usedBytes(): number {
    return this.#total;
  }

  /** Counts `events[from..]`; true while the reply is within the limit. */
  add(events: readonly ModelEvent[], from = 0): boolean {
    for (let i = from; i < events.length; i++) this.#count(events[i] as ModelEvent);
    return this.#total <= this.limitBytes;
  }

  #count(event: ModelEvent): void {
    switch (event.type) {
      case 'text-delta':
        this.#text += Buffer.byteLength(event.text);
        break;
      case 'reasoning-delta':
        this.#reasoningDeltas += Buffer.byteLength(event.text);
        break;
      case 'reasoning-done':
        this.#reasoningDone += Buffer.byteLength(event.item.text);
        break;
      case 'tool-call-delta':
        this.#call(event.callId, Buffer.byteLength(event.argumentsDelta), 0);
        break;
      case 'tool-call-end':
        this.#call(event.callId, 0, Buffer.byteLength(event.arguments));
        break;
      default:
        return;
    }
    this.#total = this.#text + Math.max(this.#reasoningDeltas, this.#reasoningDone) + this.#callSum;
  }

  #call(callId: string, deltaBytes: number, endBytes: number): void {
    const entry = this.#calls.get(callId) ?? [0, 0];
    const before = Math.max(entry[0], entry[1]);
    entry[0] += deltaBytes;
    entry[1] += endBytes;
    this.#calls.set(callId, entry);
    this.#callSum += Math.max(entry[0], entry[1]) - before;
  }
}

/** One SSE line or event, or a non-streamed body, may be this large for a reply within `limit`. */
export function envelopeLimit(replyLimitBytes: number): number {
  return replyLimitBytes * 2 + 1024 * 1024;
}

/** What outgrew the limit: the reply's content, one SSE line/event, or a non-streamed JSON body. */
export type OversizePart = 'reply' | 'sse-line' | 'json-body';

export function replyTooLargeError(
  context: RequestContext,
  part: OversizePart,
  replyLimitBytes: number,
): ModelReplyTooLargeError {
  const key = `model_providers.${context.providerId}.stream_max_reply_bytes`;
  const limit = formatBytes(replyLimitBytes);
  const envelope = formatBytes(envelopeLimit(replyLimitBytes));
  const what = {
    reply: `The reply from POST ${context.url} grew past ${limit}, the most one reply may hold (text, tool-call arguments and reasoning together; ${key}).`,
    'sse-line': `POST ${context.url} sent one server-sent event line of more than ${envelope} — more than any reply within ${key} (${limit}) needs.`,
    'json-body': `POST ${context.url} answered with a JSON body of more than ${envelope} — more than any reply within ${key} (${limit}) needs.`,
  }[part];
  return new ModelReplyTooLargeError(
    `${what} ossa stopped reading it; not retried. If the model really writes this much, raise ${key}.`,
    { url: context.url, limitBytes: replyLimitBytes, configKey: key },
  );
}

function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB (${bytes} bytes)`;
  return `${bytes} bytes`;
}
