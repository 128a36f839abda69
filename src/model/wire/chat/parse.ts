// Chat Completions stream → ModelEvents. Tool calls are accumulated by index and closed at the
// end of the stream (arguments may keep arriving until then, even in the finish chunk); usage is
// the last complete value seen, reported once; reasoning is read from every known field.
import { serverErrorFields, streamPayloadError } from '../../classify-error.js';
import { ModelStreamError } from '../../errors.js';
import type { RequestContext } from '../../request-context.js';
import type { SseMessage } from '../../sse.js';
import type { FinishReason, ModelEvent, Usage } from '../../types.js';
import type { StreamParser } from '../adapter.js';
import { CallIdAllocator } from '../call-ids.js';
import { argumentsText, DONE, decodePayloads, endedEarlyError } from '../payload.js';
import { serverTokensPerSecond } from '../server-timings.js';
import {
  asPlainTextChunk,
  type ChatChunk,
  type ChatDelta,
  type ChatToolCallDelta,
  type ChatUsage,
  chatChunkSchema,
} from './schema.js';

interface ToolCallSlot {
  serverId: string | undefined;
  callId: string | undefined;
  name: string;
  arguments: string;
}

export class ChatStreamParser implements StreamParser {
  readonly #context: RequestContext;
  readonly #ids = new CallIdAllocator();
  readonly #calls: ToolCallSlot[] = [];
  readonly #byIndex = new Map<number, ToolCallSlot>();
  #reasoning = '';
  #finishReason: string | undefined;
  #usage: Usage | undefined;
  /** Output tokens/s as the server measured them (llama.cpp `timings`), when it says. */
  #serverRate: number | undefined;
  #done = false;

  constructor(context: RequestContext) {
    this.#context = context;
  }

  get done(): boolean {
    return this.#done;
  }

