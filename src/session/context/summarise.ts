// Runs the summary requests of stage 2. The request repeats the session's instructions and tool
// list byte for byte and sends the older part of history as is, so it is a prefix of the last
// request and the server's prompt cache serves it; the summary prompt is appended as a user
// message. An older part too big for one request is summarised in chunks, each chunk updating
// the handoff of the one before.
import type { ModelItem, ModelRequest } from '../../model/types.js';
import type { ModelClientLike } from '../model-step.js';
import { runModelStep } from '../model-step.js';
import type { ContextBudget } from './budget.js';
import { composeHandoff, summaryPrompt } from './handoff.js';
import { itemBytes, prefixWithin } from './history-cut.js';
import { absorbItems, isHandoff, type LedgerState } from './ledger.js';
import type { TokenMeter } from './token-meter.js';

export interface SummariseInput {
  client: ModelClientLike;
  /** The session's request with its instructions and tools; `input` is replaced. */
  base: Omit<ModelRequest, 'input'>;
  older: readonly ModelItem[];
  ledger: LedgerState;
  budget: ContextBudget;
  meter: TokenMeter;
  focus?: string;
  signal: AbortSignal;
  /** Retry notices of the summary requests. */
  onRetry?: (reason: string) => void;
}

export interface SummariseResult {
  handoff: string;
  ledger: LedgerState;
  requests: number;
}

/** Chunks beyond this mean the older part is far beyond any window: give up. */
const MAX_CHUNKS = 4;
/** The summary prompt and message framing, in tokens. */
const PROMPT_ROOM = 600;

export class SummaryFailedError extends Error {}

export async function summariseOlder(input: SummariseInput): Promise<SummariseResult> {
  const { budget, meter } = input;
  let rest = [...input.older];
  let ledger = input.ledger;
  let handoff: string | undefined;
  let requests = 0;
  const handoffBytes = meter.bytesFor(budget.summaryCap);
  while (rest.length > 0) {
    if (requests >= MAX_CHUNKS) {
      throw new SummaryFailedError(`the older history needs more than ${MAX_CHUNKS} summary requests`);
    }
    const previous = handoff ? [{ type: 'message' as const, role: 'user' as const, text: handoff }] : [];
    const room =
      budget.window -
      budget.fixedTokens -
      budget.outputReserve -
      PROMPT_ROOM -
      meter.tokens(previous.reduce((sum, item) => sum + itemBytes(item), 0));
    const take = prefixWithin(rest, Math.max(0, room), (bytes) => meter.tokens(bytes));
    const chunk = rest.slice(0, take);
    rest = rest.slice(take);
    const first = previous[0] ?? chunk[0];
    const updatesPrevious = first?.type === 'message' && isHandoff(first.text);
    ledger = absorbItems(ledger, chunk);
    // The model's part gets what ossa's sections leave of the cap (they take at most 65 %).
    const maxTokens = Math.max(128, Math.floor(budget.summaryCap * 0.6));
    const prompt = summaryPrompt({
      maxTokens,
      updatesPrevious,
      ...(input.focus ? { focus: input.focus } : {}),
    });
    // The reply may take the whole output reserve: reasoning models think before they write, and
    // ossa cuts the summary to the cap itself.
    const items = [...previous, ...chunk, userMessage(prompt)];
    const text = await requestSummary(input, items, budget.outputReserve);
    requests++;
    handoff = composeHandoff({ window: budget.window, summary: text, ledger, maxBytes: handoffBytes });
  }
  if (handoff === undefined) throw new SummaryFailedError('there was nothing to summarise');
  return { handoff, ledger, requests };
}

async function requestSummary(input: SummariseInput, items: ModelItem[], maxTokens: number): Promise<string> {
  const request: ModelRequest = { ...input.base, input: items, maxOutputTokens: maxTokens };
  const result = await runModelStep(input.client, request, input.signal, 'compaction', (event) => {
    if (event.type === 'retry') input.onRetry?.(event.reason);
  });
  const text = result.text.trim();
  if (!text) {
    throw new SummaryFailedError(
      result.toolCalls.length > 0
        ? 'the model called a tool instead of summarising'
        : 'the model returned no summary',
    );
  }
  return text;
}

function userMessage(text: string): ModelItem {
  return { type: 'message', role: 'user', text };
}
