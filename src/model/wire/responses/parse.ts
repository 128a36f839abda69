// Responses stream → ModelEvents. Events are dispatched on their JSON `type`; items are tracked
// by `output_index` (item ids are optional, and Copilot changes them between events). Text and
// arguments stream as deltas; the `.done` events fill in whatever a server did not stream
// (LM Studio sends function-call arguments only in `function_call_arguments.done`).
import { SERVER_KINDS } from '../../../protocol/server-kinds.js';
import { streamPayloadError } from '../../classify-error.js';
import { ModelIncompleteError, ModelStreamError } from '../../errors.js';
import type { RequestContext } from '../../request-context.js';
import type { SseMessage } from '../../sse.js';
import type { ModelEvent, Usage } from '../../types.js';
import type { StreamParser } from '../adapter.js';
import { CallIdAllocator } from '../call-ids.js';
import { argumentsText, DONE, decodePayloads, endedEarlyError } from '../payload.js';
import { serverTokensPerSecond } from '../server-timings.js';
import {
  type ItemKind,
  type ItemState,
  itemKind,
  joinParts,
  messageText,
  OutputItems,
  type Position,
} from './output-items.js';
import {
  argumentsDoneEventSchema,
  asDeltaEvent,
  deltaEventSchema,
  errorEventSchema,
  itemEventSchema,
  type ResponsesError,
  type ResponsesItem,
  type ResponsesUsage,
  responseEventSchema,
  responseObjectSchema,
  textDoneEventSchema,
} from './schema.js';

type DeltaEvent = ReturnType<typeof deltaEventSchema.parse>;

export class ResponsesStreamParser implements StreamParser {
  readonly #context: RequestContext;
  readonly #ids = new CallIdAllocator();
  readonly #items = new OutputItems();
  /** Whether any message text was emitted: a later message item is separated by a blank line. */
  #textEmitted = false;
  #calls = 0;
  /** Text and reasoning delta events seen (one per token on llama.cpp: see #cutOffByTokenCount). */
  #pieces = 0;
  #usage: Usage | undefined;
  #done = false;

  constructor(context: RequestContext) {
    this.#context = context;
  }

  get done(): boolean {
    return this.#done;
  }

