// The session's side of context management: compacts its history when the next request needs
// it, recovers from an overflow answer or a prompt the server cut, runs `/compact`, and saves and
// publishes every compaction. The decisions live in context/context-manager.ts.
import { quoteServerMessage } from '../model/classify-error.js';
import type { ContextWindowExceededError } from '../model/errors.js';
import type { ModelItem } from '../model/types.js';
import type { AgentEvent, TokenUsage, TurnStatus } from '../protocol/events.js';
import { formatTokens } from '../protocol/format-tokens.js';
import type { SessionRecord } from '../store/session-file.js';
import type { CompactionRecord, ContextManager } from './context/context-manager.js';
import { handoffTask } from './context/handoff.js';
import { isHandoff } from './context/ledger.js';
import { emptyUsage } from './usage.js';

/** A cut prompt smaller than this says more about the server's rules than about its window. */
const MIN_LEARNED_WINDOW = 1024;

export interface ContextStepsDeps {
  context: ContextManager;
  /** The session's history, replaced in place by a compaction. */
  history: ModelItem[];
  /** Writes a record to the session file (the session handles write failures). */
  save(record: SessionRecord): void;
  emit(event: AgentEvent): void;
  detectTruncation?:
    | ((sentTokens: number, reported: number, window: number) => string | undefined)
    | undefined;
  /**
   * Asks the tool sources to choose their tools again for `task` (the handoff summary) after a
   * summary replaced the older history. A source whose choice does not change keeps the very same
   * tool list (the same bytes, so the server's prefix cache for instructions and tools survives).
   */
  reselectTools?(task: string, signal: AbortSignal): Promise<void>;
}

export class ContextSteps {
  constructor(private readonly deps: ContextStepsDeps) {}

  /**
   * Compacts when the next request is past a threshold (always after an overflow or a cut prompt);
   * returns why the turn must stop when the conversation still does not fit.
   */
  async fitHistory(
    turnId: string,
    reason: 'threshold' | 'truncation' | 'overflow',
    signal: AbortSignal,
  ): Promise<string | undefined> {
    const { context, history } = this.deps;
    if (reason === 'threshold' && !context.needsCompaction(history)) return undefined;
    const result = await context.compact(history, { reason, force: reason !== 'threshold', signal });
    this.replaceHistory(turnId, result.items, result.records);
    await this.reselectAfter(result.records, signal);
    if (!result.ok) {
      if (result.breakerOpen) return result.message;
      this.deps.emit({ type: 'warning', turnId, message: result.message, code: 'compaction-failed' });
    }
    return context.overLimit(history);
  }

  /**
   * An overflow answer: learn the window and the prompt's real size from it, then compact — or,
   * when there is nothing older to summarise (the instructions, tools and the latest message alone
   * do not fit), stop at once with the server's figures instead of retrying what cannot succeed.
   */
  async recoverFromOverflow(
    turnId: string,
    error: ContextWindowExceededError,
    signal: AbortSignal,
  ): Promise<string | undefined> {
    const { context, history } = this.deps;
    context.learnWindow(error.contextTokens);
    if (error.promptTokens) context.meter.observe(context.requestBytes(history), error.promptTokens);
    context.recalibrate();
    if (!context.canCompact(history)) return tooLargeAlone(error);
    this.deps.emit({
      type: 'warning',
      turnId,
      message: `The request did not fit the model's context window (${quoteServerMessage(error.serverMessage)}); compacting and retrying.`,
    });
    return this.fitHistory(turnId, 'overflow', signal);
  }

