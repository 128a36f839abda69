// The agent loop. A Session owns the history and runs turns: it sends the conversation to the
// model, runs the tools the model calls, feeds their outputs back and stops when the model
// answers without calling a tool. Everything it does is published as one AgentEvent stream;
// front-ends send ops (user input, approval decisions, interrupts) back.
import { randomUUID } from 'node:crypto';
import { ContextWindowExceededError } from '../model/errors.js';
import type { ModelItem, ModelRequest } from '../model/types.js';
import { DEFAULT_AGENT_MAX_STEPS } from '../protocol/agent-limits.js';
import {
  type AgentEvent,
  EVENT_SCHEMA_VERSION,
  type SessionOp,
  type TokenUsage,
  type TurnStatus,
} from '../protocol/events.js';
import type { SessionFile } from '../store/session-file.js';
import { ApprovalBroker } from './approval-broker.js';
import { ContextManager } from './context/context-manager.js';
import { ledgerFrom } from './context/ledger.js';
import { ContextSteps } from './context-steps.js';
import { closeDanglingCalls } from './dangling-calls.js';
import type { StepResult } from './model-step.js';
import { runRepairedStep } from './repair-step.js';
import { RepeatGuard } from './repeat-guard.js';
import type { SessionOptions, TurnOptions, TurnOutcome } from './session-options.js';
import { runToolPhase, type ToolPhaseDeps } from './tool-phase.js';
import { addUsage, emptyUsage, toTokenUsage } from './usage.js';

export type { SessionOptions, TurnOptions, TurnOutcome };

/** A queued op: a prompt, or `/compact`. */
type Queued = { kind: 'input'; text: string } | { kind: 'compact'; focus?: string };

const ABORTED = Symbol('aborted');
/** Turns the abort of a compaction into a marker; other failures propagate. */
const abortOr =
  (signal: AbortSignal) =>
  (error: unknown): typeof ABORTED => {
    if (signal.aborted) return ABORTED;
    throw error;
  };

type Listener = (event: AgentEvent) => void;

export class Session {
  readonly id: string;
  private readonly history: ModelItem[];
  private readonly listeners = new Set<Listener>();
  private readonly queue: Queued[] = [];
  private current: { controller: AbortController; done: Promise<TurnOutcome> } | undefined;
  private turnCounter = 0;
  private readonly context: ContextManager;
  private readonly steps: ContextSteps;
  private readonly approvals: ApprovalBroker;

  /** Set when the session file could not be written; the running turn then fails with it. */
  private storeFailure: string | undefined;
  private store: SessionFile | undefined;

  constructor(private readonly options: SessionOptions) {
    this.id = options.id ?? randomUUID();
    this.history = closeDanglingCalls(options.history ?? []);
    this.store = options.store;
    // Everything but the history is fixed for the session: the server's prefix cache survives.
    this.context = new ContextManager(
      options.context ?? {},
      () => this.baseRequest(),
      options.client,
      ledgerFrom(options.ledger),
    );
    this.steps = new ContextSteps({
      context: this.context,
      history: this.history,
      save: (record) => this.save(record),
      emit: (event) => this.emit(event),
      detectTruncation: options.detectTruncation,
    });
    this.approvals = new ApprovalBroker(options.sandbox.nonInteractive, (event) => this.emit(event));
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Announces the session to subscribers (front-ends call it once they listen). */
  start(): void {
    const { options } = this;
    this.emit({
      type: 'session-start',
      schemaVersion: EVENT_SCHEMA_VERSION,
      sessionId: this.id,
      model: options.model,
      provider: options.providerId,
      cwd: options.cwd,
      sandbox: options.sandbox.mode,
      approval: options.sandbox.approval,
      resumed: (options.history?.length ?? 0) > 0,
    });
  }

  /** Ends the session: stops what its tools started (servers of tool sources). The history stays readable. */
  async close(): Promise<void> {
    this.current?.controller.abort();
    await this.options.tools.close?.();
  }

  get items(): readonly ModelItem[] {
    return this.history;
  }

  submit(op: SessionOp): void {
    switch (op.type) {
      case 'user-input':
        this.queue.push({ kind: 'input', text: op.text });
        if (!this.current) void this.drain();
        break;
      case 'compact':
        this.queue.push({ kind: 'compact', ...(op.focus ? { focus: op.focus } : {}) });
        if (!this.current) void this.drain();
        break;
      case 'approval':
        this.approvals.answer(op.callId, op.decision);
        break;
      case 'interrupt':
        this.current?.controller.abort();
        break;
    }
  }

  /** Runs one turn to its end (used by exec; the TUI uses submit()). */
  async runTurn(prompt: string, signal?: AbortSignal, turnOptions: TurnOptions = {}): Promise<TurnOutcome> {
    return this.run((inner) => this.turn(prompt, inner, turnOptions), signal);
  }

  /** Compacts the conversation now, as a turn of its own (the TUI's `/compact`). */
  async compact(focus?: string, signal?: AbortSignal): Promise<TurnOutcome> {
    return this.run((inner) => this.steps.compactTurn(`turn-${++this.turnCounter}`, focus, inner), signal);
  }

  private async run(work: (signal: AbortSignal) => Promise<TurnOutcome>, signal?: AbortSignal) {
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) controller.abort();
    const done = work(controller.signal);
    this.current = { controller, done };
    try {
      return await done;
    } finally {
      this.current = undefined;
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.current) {
      const next = this.queue.shift()!;
      await (next.kind === 'input' ? this.runTurn(next.text) : this.compact(next.focus));
    }
  }

