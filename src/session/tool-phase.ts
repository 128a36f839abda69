// The tool half of a step: runs the calls of one model reply in order, gives every call exactly
// one output in history (capped to the context budget, stage 0), and publishes begin/end events.
// Returns why the turn must stop, when it must.
import type { ModelItem } from '../model/types.js';
import type { ApprovalDecision, ApprovalRequest } from '../protocol/approval.js';
import type { AgentEvent, ToolDetails, TurnStatus } from '../protocol/events.js';
import type { SandboxPolicy } from '../protocol/sandbox-policy.js';
import { capToolOutput } from './context/cap-output.js';
import type { WorkspaceWatch } from './context/workspace-changes.js';
import type { RepeatGuard } from './repeat-guard.js';
import { INTERRUPTED_OUTPUT, runToolCall, type ToolCall, type ToolRegistryLike } from './tool-runner.js';

export interface ToolPhaseDeps {
  tools: ToolRegistryLike;
  cwd: string;
  sandbox: SandboxPolicy;
  commandEnv: Record<string, string>;
  guard: RepeatGuard;
  maxRepeatedFailures: number;
  /** Bytes one output may take in history. */
  outputBytes: number;
  /** Sees which files a call changed (undefined: not watched). */
  watch?: WorkspaceWatch;
  emit(event: AgentEvent): void;
  append(item: ModelItem): void;
  requestApproval(request: ApprovalRequest): Promise<ApprovalDecision>;
}

export interface ToolPhaseStop {
  status: TurnStatus;
  error?: string;
}

export async function runToolPhase(
  deps: ToolPhaseDeps,
  turnId: string,
  calls: ToolCall[],
  refusals: Map<string, string>,
  signal: AbortSignal,
): Promise<ToolPhaseStop | undefined> {
  for (const call of calls) {
    deps.append({ type: 'function_call', callId: call.callId, name: call.name, arguments: call.arguments });
  }
  for (const call of calls) {
    if (signal.aborted) {
      deps.append({ type: 'function_call_output', callId: call.callId, output: INTERRUPTED_OUTPUT });
      continue;
    }
    deps.emit({
      type: 'tool-call-begin',
      turnId,
      callId: call.callId,
      name: call.name,
      arguments: call.arguments,
    });
    const started = performance.now();
    let result: CallResult;
    try {
      result = await executeCall(deps, call, refusals.get(call.callId), signal);
    } catch (error) {
      // Infrastructure failure (e.g. no sandbox available): the call still gets its output,
      // then the turn fails with the reason.
      const message = error instanceof Error ? error.message : String(error);
      deps.append({ type: 'function_call_output', callId: call.callId, output: `Tool failed: ${message}` });
      finishPendingCalls(deps, calls, call.callId);
      return { status: 'failed', error: message };
    }
    const output = capToolOutput(result.output, deps.outputBytes).output;
    deps.append({
      type: 'function_call_output',
      callId: call.callId,
      output,
      ...(result.modifiedFiles.length > 0 ? { modifiedFiles: result.modifiedFiles } : {}),
    });
    deps.emit({
      type: 'tool-call-end',
      turnId,
      callId: call.callId,
      name: call.name,
      output,
      success: result.success,
      durationMs: Math.round(performance.now() - started),
      ...(result.details ? { details: result.details } : {}),
    });
    const details = result.details;
    if (result.success && details?.kind === 'plan') {
      deps.emit({
        type: 'plan-update',
        turnId,
        plan: details.plan,
        ...(details.explanation !== undefined ? { explanation: details.explanation } : {}),
      });
    }
    if (deps.guard.record(call.name, call.arguments, result.success)) {
      finishPendingCalls(deps, calls, call.callId);
      return {
        status: 'failed',
        error: `Stopped: the model repeated the same failing \`${call.name}\` call ${deps.maxRepeatedFailures} times in a row. Last result: ${firstLine(output)}`,
      };
    }
  }
  return signal.aborted ? { status: 'interrupted' } : undefined;
}

interface CallResult {
  output: string;
  success: boolean;
  details?: ToolDetails | undefined;
  /** Files the workspace shows changed across the call (empty when not watched). */
  modifiedFiles: string[];
}

/**
 * Runs one call (or returns its refusal). Around a tool that may write, the workspace is
 * snapshotted before and after, so whatever the call changed is known (context/workspace-changes.ts).
 */
async function executeCall(
  deps: ToolPhaseDeps,
  call: ToolCall,
  refusal: string | undefined,
  signal: AbortSignal,
): Promise<CallResult> {
  if (refusal) return { output: refusal, success: false, modifiedFiles: [] };
  const watch = deps.tools.get(call.name)?.readOnly ? undefined : deps.watch;
  const before = await watch?.before();
  const toolResult = await runToolCall(call, deps.tools, {
    cwd: deps.cwd,
    sandbox: deps.sandbox,
    commandEnv: deps.commandEnv,
    signal,
    maxOutputBytes: deps.outputBytes,
    requestApproval: deps.requestApproval,
  });
  const modifiedFiles = (await watch?.changedSince(before)) ?? [];
  return {
    ...toolResult,
    output: signal.aborted && !toolResult.success ? INTERRUPTED_OUTPUT : toolResult.output,
    modifiedFiles,
  };
}

/** Gives every call after `afterCallId` an output, so history stays well-formed. */
function finishPendingCalls(deps: ToolPhaseDeps, calls: { callId: string }[], afterCallId: string): void {
  const index = calls.findIndex((c) => c.callId === afterCallId);
  for (const call of calls.slice(index + 1)) {
    deps.append({ type: 'function_call_output', callId: call.callId, output: 'Not run: the turn stopped.' });
  }
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
