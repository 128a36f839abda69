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
import { WorkspaceWatch } from './context/workspace-changes.js';
import { ContextSteps } from './context-steps.js';
import { closeDanglingCalls } from './dangling-calls.js';
import { environmentToSend } from './instructions.js';
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

type StepReply = StepResult & { refusals: Map<string, string> };
/** What sending one request came to. */
type Sent =
  | { kind: 'reply'; result: StepReply; bytes: number }
  | { kind: 'retry' }
  | { kind: 'ended'; outcome: TurnOutcome };
const RETRY = Symbol('retry');

/** A running turn. */
interface TurnState {
  readonly turnId: string;
  readonly guard: RepeatGuard;
  usage: TokenUsage;
  lastMessage: string | undefined;
  /** Recoveries since the last reply that was kept (at most one in a row). */
  recoveries: number;
  end(status: TurnStatus, error?: string): TurnOutcome;
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

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
  /** Sees which files each tool call changed, for the ledger (off with `watchWorkspace: false`). */
  private readonly watch: WorkspaceWatch | undefined;

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
      reselectTools: (task, signal) =>
        options.tools.prepare?.(task, { reselect: true, signal, notify: (event) => this.emit(event) }) ??
        Promise.resolve(),
    });
    this.watch = options.watchWorkspace === false ? undefined : new WorkspaceWatch(options.cwd);
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

  /**
   * One turn: the user's message, then model requests and tool phases until the model answers
   * without calling a tool (or the turn stops). Each step is a method below.
   */
  private async turn(prompt: string, signal: AbortSignal, turnOptions: TurnOptions): Promise<TurnOutcome> {
    const turn = this.beginTurn(prompt);
    const opened = await this.openTurn(turn, prompt, signal);
    if (opened) return opened;
    const maxSteps = this.options.maxSteps ?? DEFAULT_AGENT_MAX_STEPS;
    for (let step = 1; step <= maxSteps; step++) {
      const outcome = await this.runStep(turn, step, signal, turnOptions);
      if (outcome) return outcome;
    }
    return turn.end(
      'failed',
      `Stopped after ${maxSteps} model requests in one turn without a final answer. Raise the limit with -c agent_max_steps=N if the task needs more.`,
    );
  }

  /** The turn's running state, and `end` which publishes its outcome. */
  private beginTurn(prompt: string): TurnState {
    const turnId = `turn-${++this.turnCounter}`;
    const turn: TurnState = {
      turnId,
      guard: new RepeatGuard(this.options.maxRepeatedFailures ?? 3),
      usage: emptyUsage(),
      lastMessage: undefined,
      recoveries: 0,
      end: (status, error) => {
        const { lastMessage, usage } = turn;
        if (error) this.emit({ type: 'error', turnId, message: error });
        this.emit({ type: 'turn-end', turnId, status, lastMessage, usage, ...(error ? { error } : {}) });
        return { status, lastMessage, usage, ...(error ? { error } : {}) };
      },
    };
    this.emit({ type: 'turn-begin', turnId, prompt });
    return turn;
  }

  /**
   * Adds the user's message (refused when it cannot fit even alone, before anything is sent) and
   * lets the tool sources bring in their tools; returns the outcome when the turn cannot start.
   * The message starts with the environment block when the history does not carry it as it is
   * now (the first turn, or a resume with other flags: see instructions.ts).
   */
  private async openTurn(turn: TurnState, prompt: string, signal: AbortSignal) {
    // What changed in the workspace since the last call is the user's, not the next call's.
    this.watch?.forget();
    const { environment } = this.options;
    const changed = environment && environmentToSend(this.history, environment);
    const message: ModelItem = {
      type: 'message',
      role: 'user',
      text: changed ? `${changed}\n\n${prompt}` : prompt,
    };
    const refusal = this.context.refusalFor(message);
    if (refusal) return turn.end('failed', refusal);
    this.append(message);
    try {
      await this.options.tools.prepare?.(prompt, {
        reselect: false,
        signal,
        notify: (event) => this.emit(event),
      });
    } catch (error) {
      if (signal.aborted) return turn.end('interrupted');
      return turn.end('failed', errorMessage(error));
    }
    return undefined;
  }

  /** One model request and the tool calls it asked for; returns the outcome when the turn ends. */
  private async runStep(
    turn: TurnState,
    step: number,
    signal: AbortSignal,
    turnOptions: TurnOptions,
  ): Promise<TurnOutcome | undefined> {
    if (this.storeFailure) return turn.end('failed', this.storeFailure);
    const sent = await this.sendRequest(turn, step, signal, turnOptions);
    if (sent.kind === 'ended') return sent.outcome;
    if (sent.kind === 'retry') return undefined;
    const { result, bytes } = sent;
    const cut = await this.recoverFromCutPrompt(turn, bytes, result, signal);
    if (cut) return cut === RETRY ? undefined : cut;
    turn.recoveries = 0;

    turn.usage = this.recordReply(turn.turnId, step, result, turn.usage);
    if (result.text) turn.lastMessage = result.text;
    if (result.toolCalls.length === 0) {
      return this.storeFailure ? turn.end('failed', this.storeFailure) : turn.end('completed');
    }
    const stop = await runToolPhase(
      this.toolPhaseDeps(turn.turnId, turn.guard, signal),
      turn.turnId,
      result.toolCalls,
      result.refusals,
      signal,
    );
    return stop ? turn.end(stop.status, stop.error) : undefined;
  }

  /**
   * Compacts when the next request needs it, sends it and reads the reply. An overflow answer gets
   * one compaction and a retry (`retry`); any other failure ends the turn.
   */
  private async sendRequest(
    turn: TurnState,
    step: number,
    signal: AbortSignal,
    turnOptions: TurnOptions,
  ): Promise<Sent> {
    const { turnId } = turn;
    try {
      const stop = await this.steps.fitHistory(turnId, 'threshold', signal);
      if (stop) return { kind: 'ended', outcome: turn.end('failed', stop) };
      const request = this.request(turnOptions);
      const bytes = this.context.requestBytes(request.input);
      const estimatedTokens = this.context.estimate(request.input);
      this.emit({ type: 'request-begin', turnId, step, bytes, estimatedTokens });
      const result = await runRepairedStep(
        { client: this.options.client, family: this.options.family, emit: (e) => this.emit(e) },
        request,
        `${turnId}-${step}`,
        turnId,
        signal,
      );
      return { kind: 'reply', result, bytes };
    } catch (error) {
      if (signal.aborted) return { kind: 'ended', outcome: turn.end('interrupted') };
      if (error instanceof ContextWindowExceededError && turn.recoveries === 0) {
        const stopped = await this.recover(turn, signal, () =>
          this.steps.recoverFromOverflow(turnId, error, signal),
        );
        return stopped ? { kind: 'ended', outcome: stopped } : { kind: 'retry' };
      }
      return { kind: 'ended', outcome: turn.end('failed', errorMessage(error)) };
    }
  }

  /**
   * When the server's prompt count says it cut the prompt, the reply was written from a cut
   * conversation: it is voided, the history compacted and the request made again (RETRY).
   */
  private async recoverFromCutPrompt(
    turn: TurnState,
    bytes: number,
    result: StepReply,
    signal: AbortSignal,
  ): Promise<TurnOutcome | typeof RETRY | undefined> {
    const { turnId } = turn;
    if (
      !result.usage ||
      !this.steps.serverCutPrompt(turnId, bytes, result.usage.inputTokens) ||
      turn.recoveries > 0 ||
      !this.context.canCompact(this.history)
    ) {
      return undefined;
    }
    this.emit({ type: 'stream-reset', turnId, reason: 'the server cut the prompt; compacting and retrying' });
    return (
      (await this.recover(turn, signal, () => this.steps.fitHistory(turnId, 'truncation', signal))) ?? RETRY
    );
  }

  /** One recovery (a compaction, then a retry) per overflow answer or cut prompt in a row. */
  private async recover(
    turn: TurnState,
    signal: AbortSignal,
    work: () => Promise<string | undefined>,
  ): Promise<TurnOutcome | undefined> {
    turn.recoveries++;
    const stop = await work().catch(abortOr(signal));
    if (stop === ABORTED) return turn.end('interrupted');
    return stop ? turn.end('failed', stop) : undefined;
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
      ...(this.watch ? { watch: this.watch } : {}),
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
