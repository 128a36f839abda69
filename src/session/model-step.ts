// One model request within a turn: streams the response, forwards deltas as AgentEvents and
// collects the complete result (text, reasoning, tool calls, usage, timings).

import type { ModelEvent, ModelItem, ModelRequest, Usage } from '../model/types.js';
import type { AgentEvent } from '../protocol/events.js';
import type { VisibleTextFilter } from '../repair/stream-filter.js';
import { type RateSource, replyRate } from './reply-rate.js';

export interface ModelClientLike {
  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent>;
}

export interface StepResult {
  text: string;
  reasoning: Extract<ModelItem, { type: 'reasoning' }>[];
  toolCalls: { callId: string; name: string; arguments: string }[];
  usage?: Usage;
  finishReason: string;
  ttftMs?: number;
  tokensPerSecond?: number;
  /** Who measured it: the server (its `timings`) or ossa, from when the deltas arrived. */
  tokensPerSecondSource?: RateSource;
}

/** How often the progress of a tool call being written is reported. */
const TOOL_PROGRESS_INTERVAL_MS = 150;

export async function runModelStep(
  client: ModelClientLike,
  request: ModelRequest,
  signal: AbortSignal,
  turnId: string,
  emit: (event: AgentEvent) => void,
  /** Holds back streamed text that may be tool-call markup, so it never reaches the screen. */
  createTextFilter?: () => VisibleTextFilter,
  now: () => number = performance.now.bind(performance),
): Promise<StepResult> {
  const step = new StepCollector(turnId, emit, createTextFilter, now);
  for await (const event of client.stream(request, signal)) step.take(event);
  return step.finish();
}

/** One response as it streams: deltas forwarded as AgentEvents, the complete result collected. */
class StepCollector {
  private result = emptyResult();
  private filter: VisibleTextFilter | undefined;
  private reasoningText = '';
  /** Tool calls being written: their arguments' length so far, and when it was last shown. */
  private readonly writing = new Map<
    string,
    { name: string; characters: number; shownAt: number | undefined }
  >();
  private readonly started: number;
  private firstToken: number | undefined;
  private lastToken: number | undefined;

  constructor(
    private readonly turnId: string,
    private readonly emit: (event: AgentEvent) => void,
    private readonly createTextFilter: (() => VisibleTextFilter) | undefined,
    private readonly now: () => number,
  ) {
    this.filter = createTextFilter?.();
    this.started = now();
  }

  take(event: ModelEvent): void {
    const { result, turnId } = this;
    switch (event.type) {
      case 'response-start':
        break;
      case 'text-delta':
        this.markToken();
        result.text += event.text;
        this.show(this.filter ? this.filter.push(event.text) : event.text);
        break;
      case 'reasoning-delta':
        this.markToken();
        this.reasoningText += event.text;
        this.emit({ type: 'reasoning-delta', turnId, text: event.text });
        break;
      case 'reasoning-done':
        result.reasoning.push(event.item);
        break;
      case 'tool-call-begin':
        this.markToken();
        this.writing.set(event.callId, { name: event.name, characters: 0, shownAt: undefined });
        break;
      case 'tool-call-delta':
        this.markToken();
        this.toolProgress(event.callId, event.argumentsDelta.length);
        break;
      case 'tool-call-end':
        this.markToken();
        result.toolCalls.push({ callId: event.callId, name: event.name, arguments: event.arguments });
        break;
      case 'usage':
        result.usage = event.usage;
        break;
      case 'retry':
        this.emit({ type: 'retry', turnId, ...stripType(event) });
        break;
      case 'reset':
        this.reset(event.reason);
        break;
      case 'finish':
        result.finishReason = event.reason;
        break;
      default:
        assertNever(event);
    }
  }

  finish(): StepResult {
    const { result } = this;
    if (this.filter) this.show(this.filter.flush());
    // Servers that stream reasoning deltas without a closing item still get it sent back.
    if (result.reasoning.length === 0 && this.reasoningText)
      result.reasoning.push({ type: 'reasoning', text: this.reasoningText });
    if (this.firstToken !== undefined) result.ttftMs = Math.round(this.firstToken - this.started);
    const rate = replyRate({
      outputTokens: result.usage?.outputTokens,
      firstDeltaMs: this.firstToken,
      lastDeltaMs: this.lastToken,
      serverTokensPerSecond: result.usage?.outputTokensPerSecond,
    });
    if (rate) {
      result.tokensPerSecond = rate.tokensPerSecond;
      result.tokensPerSecondSource = rate.source;
    }
    return result;
  }

  private show(text: string): void {
    if (text) this.emit({ type: 'text-delta', turnId: this.turnId, text });
  }

  private markToken(): void {
    const t = this.now();
    this.firstToken ??= t;
    this.lastToken = t;
  }

  /** The length of a tool call being written, shown at most every TOOL_PROGRESS_INTERVAL_MS. */
  private toolProgress(callId: string, added: number): void {
    const call = this.writing.get(callId) ?? { name: '', characters: 0, shownAt: undefined };
    call.characters += added;
    this.writing.set(callId, call);
    const t = this.now();
    if (call.shownAt !== undefined && t - call.shownAt < TOOL_PROGRESS_INTERVAL_MS) return;
    call.shownAt = t;
    this.emit({
      type: 'tool-call-delta',
      turnId: this.turnId,
      callId,
      name: call.name,
      characters: call.characters,
    });
  }

  /** The stream restarts from scratch (a dropped connection resumed by the client). */
  private reset(reason: string): void {
    this.result = emptyResult();
    this.reasoningText = '';
    this.writing.clear();
    this.filter = this.createTextFilter?.();
    this.firstToken = undefined;
    this.emit({ type: 'stream-reset', turnId: this.turnId, reason });
  }
}

function emptyResult(): StepResult {
  return { text: '', reasoning: [], toolCalls: [], finishReason: 'other' };
}

function stripType<T extends { type: string }>(event: T): Omit<T, 'type'> {
  const { type: _type, ...rest } = event;
  return rest;
}

function assertNever(value: never): never {
  throw new Error(`unhandled model event ${JSON.stringify(value)}`);
}