  push(message: SseMessage, out: ModelEvent[]): void {
    for (const payload of decodePayloads(message, this.#context.url)) {
      // Some servers end with `data: [DONE]` as on the chat wire; completion is response.completed.
      if (payload === DONE || this.#done) continue;
      this.#event(payload, message.event, out);
    }
  }

  pushJsonBody(body: unknown, out: ModelEvent[]): void {
    const response = this.#parse(responseObjectSchema, body);
    (response.output ?? []).forEach((item, index) => {
      this.#event({ type: 'response.output_item.done', output_index: index, item }, undefined, out);
    });
    const type =
      response.status === 'failed' || response.error
        ? 'response.failed'
        : response.status === 'incomplete'
          ? 'response.incomplete'
          : 'response.completed';
    this.#event({ type, response: body }, undefined, out);
  }

  end(out: ModelEvent[], partialLine: string): void {
    if (!this.#done) throw endedEarlyError(this.#context.url, 'response.completed', partialLine);
    // Servers that never send `output_item.done` still get their reasoning and calls closed.
    for (const state of this.#items.all()) {
      if (state.closed) continue;
      if (state.kind === 'reasoning') this.#closeReasoning(state, undefined, out);
      if (state.kind === 'function_call') this.#closeCall(state, undefined, out);
    }
    if (this.#usage) out.push({ type: 'usage', usage: this.#usage });
    const reason = this.#calls > 0 ? 'tool_calls' : this.#cutOffByTokenCount() ? 'length' : 'stop';
    out.push({ type: 'finish', reason });
  }

  /**
   * A server whose `completed` also covers a reply cut by its token limit (llama.cpp: `-n`, or the
   * window filling up) counts the end-of-turn token in output_tokens and streams one delta per other
   * token: as many deltas as output tokens means the turn never ended. (Merged or unstreamed pieces
   * only make the count smaller, so a finished reply is never taken for a cut one.)
   */
  #cutOffByTokenCount(): boolean {
    const kind = this.#context.serverKind;
    if (!kind || !SERVER_KINDS[kind].responsesCutOffByTokenCount || !this.#usage) return false;
    return this.#pieces > 0 && this.#pieces >= this.#usage.outputTokens;
  }

  #event(value: unknown, eventName: string | undefined, out: ModelEvent[]): void {
    const type =
      typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
        ? (value as { type: string }).type
        : (eventName ?? bareErrorType(value));
    switch (type) {
      case 'response.output_item.added':
        this.#itemAdded(this.#parse(itemEventSchema, value), out);
        return;
      case 'response.output_item.done':
        this.#itemDone(this.#parse(itemEventSchema, value), out);
        return;
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        this.#pieces++;
        this.#textDelta(this.#delta(value), out);
        return;
      case 'response.reasoning_text.delta':
        this.#pieces++;
        this.#reasoningDelta(this.#delta(value), undefined, out);
        return;
      case 'response.reasoning_summary_text.delta': {
        const event = this.#delta(value);
        this.#reasoningDelta(event, event.summary_index ?? 0, out);
        return;
      }
      case 'response.reasoning_text.done': {
        const event = this.#parse(textDoneEventSchema, value);
        const state = this.#state(event, 'reasoning');
        if (!state.raw && event.text) this.#reasoningDelta({ ...event, delta: event.text }, undefined, out);
        return;
      }
      case 'response.reasoning_summary_text.done': {
        const event = this.#parse(textDoneEventSchema, value);
        const index = event.summary_index ?? 0;
        const state = this.#state(event, 'reasoning');
        if (!state.summaries[index] && event.text)
          this.#reasoningDelta({ ...event, delta: event.text }, index, out);
        return;
      }
      case 'response.function_call_arguments.delta':
        this.#argumentsDelta(this.#delta(value), out);
        return;
      case 'response.function_call_arguments.done': {
        const event = this.#parse(argumentsDoneEventSchema, value);
        const state = this.#state(event, 'function_call');
        this.#extendArguments(state, argumentsText(event.arguments), out);
        return;
      }
      case 'response.completed': {
        const usage = responsesUsage(this.#parse(responseEventSchema, value).response?.usage);
        // llama.cpp puts its `timings` next to `response`.
        const rate = serverTokensPerSecond(value);
        this.#usage = usage && rate !== undefined ? { ...usage, outputTokensPerSecond: rate } : usage;
        this.#done = true;
        return;
      }
      case 'response.failed':
        throw this.#failure(this.#parse(responseEventSchema, value).response?.error);
      case 'error': {
        const event = this.#parse(errorEventSchema, value);
        throw this.#failure(event.error ?? { code: event.code, message: event.message });
      }
      case 'response.incomplete': {
        const reason =
          this.#parse(responseEventSchema, value).response?.incomplete_details?.reason ?? 'unknown';
        throw new ModelIncompleteError(
          `Incomplete response returned, reason: ${reason} (${this.#context.url}).` +
            (reason === 'max_output_tokens' ? ' The model reached its output token limit.' : ''),
          { url: this.#context.url, reason },
        );
      }
      default:
        // created, in_progress, content_part.*, custom/hosted tool events, and anything newer.
        return;
    }
  }

  #delta(value: unknown): DeltaEvent {
    return asDeltaEvent(value) ?? this.#parse(deltaEventSchema, value);
  }

  #parse<T>(
    schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
    value: unknown,
  ): T {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const text = JSON.stringify(value) ?? String(value);
    throw new ModelStreamError(
      `The stream from ${this.#context.url} sent an event in an unexpected shape: ${text.slice(0, 300)}.`,
      { url: this.#context.url, line: text },
    );
  }

  #failure(error: ResponsesError | null | undefined): Error {
    return streamPayloadError(this.#context, {
      message: error?.message?.trim() ? error.message : undefined,
      code: typeof error?.code === 'string' ? error.code : (error?.type ?? undefined),
      status: typeof error?.code === 'number' ? error.code : undefined,
    });
  }

  #state(position: Position, kind: ItemKind, fresh = false): ItemState {
    return this.#items.get(position, kind, fresh);
  }

  #itemAdded(
    event: { output_index?: number | null | undefined; item: ResponsesItem },
    out: ModelEvent[],
  ): void {
    const kind = itemKind(event.item);
    const state = this.#state({ output_index: event.output_index, item_id: event.item.id }, kind, true);
    if (kind === 'function_call') this.#identifyCall(state, event.item, out);
  }

