// Keeps a session's requests inside the real window. Before every request the session asks
// `check()` whether the next request fits; past the thresholds it runs the compaction stages
// (prune, then summarise), and after an overflow answer or a silently cut prompt it learns from
// the server's figures and compacts before the retry. Two safety nets stop loops: a compaction
// that frees less than 10 % counts as failed (stall), and two failed compactions in a row stop
// the turn with a message that says why and what to do (circuit breaker).

import type { ModelItem, ModelRequest } from '../../model/types.js';
import type { CompactionReason, CompactionStage } from '../../protocol/events.js';
import type { ModelClientLike } from '../model-step.js';
import { requestBytes } from '../request-bytes.js';
import { type ContextBudget, contextBudget, formatTokens } from './budget.js';
import { recentCut } from './history-cut.js';
import { emptyLedger, type LedgerState } from './ledger.js';
import { pruneToolOutputs } from './prune.js';
import { SummaryFailedError, summariseOlder } from './summarise.js';
import { TokenMeter } from './token-meter.js';

export interface ContextSettings {
  /** The window the server serves (SessionTarget.contextWindow); undefined when unknown. */
  window?: number;
  /** The server is on this machine or the LAN (chooses the assumed window when unknown). */
  isLocal?: boolean;
  autoCompactTokenLimit?: number;
  toolOutputTokenLimit?: number;
}

export interface CompactionRecord {
  stage: CompactionStage;
  reason: CompactionReason;
  tokensBefore: number;
  tokensAfter: number;
  durationMs: number;
  window: number;
  /** Summary requests made (0 for pruning). */
  requests: number;
}

export type CompactionResult =
  | { ok: true; items: ModelItem[]; records: CompactionRecord[] }
  | { ok: false; items: ModelItem[]; records: CompactionRecord[]; message: string; breakerOpen: boolean };

export interface CompactOptions {
  reason: CompactionReason;
  /** Compact even below the thresholds (overflow answers, truncation, /compact). */
  force?: boolean;
  /** Go straight to a summary (/compact). */
  summarise?: boolean;
  focus?: string;
  signal: AbortSignal;
}

const STALL_FRACTION = 0.1;
const BREAKER_LIMIT = 2;

export class ContextManager {
  readonly meter = new TokenMeter();
  ledger: LedgerState;
  #window: number | undefined;
  #failures = 0;
  #budget: ContextBudget;

  constructor(
    private readonly settings: ContextSettings,
    /** The session's request without history: instructions and tools (these may change per turn). */
    private readonly base: () => Omit<ModelRequest, 'input'>,
    private readonly client: ModelClientLike,
    ledger?: LedgerState,
  ) {
    this.#window = settings.window;
    this.ledger = ledger ?? emptyLedger();
    this.#budget = this.#computeBudget();
  }

  get budget(): ContextBudget {
    return this.#budget;
  }

  /** Bytes of a request as sent (the unit the meter converts); each history item measured once. */
  requestBytes(items: readonly ModelItem[]): number {
    return requestBytes({ ...this.base(), input: [...items] });
  }

  estimate(items: readonly ModelItem[]): number {
    return this.meter.estimate(this.requestBytes(items));
  }

