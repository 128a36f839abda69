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
  let result = emptyResult();
  let filter = createTextFilter?.();
  const show = (text: string) => {
    if (text) emit({ type: 'text-delta', turnId, text });
  };
  let reasoningText = '';
  /** Tool calls being written: their arguments' length so far, and when it was last shown. */
  const writing = new Map<string, { name: string; characters: number; shownAt: number | undefined }>();
  const started = now();
  let firstToken: number | undefined;
  let lastToken: number | undefined;
  const markToken = () => {
    const t = now();
    firstToken ??= t;
    lastToken = t;
  };

  for await (const event of client.stream(request, signal)) {
    switch (event.type) {
      case 'response-start':
        break;
      case 'text-delta':
        markToken();
        result.text += event.text;
        show(filter ? filter.push(event.text) : event.text);
        break;
      case 'reasoning-delta':
        markToken();
        reasoningText += event.text;
        emit({ type: 'reasoning-delta', turnId, text: event.text });
        break;
      case 'reasoning-done':
        result.reasoning.push(event.item);
        break;
      case 'tool-call-begin':
        markToken();
        writing.set(event.callId, { name: event.name, characters: 0, shownAt: undefined });
        break;
      case 'tool-call-delta': {
        markToken();
        const call = writing.get(event.callId) ?? { name: '', characters: 0, shownAt: undefined };
        call.characters += event.argumentsDelta.length;
        writing.set(event.callId, call);
        const t = now();
        if (call.shownAt === undefined || t - call.shownAt >= TOOL_PROGRESS_INTERVAL_MS) {
          call.shownAt = t;
          emit({
            type: 'tool-call-delta',
            turnId,
            callId: event.callId,
            name: call.name,
            characters: call.characters,
          });
        }
        break;
      }
      case 'tool-call-end':
        markToken();
        result.toolCalls.push({ callId: event.callId, name: event.name, arguments: event.arguments });
        break;
      case 'usage':
        result.usage = event.usage;
        break;
      case 'retry':
        emit({ type: 'retry', turnId, ...stripType(event) });
        break;
      case 'reset':
        result = emptyResult();
        reasoningText = '';
        writing.clear();
        filter = createTextFilter?.();
        firstToken = undefined;
        emit({ type: 'stream-reset', turnId, reason: event.reason });
        break;
      case 'finish':
        result.finishReason = event.reason;
        break;
      default:
        assertNever(event);
    }
  }

  if (filter) show(filter.flush());
  // Servers that stream reasoning deltas without a closing item still get it sent back.
  if (result.reasoning.length === 0 && reasoningText)
    result.reasoning.push({ type: 'reasoning', text: reasoningText });
  if (firstToken !== undefined) result.ttftMs = Math.round(firstToken - started);
  const rate = replyRate({
    outputTokens: result.usage?.outputTokens,
    firstDeltaMs: firstToken,
    lastDeltaMs: lastToken,
    serverTokensPerSecond: result.usage?.outputTokensPerSecond,
  });
  if (rate) {
    result.tokensPerSecond = rate.tokensPerSecond;
    result.tokensPerSecondSource = rate.source;
  }
  return result;
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