  /** Checks the server's prompt count; true when it cut the prompt to its window (retry after compacting). */
  serverCutPrompt(turnId: string, bytes: number, reported: number): boolean {
    const { context } = this.deps;
    const sent = context.meter.estimate(bytes);
    const window = context.budget.window;
    // The count grew far less than what was added: cut to a window smaller than ossa believed.
    const stalled = context.meter.grewTooLittle(bytes, reported) && reported >= MIN_LEARNED_WINDOW;
    const truncation =
      this.deps.detectTruncation?.(sent, reported, window) ??
      (stalled
        ? `The server read only ${reported} prompt tokens of about ${sent} sent: it cut the conversation to fit a context window smaller than the ${window} tokens ossa was told, so the model no longer sees the start. ossa uses ${reported} from now on.`
        : undefined);
    if (!truncation) {
      context.meter.observe(bytes, reported);
      context.recalibrate();
      return false;
    }
    this.deps.emit({ type: 'warning', turnId, message: truncation, code: 'server-truncation' });
    // A cut at a window's worth is the window's doing: compacting helps. A server that keeps far
    // less than any window (it counts only part of the prompt, or drops it for its own reasons) is
    // reported, but neither learned from nor compacted for.
    if (sent <= window && !stalled) return false;
    // What the server kept is the most it holds: a smaller window than ossa believed is learned.
    if (stalled && reported < window) context.learnWindow(reported);
    context.meter.observeTruncation(bytes, Math.max(reported, context.budget.window));
    context.recalibrate();
    return true;
  }

  /** `/compact [focus]`: a summary now, shown as a turn of its own (nothing is added to history). */
  async compactTurn(
    turnId: string,
    focus: string | undefined,
    signal: AbortSignal,
  ): Promise<{ status: TurnStatus; usage: TokenUsage; error?: string }> {
    const usage = emptyUsage();
    this.deps.emit({ type: 'turn-begin', turnId, prompt: `/compact${focus ? ` ${focus}` : ''}` });
    let error: string | undefined;
    try {
      error = await this.compactNow(turnId, focus, signal);
    } catch (caught) {
      if (!signal.aborted) error = caught instanceof Error ? caught.message : String(caught);
    }
    const status: TurnStatus = signal.aborted ? 'interrupted' : error ? 'failed' : 'completed';
    if (error) this.deps.emit({ type: 'error', turnId, message: error });
    this.deps.emit({ type: 'turn-end', turnId, status, usage, ...(error ? { error } : {}) });
    return { status, usage, ...(error ? { error } : {}) };
  }

  /** Returns the error when the summary did not work. */
  private async compactNow(
    turnId: string,
    focus: string | undefined,
    signal: AbortSignal,
  ): Promise<string | undefined> {
    const result = await this.deps.context.compact(this.deps.history, {
      reason: 'manual',
      summarise: true,
      signal,
      ...(focus ? { focus } : {}),
    });
    this.replaceHistory(turnId, result.items, result.records);
    await this.reselectAfter(result.records, signal);
    return result.ok ? undefined : result.message;
  }

  /**
   * After a summary the task is what the handoff says: the tool sources choose for it. The fixed
   * part of every request (instructions and tools) may have changed size, so the budget follows.
   * Pruning keeps the conversation's messages, so it keeps the choice too.
   */
  private async reselectAfter(records: CompactionRecord[], signal: AbortSignal): Promise<void> {
    const { history, context, reselectTools } = this.deps;
    if (!reselectTools || !records.some((record) => record.stage === 'summary')) return;
    const handoff = history[0];
    if (handoff?.type !== 'message' || handoff.role !== 'user' || !isHandoff(handoff.text)) return;
    await reselectTools(handoffTask(handoff.text), signal);
    context.recalibrate();
  }

  /** Puts a compacted history in place, saves it and publishes what was done. */
  private replaceHistory(turnId: string, items: ModelItem[], records: CompactionRecord[]): void {
    if (records.length === 0) return;
    const { history } = this.deps;
    history.splice(0, history.length, ...items);
    this.deps.save({ type: 'compaction', items, ledger: this.deps.context.ledger });
    for (const record of records) this.deps.emit({ type: 'compaction', turnId, ...record });
  }
}

/** The stop for an overflow answer when nothing can be compacted, with the server's own figures. */
function tooLargeAlone(error: ContextWindowExceededError): string {
  const counted =
    error.promptTokens && error.contextTokens
      ? `the server counted ${formatTokens(error.promptTokens)} prompt tokens for its ${formatTokens(error.contextTokens)}-token window`
      : `the server refused it (${quoteServerMessage(error.serverMessage)})`;
  return (
    `The request does not fit the model's context window: ${counted}, and there is no older part of the ` +
    'conversation to summarise — the instructions, the tool list and the latest message alone are too large. ' +
    'Shorten the message, or put the large part in a file and ask the agent to read it in pieces; or load the ' +
    'model with a larger window (see `ossa doctor`).'
  );
}
