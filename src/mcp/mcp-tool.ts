// One server tool as a plain function tool of the session (never a server-side `mcp` tool type):
// the slimmed declaration for the model, the approval check (MCP calls run outside the sandbox,
// so under `untrusted`, `on-request` and `on-failure` the user is asked unless the config marks the
// tool or server `approve`), the call with its timeout, and the result as capped, plain text.
import type { McpApprovalMode } from '../config/types.js';
import type { SandboxPolicy } from '../protocol/sandbox-policy.js';
import type { McpCallDetails } from '../protocol/tool-details.js';
import * as z from '../protocol/zod.js';
import { defineTool, type ToolDefinition } from '../tools/define-tool.js';
import { formatToolResult } from './format-result.js';

/** A call's arguments shown in an approval question at most this long. */
const MAX_APPROVAL_ARGUMENTS = 2000;

export type McpCall = (
  tool: string,
  args: Record<string, unknown>,
  signal: AbortSignal,
) => Promise<{ ok: true; result: unknown } | { ok: false; message: string }>;

export interface McpToolOptions {
  /** The name the model sees (`<server>__<tool>`, sanitised). */
  name: string;
  server: string;
  /** The server's name for the tool. */
  tool: string;
  description: string;
  inputSchema: Record<string, unknown>;
  approval: McpApprovalMode;
  call: McpCall;
}

/** Whether a call needs a person's yes. Pure. */
export function mcpCallNeedsApproval(mode: McpApprovalMode, policy: SandboxPolicy): boolean {
  if (mode === 'approve') return false;
  if (mode === 'prompt') return true;
  return policy.approval !== 'never';
}

export function mcpTool(options: McpToolOptions): ToolDefinition<Record<string, unknown>> {
  const details: McpCallDetails = { kind: 'mcp', server: options.server, tool: options.tool };
  return defineTool({
    name: options.name,
    description: options.description,
    // The server checks the arguments against its schema; here only that they are an object.
    parameters: z.record(z.string(), z.unknown()),
    inputSchema: options.inputSchema,
    async run(params, ctx) {
      if (mcpCallNeedsApproval(options.approval, ctx.sandbox)) {
        const text = JSON.stringify(params);
        const answer = await ctx.requestApproval({
          kind: 'tool',
          // The session fills in the call id.
          callId: '',
          name: options.name,
          target: `MCP server \`${options.server}\``,
          arguments:
            text.length > MAX_APPROVAL_ARGUMENTS ? `${text.slice(0, MAX_APPROVAL_ARGUMENTS)}…` : text,
          reason:
            options.approval === 'prompt'
              ? `approval_mode = "prompt" for this tool.`
              : `MCP tools run outside the sandbox (approval policy \`${ctx.sandbox.approval}\`).`,
        });
        if (answer.decision === 'denied') {
          return {
            output: `Not run: the user declined${answer.reason ? ` (${answer.reason})` : ''}. Do not retry the same call; do the task another way or ask the user.`,
            success: false,
            details: { ...details, declined: true },
          };
        }
      }
      const outcome = await options.call(options.tool, params, ctx.signal);
      if (!outcome.ok) return { output: outcome.message, success: false, details };
      const formatted = formatToolResult(outcome.result);
      return {
        output: formatted.output,
        success: formatted.success,
        details: {
          ...details,
          ...(formatted.omittedBytes > 0 ? { omittedBytes: formatted.omittedBytes } : {}),
        },
      };
    },
  });
}