  #itemDone(
    event: { output_index?: number | null | undefined; item: ResponsesItem },
    out: ModelEvent[],
  ): void {
    const kind = itemKind(event.item);
    const state = this.#state({ output_index: event.output_index, item_id: event.item.id }, kind);
    if (state.closed) return;
    if (kind === 'message') {
      const text = messageText(event.item);
      // Emit what was not streamed; deltas stay authoritative when a server's final text differs.
      if (text.length > state.text.length && text.startsWith(state.text)) {
        this.#emitText(state, text.slice(state.text.length), out);
      }
      state.closed = true;
    } else if (kind === 'reasoning') {
      this.#closeReasoning(state, event.item, out);
    } else if (kind === 'function_call') {
      this.#identifyCall(state, event.item, out);
      this.#closeCall(state, event.item, out);
    } else {
      state.closed = true;
    }
  }

  #textDelta(event: Position & { delta?: string | null | undefined }, out: ModelEvent[]): void {
    if (!event.delta) return;
    const state = this.#state(event, 'message');
    this.#emitText(state, event.delta, out);
  }

  #emitText(state: ItemState, text: string, out: ModelEvent[]): void {
    const separator = state.text === '' && this.#textEmitted ? '\n\n' : '';
    state.text += text;
    this.#textEmitted = true;
    out.push({ type: 'text-delta', text: separator + text });
  }

  #reasoningDelta(
    event: Position & { delta?: string | null | undefined },
    summaryIndex: number | undefined,
    out: ModelEvent[],
  ): void {
    if (!event.delta) return;
    const state = this.#state(event, 'reasoning');
    const stream = summaryIndex ?? 'raw';
    if (stream === 'raw') state.raw += event.delta;
    else state.summaries[stream] = (state.summaries[stream] ?? '') + event.delta;
    // Separate summary parts (and a raw stream from a summary) the way the final item joins them.
    const text = state.streamed && state.lastStream !== stream ? `\n\n${event.delta}` : event.delta;
    state.lastStream = stream;
    state.streamed = true;
    out.push({ type: 'reasoning-delta', text });
  }

  #argumentsDelta(event: Position & { delta?: string | null | undefined }, out: ModelEvent[]): void {
    if (!event.delta) return;
    const state = this.#state(event, 'function_call');
    state.arguments += event.delta;
    if (state.callId !== undefined) {
      out.push({ type: 'tool-call-delta', callId: state.callId, argumentsDelta: event.delta });
    }
  }

  /** Takes call id and name from an item; begins the call once the name is known. */
  #identifyCall(state: ItemState, item: ResponsesItem, out: ModelEvent[]): void {
    state.serverCallId ??= item.call_id ?? undefined;
    if (!state.name && item.name) state.name = item.name;
    if (state.callId === undefined && state.name) {
      state.callId = this.#ids.take(state.serverCallId ?? item.id ?? undefined);
      out.push({ type: 'tool-call-begin', callId: state.callId, name: state.name });
      if (state.arguments)
        out.push({ type: 'tool-call-delta', callId: state.callId, argumentsDelta: state.arguments });
    }
  }

  /** Emits the part of `final` not streamed yet, when it extends what was streamed. */
  #extendArguments(state: ItemState, final: string, out: ModelEvent[]): void {
    if (final.length <= state.arguments.length || !final.startsWith(state.arguments)) return;
    const rest = final.slice(state.arguments.length);
    state.arguments = final;
    if (state.callId !== undefined)
      out.push({ type: 'tool-call-delta', callId: state.callId, argumentsDelta: rest });
  }

  #closeCall(state: ItemState, item: ResponsesItem | undefined, out: ModelEvent[]): void {
    state.closed = true;
    // A call without a name cannot be run or sent back.
    if (state.callId === undefined) return;
    const final = item ? argumentsText(item.arguments) : '';
    this.#extendArguments(state, final, out);
    out.push({
      type: 'tool-call-end',
      callId: state.callId,
      name: state.name,
      arguments: final || state.arguments,
    });
    this.#calls++;
  }

  #closeReasoning(state: ItemState, item: ResponsesItem | undefined, out: ModelEvent[]): void {
    state.closed = true;
    const raw = joinParts(item?.content, 'reasoning_text', '');
    const summary = joinParts(item?.summary, 'summary_text', '\n\n');
    const streamed = state.raw || state.summaries.filter(Boolean).join('\n\n');
    const text = raw || summary || streamed;
    if (!state.streamed && text) out.push({ type: 'reasoning-delta', text });
    const encryptedContent = item?.encrypted_content ?? undefined;
    if (!text && !encryptedContent) return;
    out.push({
      type: 'reasoning-done',
      item: { type: 'reasoning', text, ...(encryptedContent ? { encryptedContent } : {}) },
    });
  }
}

function responsesUsage(usage: ResponsesUsage | null | undefined): Usage | undefined {
  if (!usage || typeof usage.input_tokens !== 'number' || typeof usage.output_tokens !== 'number')
    return undefined;
  const result: Usage = { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens };
  const cached = usage.input_tokens_details?.cached_tokens;
  if (typeof cached === 'number') result.cachedInputTokens = cached;
  const reasoning = usage.output_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number') result.reasoningOutputTokens = reasoning;
  return result;
}

/**
 * llama-server sends stream errors on this wire as a bare `data: {"error": {…}}`, with neither an
 * `event:` line nor a `type`: that is an error event, not an unknown one to skip.
 */
function bareErrorType(value: unknown): 'error' | undefined {
  return typeof value === 'object' && value !== null && 'error' in value ? 'error' : undefined;
}
