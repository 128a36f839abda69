// The `shell` tool: runs an argv through the approval policy and the sandbox, and returns the
// outcome line, the duration and the capped output. Only a sandbox that cannot start at all
// throws (SandboxUnavailableError); every other failure is a result the model can act on.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ShellDetails } from '../../protocol/tool-details.js';
import * as z from '../../protocol/zod.js';
import { type ApprovalVerdict, decideCommand, decideSandboxRetry } from '../../sandbox/approvals.js';
import { systemProgramCheck } from '../../sandbox/program-resolution.js';
import { tempRoots } from '../../sandbox/protected-paths.js';
import { runCommand } from '../../sandbox/spawn.js';
import { defineTool, type ToolContext, type ToolDefinition, type ToolResult } from '../define-tool.js';
import { formatOutcome } from './format-result.js';

export const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_TIMEOUT_MS = 3_600_000;
/** Room for the outcome, duration and note lines around the output. */
const FRAME_BYTES = 600;
/** Output kept for the model when the session gives no budget: about 4k tokens, head and tail. */
export const MODEL_OUTPUT_BYTES = 16 * 1024;

const COMMAND_DESCRIPTION = 'argv, e.g. ["rg", "-n", "foo", "src"]';
/**
 * argv; a model that sends one string instead gets it run as `bash -lc STRING` (cli-contract).
 * The schema the model sees stays `string[]`: `meta` replaces what the preprocess step hides.
 */
const commandParameter = z
  .pipe(
    z.transform((value: unknown) => (typeof value === 'string' ? ['bash', '-lc', value] : value)),
    z.array(z.string()).check(z.minLength(1)),
  )
  .check(z.meta({ type: 'array', items: { type: 'string' }, minItems: 1, description: COMMAND_DESCRIPTION }));

const parameters = {
  command: commandParameter,
  workdir: z.optional(z.string()).check(z.describe('directory to run in (default: the workspace)')),
  timeout_ms: z
    .optional(z.number().check(z.int(), z.minimum(1), z.maximum(MAX_TIMEOUT_MS)))
    .check(z.describe('default 120000')),
  escalate: z.optional(z.boolean()).check(z.describe('run outside the sandbox; the user is asked')),
  justification: z.optional(z.string()).check(z.describe('one sentence: why escalation is needed')),
};

export interface ShellParams {
  command: string[];
  workdir?: string;
  timeout_ms?: number;
  escalate?: boolean;
  justification?: string;
}

const DESCRIPTION =
  'Run a command; returns its exit code and output (long output keeps head and tail). ' +
  'For pipes, redirects or globs use ["bash", "-lc", "…"]. ' +
  'If the sandbox blocks something the task needs (writing outside the workspace, network), ' +
  'call again with escalate: true and a justification; it needs a human to approve, so not under approvals never or when no human is watching.';

/**
 * One declaration for every policy. Tools sit near the start of what a server caches (chat
 * templates put them in the system part), so a declaration that changed with the approval
 * policy would make a resume with `-a on-request`, a switch in the TUI, or an `exec resume` of
 * a TUI session send the whole history to be prefilled again. The policy is stated in the
 * environment block instead, and an escalation the policy cannot grant is refused with what to
 * do instead (sandbox/approvals.ts decideCommand).
 */
export const shellTool: ToolDefinition<ShellParams> = defineTool<ShellParams>({
  name: 'shell',
  description: DESCRIPTION,
  parameters: z.object(parameters) as z.ZodMiniType<ShellParams>,
  run: (params, ctx) => runShell(params, ctx),
});