  private emit(event: AgentEvent): void {
    // Deltas are repeated by the complete message; session-start by the file's meta record.
    const transient =
      event.type === 'text-delta' || event.type === 'reasoning-delta' || event.type === 'tool-call-delta';
    if (!transient && event.type !== 'session-start') {
      this.save({ type: 'event', event });
    }
    for (const listener of this.listeners) listener(event);
  }

  private append(item: ModelItem): void {
    this.history.push(item);
    this.save({ type: 'item', item });
  }

  /** Writes to the session file; after the first failure (a full disk) nothing more is tried. */
  private save(record: Parameters<SessionFile['append']>[0]): void {
    if (!this.store) return;
    try {
      this.store.append(record);
    } catch (error) {
      this.store = undefined;
      this.storeFailure = error instanceof Error ? error.message : String(error);
    }
  }

  private async turn(prompt: string, signal: AbortSignal, turnOptions: TurnOptions): Promise<TurnOutcome> {
    const { options } = this;
    const turnId = `turn-${++this.turnCounter}`;
    const maxSteps = options.maxSteps ?? DEFAULT_AGENT_MAX_STEPS;
    const guard = new RepeatGuard(options.maxRepeatedFailures ?? 3);
    let usage = emptyUsage();
    let lastMessage: string | undefined;
    const end = (status: TurnStatus, error?: string): TurnOutcome => {
      if (error) this.emit({ type: 'error', turnId, message: error });
      this.emit({ type: 'turn-end', turnId, status, lastMessage, usage, ...(error ? { error } : {}) });
      return { status, lastMessage, usage, ...(error ? { error } : {}) };
    };

    this.emit({ type: 'turn-begin', turnId, prompt });
    const message: ModelItem = { type: 'message', role: 'user', text: prompt };
    // A message that cannot fit even with no history is refused before anything is sent.
    const refusal = this.context.refusalFor(message);
    if (refusal) return end('failed', refusal);
    this.append(message);
    try {
      await options.tools.prepare?.(prompt, { reselect: false, signal, notify: (event) => this.emit(event) });
    } catch (error) {
      if (signal.aborted) return end('interrupted');
      return end('failed', error instanceof Error ? error.message : String(error));
    }

    // One recovery (compaction, then a retry) per overflow answer or cut prompt in a row.
    let recoveries = 0;
    const recover = async (work: () => Promise<string | undefined>): Promise<TurnOutcome | undefined> => {
      recoveries++;
      const stop = await work().catch(abortOr(signal));
      if (stop === ABORTED) return end('interrupted');
      return stop ? end('failed', stop) : undefined;
    };
    for (let step = 1; step <= maxSteps; step++) {
      if (this.storeFailure) return end('failed', this.storeFailure);
      let result: StepResult & { refusals: Map<string, string> };
      let bytes: number;
      try {
        const stop = await this.steps.fitHistory(turnId, 'threshold', signal);
        if (stop) return end('failed', stop);
        const request = this.request(turnOptions);
        bytes = this.context.requestBytes(request.input);
        const estimatedTokens = this.context.estimate(request.input);
        this.emit({ type: 'request-begin', turnId, step, bytes, estimatedTokens });
        result = await runRepairedStep(
          { client: options.client, family: options.family, emit: (e) => this.emit(e) },
          request,
          `${turnId}-${step}`,
          turnId,
          signal,
        );
      } catch (error) {
        if (signal.aborted) return end('interrupted');
        if (error instanceof ContextWindowExceededError && recoveries === 0) {
          const stopped = await recover(() => this.steps.recoverFromOverflow(turnId, error, signal));
          if (stopped) return stopped;
          continue;
        }
        return end('failed', error instanceof Error ? error.message : String(error));
      }

      if (
        result.usage &&
        this.steps.serverCutPrompt(turnId, bytes, result.usage.inputTokens) &&
        recoveries === 0 &&
        this.context.canCompact(this.history)
      ) {
        // The reply was written from a cut conversation: void it, compact, ask again.
        this.emit({
          type: 'stream-reset',
          turnId,
          reason: 'the server cut the prompt; compacting and retrying',
        });
        const stopped = await recover(() => this.steps.fitHistory(turnId, 'truncation', signal));
        if (stopped) return stopped;
        continue;
      }
      recoveries = 0;

      usage = this.recordReply(turnId, step, result, usage);
      if (result.text) lastMessage = result.text;

      if (result.toolCalls.length === 0) {
        return this.storeFailure ? end('failed', this.storeFailure) : end('completed');
      }

      const stop = await runToolPhase(
        this.toolPhaseDeps(turnId, guard, signal),
        turnId,
        result.toolCalls,
        result.refusals,
        signal,
      );
      if (stop) return end(stop.status, stop.error);
    }
    return end(
      'failed',
      `Stopped after ${maxSteps} model requests in one turn without a final answer. Raise the limit with -c agent_max_steps=N if the task needs more.`,
    );
  }