  /** Bytes one tool output may take in history (stage 0). */
  toolOutputBytes(): number {
    return this.meter.bytesFor(this.#budget.toolOutputCap);
  }

  /** The window a server named in an overflow answer replaces the one ossa had. */
  learnWindow(window: number | undefined): void {
    if (window === undefined || window <= 0 || window === this.#budget.window) return;
    this.#window = window;
    this.#budget = this.#computeBudget();
  }

  /** Whether `items` need compacting before they are sent. */
  needsCompaction(items: readonly ModelItem[]): boolean {
    return this.estimate(items) > this.#budget.pruneAt;
  }

  /** Whether there is an older part of `items` that compaction could free (else retrying is pointless). */
  canCompact(items: readonly ModelItem[]): boolean {
    return recentCut(items, this.#budget.recentKeep, (b) => this.meter.tokens(b)) !== undefined;
  }

  /** Why one message cannot be sent even with no history at all, or undefined when it can. */
  refusalFor(message: ModelItem): string | undefined {
    const { hardLimit, window, outputReserve } = this.#budget;
    const alone = this.estimate([message]);
    if (alone <= hardLimit) return undefined;
    const fixed = this.meter.estimate(this.requestBytes([]));
    if (fixed > hardLimit) {
      return (
        `The model's context window is too small for any request: the instructions and tool list alone are about ${formatTokens(fixed)} tokens, ` +
        `but the window is ${formatTokens(window)} tokens with ${formatTokens(outputReserve)} kept for the answer (limit ${formatTokens(hardLimit)}). ` +
        'Nothing was sent. Load the model with a larger window (for llama-server, `-c`; see `ossa doctor`).'
      );
    }
    return (
      `This message is too large for the model's context window: it is about ${formatTokens(alone - fixed)} tokens, ` +
      `and with the instructions and tool list (${formatTokens(fixed)}) the request would need about ${formatTokens(alone)}, ` +
      `but the window is ${formatTokens(window)} tokens with ${formatTokens(outputReserve)} kept for the answer ` +
      `(limit ${formatTokens(hardLimit)}). It was not sent. Shorten it, or put the large part in a file and ask the ` +
      'agent to read it in pieces; or load the model with a larger window (see `ossa doctor`).'
    );
  }

  /** Why `items` cannot be sent (over the hard limit), or undefined when they fit. */
  overLimit(items: readonly ModelItem[]): string | undefined {
    const estimate = this.estimate(items);
    const { hardLimit, window } = this.#budget;
    if (estimate <= hardLimit) return undefined;
    return (
      `Stopped: the conversation no longer fits the model's context window even after compaction ` +
      `(about ${formatTokens(estimate)} tokens; the window is ${formatTokens(window)} with a limit of ${formatTokens(hardLimit)} ` +
      'for the prompt). Start a new session (`/new`, or a new `ossa exec`) or load the model with a larger window.'
    );
  }

  /** Runs the stages the history needs; returns the new history and what was done. */
  async compact(items: readonly ModelItem[], options: CompactOptions): Promise<CompactionResult> {
    const records: CompactionRecord[] = [];
    const before = this.estimate(items);
    let current = [...items];
    if (!options.summarise) {
      const started = performance.now();
      const pruned = pruneToolOutputs(current, this.#budget.recentKeep, (b) => this.meter.tokens(b));
      if (pruned.pruned > 0) {
        current = pruned.items;
        this.meter.forgetLast();
        records.push(this.#record('prune', options.reason, before, this.estimate(current), started, 0));
      }
      const after = this.estimate(current);
      const freedEnough = before - after >= before * STALL_FRACTION;
      const fine = after <= this.#budget.summariseAt && (freedEnough || after <= this.#budget.pruneAt);
      if (fine && (!options.force || freedEnough)) return this.#succeeded(current, records);
    }
    return this.#summarise(current, before, records, options);
  }

  async #summarise(
    items: ModelItem[],
    before: number,
    records: CompactionRecord[],
    options: CompactOptions,
  ): Promise<CompactionResult> {
    const started = performance.now();
    const cut = recentCut(items, this.#budget.recentKeep, (b) => this.meter.tokens(b));
    if (cut === undefined) {
      return this.#failed(items, records, 'there is no older part of the conversation to summarise');
    }
    let summary: Awaited<ReturnType<typeof summariseOlder>>;
    try {
      summary = await summariseOlder({
        client: this.client,
        base: this.base(),
        older: items.slice(0, cut),
        ledger: this.ledger,
        budget: this.#budget,
        meter: this.meter,
        signal: options.signal,
        ...(options.focus ? { focus: options.focus } : {}),
      });
    } catch (error) {
      if (options.signal.aborted) throw error;
      const reason = error instanceof SummaryFailedError ? error.message : errorText(error);
      return this.#failed(items, records, `the summary request failed (${reason})`);
    }
    const next: ModelItem[] = [{ type: 'message', role: 'user', text: summary.handoff }, ...items.slice(cut)];
    this.ledger = summary.ledger;
    this.meter.forgetLast();
    const after = this.estimate(next);
    records.push(this.#record('summary', options.reason, before, after, started, summary.requests));
    if (before - after < before * STALL_FRACTION) {
      return this.#failed(
        next,
        records,
        `it freed only ${formatTokens(before - after)} of ${formatTokens(before)} tokens`,
      );
    }
    if (after > this.#budget.hardLimit) {
      return this.#failed(
        next,
        records,
        `the result (${formatTokens(after)} tokens) is still over the limit`,
      );
    }
    return this.#succeeded(next, records);
  }

  #succeeded(items: ModelItem[], records: CompactionRecord[]): CompactionResult {
    if (records.length > 0) this.#failures = 0;
    return { ok: true, items, records };
  }

  #failed(items: ModelItem[], records: CompactionRecord[], why: string): CompactionResult {
    this.#failures++;
    const breakerOpen = this.#failures >= BREAKER_LIMIT;
    const message = breakerOpen
      ? `Stopped: compacting the conversation failed ${this.#failures} times in a row (last: ${why}). ` +
        'The task cannot continue in this window: start a new session (`/new`, or a new `ossa exec`), ' +
        'or load the model with a larger window (see `ossa doctor`).'
      : `Compacting the conversation did not work: ${why}.`;
    return { ok: false, items, records, message, breakerOpen };
  }

  #record(
    stage: CompactionStage,
    reason: CompactionReason,
    before: number,
    after: number,
    started: number,
    requests: number,
  ): CompactionRecord {
    return {
      stage,
      reason,
      tokensBefore: before,
      tokensAfter: after,
      durationMs: Math.round(performance.now() - started),
      window: this.#budget.window,
      requests,
    };
  }

  #computeBudget(): ContextBudget {
    return contextBudget({
      window: this.#window,
      ...(this.settings.isLocal !== undefined ? { isLocal: this.settings.isLocal } : {}),
      fixedTokens: this.meter.estimate(this.requestBytes([])),
      ...(this.settings.autoCompactTokenLimit
        ? { autoCompactTokenLimit: this.settings.autoCompactTokenLimit }
        : {}),
      ...(this.settings.toolOutputTokenLimit
        ? { toolOutputTokenLimit: this.settings.toolOutputTokenLimit }
        : {}),
    });
  }

  /** The meter learned a new ratio: the fixed prompt's size, and so the thresholds, move with it. */
  recalibrate(): void {
    this.#budget = this.#computeBudget();
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