  push(message: SseMessage, out: ModelEvent[]): void {
    for (const payload of decodePayloads(message, this.#context.url)) {
      if (payload === DONE) {
        this.#done = true;
        return;
      }
      this.#chunk(payload, out);
    }
  }

  pushJsonBody(body: unknown, out: ModelEvent[]): void {
    this.#chunk(body, out);
    this.#done = true;
  }

  end(out: ModelEvent[], partialLine: string): void {
    // A finish_reason without [DONE] is a complete reply from a server that skips the terminator.
    if (!this.#done && this.#finishReason === undefined) {
      const missing = 'the reply was complete (no finish_reason or [DONE])';
      throw endedEarlyError(this.#context.url, missing, partialLine);
    }
    if (this.#reasoning)
      out.push({ type: 'reasoning-done', item: { type: 'reasoning', text: this.#reasoning } });
    let calls = 0;
    for (const slot of this.#calls) {
      // A call begins as soon as its name is known; one that never got a name cannot be run or
      // sent back, so it is dropped.
      if (slot.callId === undefined) continue;
      out.push({ type: 'tool-call-end', callId: slot.callId, name: slot.name, arguments: slot.arguments });
      calls++;
    }
    if (this.#usage) out.push({ type: 'usage', usage: withServerRate(this.#usage, this.#serverRate) });
    out.push({ type: 'finish', reason: finishReason(this.#finishReason, calls > 0) });
  }

  #chunk(value: unknown, out: ModelEvent[]): void {
    const plain = asPlainTextChunk(value);
    const parsed = plain ? { success: true as const, data: plain } : chatChunkSchema.safeParse(value);
    if (!parsed.success) {
      const text = JSON.stringify(value) ?? String(value);
      throw new ModelStreamError(
        `The stream from ${this.#context.url} sent a chunk in an unexpected shape (${parsed.error.issues[0]?.path.join('.') ?? '?'}): ${text.slice(0, 300)}.`,
        { url: this.#context.url, line: text },
      );
    }
    const chunk = parsed.data;
    if ((chunk.error !== undefined && chunk.error !== null) || chunk.object === 'error') {
      throw streamPayloadError(this.#context, serverErrorFields(value));
    }
    this.#takeUsage(chunk);
    this.#serverRate = serverTokensPerSecond(value) ?? this.#serverRate;
    const choice = chunk.choices?.find((candidate) => (candidate.index ?? 0) === 0);
    if (!choice) return;
    const delta = choice.delta ?? choice.message;
    if (delta) this.#delta(delta, out);
    if (choice.finish_reason) this.#finishReason = choice.finish_reason;
  }

  #takeUsage(chunk: ChatChunk): void {
    const usage = completeUsage(chunk.usage) ?? completeUsage(chunk.x_groq?.usage);
    if (usage) this.#usage = usage;
  }

  #delta(delta: ChatDelta, out: ModelEvent[]): void {
    const reasoning = reasoningText(delta);
    if (reasoning) {
      this.#reasoning += reasoning;
      out.push({ type: 'reasoning-delta', text: reasoning });
    }
    const content = contentText(delta.content) || (delta.refusal ?? '');
    if (content) out.push({ type: 'text-delta', text: content });
    if (delta.tool_calls) {
      for (const call of delta.tool_calls) this.#toolCallDelta(call, out);
    }
  }

  #toolCallDelta(fragment: ChatToolCallDelta, out: ModelEvent[]): void {
    const serverId = fragment.id || undefined;
    const name = fragment.function?.name || undefined;
    let slot: ToolCallSlot | undefined;
    if (fragment.index !== undefined && fragment.index !== null) {
      slot = this.#byIndex.get(fragment.index);
      // A different id *and* a name under a known index: a server that numbers every call 0.
      if (slot?.serverId && serverId && serverId !== slot.serverId && name) slot = undefined;
    } else if (serverId) {
      slot = this.#calls.find((candidate) => candidate.serverId === serverId);
    } else {
      slot = this.#calls.at(-1);
    }
    if (!slot) {
      slot = { serverId, callId: undefined, name: '', arguments: '' };
      this.#calls.push(slot);
      if (fragment.index !== undefined && fragment.index !== null) this.#byIndex.set(fragment.index, slot);
    }
    slot.serverId ??= serverId;
    if (name && !slot.name) slot.name = name;
    const text = argumentsText(fragment.function?.arguments);
    if (slot.callId === undefined && slot.name) {
      const callId = this.#begin(slot, out);
      // Arguments that arrived before the name are replayed once the call has begun.
      if (slot.arguments) out.push({ type: 'tool-call-delta', callId, argumentsDelta: slot.arguments });
    }
    if (text) {
      slot.arguments += text;
      if (slot.callId !== undefined)
        out.push({ type: 'tool-call-delta', callId: slot.callId, argumentsDelta: text });
    }
  }

  #begin(slot: ToolCallSlot, out: ModelEvent[]): string {
    if (slot.callId !== undefined) return slot.callId;
    slot.callId = this.#ids.take(slot.serverId);
    out.push({ type: 'tool-call-begin', callId: slot.callId, name: slot.name });
    return slot.callId;
  }
}

/** OpenRouter's `reasoning_details` first (it duplicates `reasoning`), then `reasoning_content`, then `reasoning`. */
function reasoningText(delta: ChatDelta): string {
  if (delta.reasoning_details && delta.reasoning_details.length > 0) {
    let text = '';
    for (const detail of delta.reasoning_details) text += detail.text ?? detail.summary ?? '';
    if (text) return text;
  }
  return delta.reasoning_content || delta.reasoning || '';
}

function contentText(content: ChatDelta['content']): string {
  if (typeof content === 'string') return content;
  if (!content) return '';
  let text = '';
  for (const part of content) if (part.type === 'text' || part.type === undefined) text += part.text ?? '';
  return text;
}

function withServerRate(usage: Usage, rate: number | undefined): Usage {
  return rate === undefined ? usage : { ...usage, outputTokensPerSecond: rate };
}

function completeUsage(usage: ChatUsage | null | undefined): Usage | undefined {
  if (!usage || typeof usage.prompt_tokens !== 'number' || typeof usage.completion_tokens !== 'number')
    return undefined;
  const result: Usage = { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens };
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (typeof cached === 'number') result.cachedInputTokens = cached;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? usage.reasoning_tokens;
  if (typeof reasoning === 'number') result.reasoningOutputTokens = reasoning;
  return result;
}

function finishReason(reason: string | undefined, hadToolCalls: boolean): FinishReason {
  switch (reason) {
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'length':
    case 'max_tokens':
      return 'length';
    case 'content_filter':
      return 'content_filter';
    case undefined:
    case 'stop':
    case 'eos':
    case 'end_turn':
      // Several servers say "stop" after tool calls (older Ollama and llama.cpp).
      return hadToolCalls ? 'tool_calls' : 'stop';
    default:
      return hadToolCalls ? 'tool_calls' : 'other';
  }
}
