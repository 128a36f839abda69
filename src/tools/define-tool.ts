// How a tool is declared: zod parameters (validated at the edge, turned into JSON Schema for the
// model) and a run function. A tool failure is *returned* as a result the model can act on;
// only infrastructure and programmer errors throw.
import type { ApprovalDecision, ApprovalRequest } from '../protocol/approval.js';
import type { SandboxPolicy } from '../protocol/sandbox-policy.js';
import type { ToolDetails } from '../protocol/tool-details.js';
import type * as z from '../protocol/zod.js';

export interface ToolContext {
  /** The workspace directory (cwd or -C). */
  cwd: string;
  /** Aborted when the user interrupts the turn. Tools must stop promptly and kill children. */
  signal: AbortSignal;
  sandbox: SandboxPolicy;
  /** Environment for spawned commands, already filtered by `shell_environment_policy`. */
  commandEnv: Record<string, string>;
  /**
   * Bytes of output the tool may return to the model: the session's budget for one tool output
   * (a fraction of the context window). Tools that produce more keep head and tail.
   */
  maxOutputBytes?: number;
  /**
   * Ask the user (or, in `exec`, the automatic policy) about an action. Resolves with the
   * decision; front-ends without a human answer `denied` with a reason.
   */
  requestApproval(request: ApprovalRequest): Promise<ApprovalDecision>;
}

export interface ToolResult {
  /** Plain text for the model; starts with the exit code / outcome line. */
  output: string;
  success: boolean;
  /** What front-ends show, typed per tool (diffs, exit codes, plans); never sent to the model. */
  details?: ToolDetails;
}

export interface ToolDefinition<Params = unknown> {
  name: string;
  description: string;
  parameters: z.ZodMiniType<Params>;
  /**
   * The JSON Schema the model sees, when it does not come from `parameters`: a tool declared by
   * someone else (an MCP server) brings its own, and `parameters` then only checks the shape.
   */
  inputSchema?: Record<string, unknown>;
  /**
   * The tool never changes files (update_plan): the session takes no workspace snapshot around
   * its calls. Every other tool may write, directly or through what it runs.
   */
  readOnly?: boolean;
  run(params: Params, ctx: ToolContext): Promise<ToolResult>;
}

export function defineTool<Params>(definition: ToolDefinition<Params>): ToolDefinition<Params> {
  return definition;
}
