// Runs one tool call the model made: validates its arguments, runs the tool with its context and
// always produces exactly one output for history — also for unknown tools, invalid arguments,
// failures and interrupts.
import type { ToolSpec } from '../model/types.js';
import type { ApprovalDecision, ApprovalRequest } from '../protocol/approval.js';
import type { SandboxPolicy } from '../protocol/sandbox-policy.js';
import type { ToolDefinition, ToolResult } from '../tools/define-tool.js';
import type { ToolSourceContext } from '../tools/tool-source.js';

/** What the session needs from a tool registry (src/tools/registry.ts provides it). */
export interface ToolRegistryLike {
  specs(): ToolSpec[];
  get(name: string): ToolDefinition<unknown> | undefined;
  parseArguments(name: string, raw: string): { ok: true; params: unknown } | { ok: false; message: string };
  /**
   * Brings in tools from outside (they may still be loading) chosen for `task`; called before each
   * turn's first request. `reselect` asks to choose again (after a compaction).
   */
  prepare?(task: string, context: ToolSourceContext): Promise<void>;
  /** Stops what the tools started; called when the session closes. */
  close?(): Promise<void>;
}

export interface ToolCall {
  callId: string;
  name: string;
  arguments: string;
}

export interface ToolRunContext {
  cwd: string;
  sandbox: SandboxPolicy;
  commandEnv: Record<string, string>;
  signal: AbortSignal;
  /** Bytes of output the tool may return (the context budget's tool output cap). */
  maxOutputBytes?: number;
  requestApproval(request: ApprovalRequest): Promise<ApprovalDecision>;
}

export const INTERRUPTED_OUTPUT = 'Interrupted: the user stopped this call before it finished.';

export async function runToolCall(
  call: ToolCall,
  registry: ToolRegistryLike,
  context: ToolRunContext,
): Promise<ToolResult> {
  const parsed = registry.parseArguments(call.name, call.arguments);
  if (!parsed.ok) return { output: parsed.message, success: false };
  const tool = registry.get(call.name);
  if (!tool) return { output: `Unknown tool \`${call.name}\`.`, success: false };
  if (context.signal.aborted) return { output: INTERRUPTED_OUTPUT, success: false };
  return tool.run(parsed.params, {
    cwd: context.cwd,
    sandbox: context.sandbox,
    commandEnv: context.commandEnv,
    signal: context.signal,
    ...(context.maxOutputBytes !== undefined ? { maxOutputBytes: context.maxOutputBytes } : {}),
    requestApproval: (request) => context.requestApproval({ ...request, callId: call.callId }),
  });
}