  /**
   * Everything but the history: the same bytes in every request (the server's prefix cache), except
   * when the tools change (tool sources chosen for a new turn's task).
   */
  private baseRequest(): Omit<ModelRequest, 'input'> {
    const { options } = this;
    return {
      model: options.model,
      instructions: options.instructions,
      tools: options.tools.specs(),
      ...(options.reasoningEffort ? { reasoningEffort: options.reasoningEffort } : {}),
      parallelToolCalls: false,
      ...(options.extraBody ? { extraBody: options.extraBody } : {}),
    };
  }

  /** Adds a reply's reasoning and text to history and publishes them with its usage; returns the turn's usage. */
  private recordReply(turnId: string, step: number, result: StepResult, total: TokenUsage): TokenUsage {
    for (const item of result.reasoning) {
      if (this.options.family?.sendReasoningBack !== false) this.append(item);
      this.emit({ type: 'reasoning', turnId, text: item.text });
    }
    if (result.text) {
      this.append({ type: 'message', role: 'assistant', text: result.text });
      this.emit({ type: 'message', turnId, text: result.text });
    }
    if (result.toolCalls.length === 0 && result.finishReason === 'length') {
      this.emit({
        type: 'warning',
        turnId,
        message: 'The model stopped because it reached its output token limit; the answer may be cut off.',
      });
    }
    if (!result.usage) return total;
    const stepUsage = toTokenUsage(result.usage);
    const usage = addUsage(total, stepUsage);
    this.emit({
      type: 'usage',
      turnId,
      step,
      usage: stepUsage,
      total: usage,
      ...(result.ttftMs !== undefined ? { ttftMs: result.ttftMs } : {}),
      ...(result.tokensPerSecond !== undefined ? { tokensPerSecond: result.tokensPerSecond } : {}),
      ...(result.tokensPerSecondSource ? { tokensPerSecondSource: result.tokensPerSecondSource } : {}),
    });
    return usage;
  }

  private toolPhaseDeps(turnId: string, guard: RepeatGuard, signal: AbortSignal): ToolPhaseDeps {
    const { options } = this;
    return {
      tools: options.tools,
      cwd: options.cwd,
      sandbox: options.sandbox,
      commandEnv: options.commandEnv,
      guard,
      maxRepeatedFailures: options.maxRepeatedFailures ?? 3,
      outputBytes: this.context.toolOutputBytes(),
      emit: (event) => this.emit(event),
      append: (item) => this.append(item),
      requestApproval: (request) => this.approvals.ask(turnId, request, signal),
    };
  }

  /** The request for the current history. */
  private request(turnOptions: TurnOptions): ModelRequest {
    const base = this.baseRequest();
    const tools = turnOptions.withoutTools ? [] : base.tools;
    const format = turnOptions.responseFormat;
    return {
      ...base,
      input: [...this.history],
      tools,
      ...(format && (tools.length === 0 || turnOptions.responseFormatWithTools)
        ? { responseFormat: format }
        : {}),
    };
  }
}
