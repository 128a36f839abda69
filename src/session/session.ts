// The agent loop. A Session owns the history and runs turns: it sends the conversation to the
// model, runs the tools the model calls, feeds their outputs back and stops when the model
// answers without calling a tool. Everything it does is published as one AgentEvent stream;
// front-ends send ops (user input, approval decisions, interrupts) back.

import { randomUUID } from 'node:crypto';
import type { ModelItem, ModelRequest, ResponseFormat } from '../model/types.js';
import type { ApprovalDecision, ApprovalRequest } from '../protocol/approval.js';
import {
  type AgentEvent,
  EVENT_SCHEMA_VERSION,
  type SessionOp,
  type TokenUsage,
  type ToolDetails,
  type TurnStatus,
} from '../protocol/events.js';
import type { SandboxPolicy } from '../protocol/sandbox-policy.js';
import type { ModelFamily } from '../repair/families.js';
import { createVisibleTextFilter } from '../repair/stream-filter.js';
import type { SessionFile } from '../store/session-file.js';
import { closeDanglingCalls } from './dangling-calls.js';
import { type ModelClientLike, runModelStep } from './model-step.js';
import { repairStep } from './repair-step.js';
import { RepeatGuard } from './repeat-guard.js';
import { requestBytes } from './request-bytes.js';
import { INTERRUPTED_OUTPUT, runToolCall, type ToolRegistryLike } from './tool-runner.js';
import { addUsage, emptyUsage, toTokenUsage } from './usage.js';

export interface SessionOptions {
  id?: string;
  model: string;
  providerId: string;
  client: ModelClientLike;
  tools: ToolRegistryLike;
  instructions: string;
  sandbox: SandboxPolicy;
  cwd: string;
  commandEnv: Record<string, string>;
  reasoningEffort?: string;
  /** History to continue (resume). */
  history?: ModelItem[];
  store?: SessionFile;
  /** Model requests allowed per turn before the turn stops. */
  maxSteps?: number;
  /** Identical failing calls in a row before the turn stops. */
  maxRepeatedFailures?: number;
  /** Extra request body fields (e.g. sampling settings). */
  extraBody?: Record<string, unknown>;
  /**
   * The model's family: which misformatted tool calls to recover from its text and whether its
   * reasoning goes back into history. Without it responses are taken as they come.
   */
  family?: ModelFamily;
  /** Returns a warning when the server reports far fewer prompt tokens than the request's size suggests. */
  detectTruncation?: (requestBytes: number, reportedPromptTokens: number) => string | undefined;
}

export interface TurnOutcome {
  status: TurnStatus;
  lastMessage?: string;
  error?: string;
  usage: TokenUsage;
}

/** Per-turn request settings (review: structured output, a final answer without tools). */
export interface TurnOptions {
  /**
   * Ask for JSON in this shape. Sent only on requests that offer no tools, unless
   * `responseFormatWithTools`: local servers constrain the whole reply to the schema (llama.cpp
   * refuses tools plus a grammar), which would leave the model no way to call a tool.
   */
  responseFormat?: ResponseFormat;
  /** The server takes a response format and tools in one request (OpenAI). */
  responseFormatWithTools?: boolean;
  /** Offer no tools in this turn: the model must answer in text. */
  withoutTools?: boolean;
}

type Listener = (event: AgentEvent) => void;

export class Session {
  readonly id: string;
  private readonly history: ModelItem[];
  private readonly listeners = new Set<Listener>();
  private readonly pendingApprovals = new Map<string, (decision: ApprovalDecision) => void>();
  private readonly approvedForSession = new Set<string>();
  private readonly queue: string[] = [];
  private current: { controller: AbortController; done: Promise<TurnOutcome> } | undefined;
  private turnCounter = 0;

  /** Set when the session file could not be written; the running turn then fails with it. */
  private storeFailure: string | undefined;
  private store: SessionFile | undefined;