async function runShell(params: ShellParams, ctx: ToolContext): Promise<ToolResult> {
  const cwd = resolve(ctx.cwd, params.workdir ?? '.');
  const command = params.command;
  const timeoutMs = params.timeout_ms ?? DEFAULT_TIMEOUT_MS;
  if (!isDirectory(cwd)) {
    return rejected(command, cwd, `workdir ${cwd} is not an existing directory.`, 'policy');
  }

  const verdict = decideCommand({
    argv: command,
    policy: ctx.sandbox,
    escalationRequested: params.escalate,
    justification: params.justification,
    // `ls` must be the system's ls: not one the model or the repository put on PATH.
    isSystemProgram: systemProgramCheck({
      pathVar: ctx.commandEnv.PATH,
      cwd,
      untrustedDirs: [...ctx.sandbox.writableRoots, ctx.cwd, cwd, ...tempRoots(ctx.commandEnv)],
    }),
  });
  if (verdict.decision === 'reject') return rejected(command, cwd, verdict.reason, 'policy');
  if (verdict.decision === 'ask') {
    const denial = await askUser(ctx, command, cwd, verdict);
    if (denial) return rejected(command, cwd, denial.forModel, 'user', denial.reason);
  }
  if (ctx.signal.aborted) {
    return { output: 'Interrupted: the user stopped the turn before the command ran.', success: false };
  }

  const run = (sandboxed: boolean) =>
    runCommand({
      argv: command,
      cwd,
      env: ctx.commandEnv,
      policy: sandboxed ? ctx.sandbox : { ...ctx.sandbox, mode: 'danger-full-access' },
      signal: ctx.signal,
      timeoutMs,
      // The outcome lines and the note about left-out bytes fit in what the budget leaves.
      maxOutputBytes: Math.max(256, (ctx.maxOutputBytes ?? MODEL_OUTPUT_BYTES) - FRAME_BYTES),
    });

  let outcome = await run(verdict.sandboxed);
  let note: string | undefined;
  if (outcome.sandboxDenied) {
    const retry = decideSandboxRetry({ policy: ctx.sandbox });
    if (retry.decision === 'ask' && !(await askUser(ctx, command, cwd, retry))) {
      outcome = await run(false);
      note = 'Note: the sandbox blocked the first attempt; the user approved running it without the sandbox.';
    } else {
      note = `Note: ${retry.reason}`;
    }
  }
  return {
    output: formatOutcome(outcome, timeoutMs, note),
    success: outcome.exitCode === 0 && !outcome.timedOut && !outcome.interrupted,
    details: {
      kind: 'shell',
      argv: command,
      cwd,
      exitCode: outcome.exitCode,
      ...(outcome.signal ? { signal: outcome.signal } : {}),
      durationMs: Math.round(outcome.durationMs),
      output: outcome.output,
      truncatedBytes: outcome.truncatedBytes,
      sandboxed: outcome.sandboxed,
      timedOut: outcome.timedOut,
      interrupted: outcome.interrupted,
    },
  };
}

/** Resolves with undefined when approved; else the user's reason, and the text for the model. */
async function askUser(
  ctx: ToolContext,
  command: string[],
  cwd: string,
  verdict: ApprovalVerdict,
): Promise<{ reason: string; forModel: string } | undefined> {
  const answer = await ctx.requestApproval({
    kind: 'command',
    // The session fills in the call id.
    callId: '',
    command,
    cwd,
    reason: verdict.reason,
    unsandboxed: !verdict.sandboxed,
  });
  if (answer.decision === 'denied') {
    return {
      reason: answer.reason || 'declined',
      forModel: `the user declined${answer.reason ? ` (${answer.reason})` : ''}. Do not retry the same command; do the task another way or ask the user.`,
    };
  }
  return undefined;
}

function rejected(
  command: string[],
  cwd: string,
  forModel: string,
  by: 'policy' | 'user',
  reason = forModel,
): ToolResult {
  const details: ShellDetails = {
    kind: 'shell',
    argv: command,
    cwd,
    exitCode: null,
    durationMs: 0,
    output: '',
    truncatedBytes: 0,
    sandboxed: false,
    timedOut: false,
    interrupted: false,
    rejected: { by, reason },
  };
  return { output: `Command rejected: ${forModel}`, success: false, details };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