  constructor(private readonly options: SessionOptions) {
    this.id = options.id ?? randomUUID();
    this.history = closeDanglingCalls(options.history ?? []);
    this.store = options.store;
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
        this.queue.push(op.text);
        if (!this.current) void this.drain();
        break;
      case 'approval': {
        const resolve = this.pendingApprovals.get(op.callId);
        if (resolve) {
          this.pendingApprovals.delete(op.callId);
          resolve(op.decision);
        }
        break;
      }
      case 'interrupt':
        this.current?.controller.abort();
        break;
    }
  }

  /** Runs one turn to its end (used by exec; the TUI uses submit()). */
  async runTurn(prompt: string, signal?: AbortSignal, turnOptions: TurnOptions = {}): Promise<TurnOutcome> {
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) controller.abort();
    const done = this.turn(prompt, controller.signal, turnOptions);
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
      await this.runTurn(this.queue.shift()!);
    }
  }

  private emit(event: AgentEvent): void {
    // Deltas are repeated by the complete message; session-start by the file's meta record.
    if (event.type !== 'text-delta' && event.type !== 'reasoning-delta' && event.type !== 'session-start') {
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
    const maxSteps = options.maxSteps ?? 60;
    const guard = new RepeatGuard(options.maxRepeatedFailures ?? 3);
    let usage = emptyUsage();
    let lastMessage: string | undefined;
    const end = (status: TurnStatus, error?: string): TurnOutcome => {
      if (error) this.emit({ type: 'error', turnId, message: error });
      this.emit({ type: 'turn-end', turnId, status, lastMessage, usage, ...(error ? { error } : {}) });
      return { status, lastMessage, usage, ...(error ? { error } : {}) };
    };

    this.emit({ type: 'turn-begin', turnId, prompt });
    this.append({ type: 'message', role: 'user', text: prompt });
    try {
      await options.tools.prepare?.(prompt, { reselect: false, signal, notify: (event) => this.emit(event) });
    } catch (error) {
      if (signal.aborted) return end('interrupted');
      return end('failed', error instanceof Error ? error.message : String(error));
    }

    for (let step = 1; step <= maxSteps; step++) {
      if (this.storeFailure) return end('failed', this.storeFailure);
      const tools = turnOptions.withoutTools ? [] : options.tools.specs();
      const format = turnOptions.responseFormat;
      const request: ModelRequest = {
        model: options.model,
        instructions: options.instructions,
        input: this.history,
        tools,
        ...(options.reasoningEffort ? { reasoningEffort: options.reasoningEffort } : {}),
        parallelToolCalls: false,
        ...(format && (tools.length === 0 || turnOptions.responseFormatWithTools)
          ? { responseFormat: format }
          : {}),
        ...(options.extraBody ? { extraBody: options.extraBody } : {}),
      };
      const bytes = requestBytes(request);
      this.emit({ type: 'request-begin', turnId, step, bytes });

      const family = options.family;
      let result: Awaited<ReturnType<typeof runModelStep>>;
      try {
        const textFilter = family
          ? () =>
              createVisibleTextFilter({
                formats: family.toolCallFormats,
                toolNames: request.tools.map((tool) => tool.name),
              })
          : undefined;
        result = await runModelStep(options.client, request, signal, turnId, (e) => this.emit(e), textFilter);
      } catch (error) {
        if (signal.aborted) return end('interrupted');
        return end('failed', error instanceof Error ? error.message : String(error));
      }

      // Tool calls the server did not parse are recovered here, or refused with a message the
      // model can act on.
      let refusals = new Map<string, string>();
      if (family) {
        const repaired = repairStep(result, request.tools, family, `${turnId}-${step}`);
        result = repaired.result;
        refusals = repaired.refusals;
        for (const record of repaired.repairs) this.emit({ type: 'tool-call-repair', turnId, ...record });
      }

      for (const item of result.reasoning) {
        if (family?.sendReasoningBack !== false) this.append(item);
        this.emit({ type: 'reasoning', turnId, text: item.text });
      }
      if (result.text) {
        this.append({ type: 'message', role: 'assistant', text: result.text });
        this.emit({ type: 'message', turnId, text: result.text });
        lastMessage = result.text;
      }
      if (result.usage) {
        const truncation = options.detectTruncation?.(bytes, result.usage.inputTokens);
        if (truncation)
          this.emit({ type: 'warning', turnId, message: truncation, code: 'server-truncation' });
        const stepUsage = toTokenUsage(result.usage);
        usage = addUsage(usage, stepUsage);
        this.emit({
          type: 'usage',
          turnId,
          step,
          usage: stepUsage,
          total: usage,
          ...(result.ttftMs !== undefined ? { ttftMs: result.ttftMs } : {}),
          ...(result.tokensPerSecond !== undefined ? { tokensPerSecond: result.tokensPerSecond } : {}),
        });
      }

      if (result.toolCalls.length === 0) {
        if (result.finishReason === 'length') {
          this.emit({
            type: 'warning',
            turnId,
            message:
              'The model stopped because it reached its output token limit; the answer may be cut off.',
          });
        }
        return this.storeFailure ? end('failed', this.storeFailure) : end('completed');
      }

      for (const call of result.toolCalls) {
        this.append({
          type: 'function_call',
          callId: call.callId,
          name: call.name,
          arguments: call.arguments,
        });
      }
      for (const call of result.toolCalls) {
        if (signal.aborted) {
          this.append({ type: 'function_call_output', callId: call.callId, output: INTERRUPTED_OUTPUT });
          continue;
        }
        this.emit({
          type: 'tool-call-begin',
          turnId,
          callId: call.callId,
          name: call.name,
          arguments: call.arguments,
        });
        const started = performance.now();
        let output: string;
        let success: boolean;
        let details: ToolDetails | undefined;
        try {
          const refusal = refusals.get(call.callId);
          const toolResult = refusal
            ? { output: refusal, success: false }
            : await runToolCall(call, options.tools, {
                cwd: options.cwd,
                sandbox: options.sandbox,
                commandEnv: options.commandEnv,
                signal,
                requestApproval: (request) => this.requestApproval(turnId, request, signal),
              });
          output = signal.aborted && !toolResult.success ? INTERRUPTED_OUTPUT : toolResult.output;
          success = toolResult.success;
          details = toolResult.details;
        } catch (error) {
          // Infrastructure failure (e.g. no sandbox available): the call still gets its output,
          // then the turn fails with the reason.
          const message = error instanceof Error ? error.message : String(error);
          this.append({
            type: 'function_call_output',
            callId: call.callId,
            output: `Tool failed: ${message}`,
          });
          this.finishPendingCalls(result.toolCalls, call.callId);
          return end('failed', message);
        }
        this.append({ type: 'function_call_output', callId: call.callId, output });
        this.emit({
          type: 'tool-call-end',
          turnId,
          callId: call.callId,
          name: call.name,
          output,
          success,
          durationMs: Math.round(performance.now() - started),
          ...(details ? { details } : {}),
        });
        if (success && details?.kind === 'plan') {
          this.emit({
            type: 'plan-update',
            turnId,
            plan: details.plan,
            ...(details.explanation !== undefined ? { explanation: details.explanation } : {}),
          });
        }
        if (guard.record(call.name, call.arguments, success)) {
          this.finishPendingCalls(result.toolCalls, call.callId);
          return end(
            'failed',
            `Stopped: the model repeated the same failing \`${call.name}\` call ${options.maxRepeatedFailures ?? 3} times in a row. Last result: ${firstLine(output)}`,
          );
        }
      }
      if (signal.aborted) return end('interrupted');
    }
    return end(
      'failed',
      `Stopped after ${maxSteps} model requests in one turn without a final answer. Raise the limit with -c agent_max_steps=N if the task needs more.`,
    );
  }

  /** Gives every call after `afterCallId` an output, so history stays well-formed. */
  private finishPendingCalls(calls: { callId: string }[], afterCallId: string): void {
    const index = calls.findIndex((c) => c.callId === afterCallId);
    for (const call of calls.slice(index + 1)) {
      this.append({
        type: 'function_call_output',
        callId: call.callId,
        output: 'Not run: the turn stopped.',
      });
    }
  }

  private requestApproval(
    turnId: string,
    request: ApprovalRequest,
    signal: AbortSignal,
  ): Promise<ApprovalDecision> {
    const key = approvalKey(request);
    if (this.approvedForSession.has(key)) return Promise.resolve({ decision: 'approved' });
    const decide = (decision: ApprovalDecision) => {
      this.emit({ type: 'approval-decision', turnId, callId: request.callId, decision });
      return decision;
    };
    if (this.options.sandbox.nonInteractive) {
      this.emit({ type: 'approval-request', turnId, request });
      return Promise.resolve(
        decide({
          decision: 'denied',
          reason: 'nobody can approve actions in a non-interactive run (approval policy requires asking)',
        }),
      );
    }
    if (signal.aborted) return Promise.resolve(decide({ decision: 'denied', reason: 'interrupted' }));
    // The answer is awaited before the question goes out, so a front-end may answer from inside
    // its event listener.
    const answered = new Promise<ApprovalDecision>((resolve) => {
      // An interrupt while the question is open answers it with a denial.
      const onAbort = () =>
        this.submit({
          type: 'approval',
          callId: request.callId,
          decision: { decision: 'denied', reason: 'interrupted' },
        });
      signal.addEventListener('abort', onAbort, { once: true });
      this.pendingApprovals.set(request.callId, (decision) => {
        signal.removeEventListener('abort', onAbort);
        if (decision.decision === 'approved-for-session') this.approvedForSession.add(key);
        resolve(decide(decision));
      });
    });
    this.emit({ type: 'approval-request', turnId, request });
    return answered;
  }
}

/** "Approve for this session" covers the same command, patches to the same files, or the same tool. */
function approvalKey(request: ApprovalRequest): string {
  switch (request.kind) {
    case 'command':
      return `command:${JSON.stringify(request.command)}`;
    case 'patch':
      // As the tool resolved them (real paths, inside or not), not as the patch named them.
      return `patch:${JSON.stringify([...(request.scope ?? request.files)].sort())}`;
    case 'tool':
      return `tool:${request.name}`;
  }
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
