// The approval policy as pure decisions: for each command or patch, run it without asking
// (`auto`), ask the user (`ask`), or refuse (`reject`), with a reason the model or user can act
// on — and whether the command runs inside the sandbox. Nothing here does I/O.
//
//   untrusted   known read-only commands run; everything else is asked about
//   on-failure  commands run sandboxed; when the sandbox blocks one, the user is asked whether to
//               retry it without the sandbox (decideSandboxRetry)
//   on-request  commands run sandboxed; the model may ask for escalation, with a justification,
//               and the user decides
//   never       nothing is asked; escalation is refused and failures go back to the model
//
// When nobody can answer (exec, `nonInteractive`), every `ask` becomes a `reject` whose reason
// tells the model what it can do instead.
import type { SandboxPolicy } from '../protocol/sandbox-policy.js';
import { isKnownReadOnly } from './safe-commands.js';

export type ApprovalOutcome = 'auto' | 'ask' | 'reject';

export interface ApprovalVerdict {
  decision: ApprovalOutcome;
  /** For commands: run inside the sandbox. For patches: the write stays inside writable roots. */
  sandboxed: boolean;
  reason: string;
}

export interface CommandApprovalInput {
  argv: readonly string[];
  policy: SandboxPolicy;
  /** The model asked to run this command without the sandbox. */
  escalationRequested?: boolean;
  justification?: string;
  /** Whether a program name or path is the system's own (program-resolution.ts); default: yes. */
  isSystemProgram?: (program: string) => boolean;
}

export function decideCommand(input: CommandApprovalInput): ApprovalVerdict {
  const { policy } = input;
  const hasSandbox = policy.mode !== 'danger-full-access';
  // Without a sandbox there is nothing to escalate from.
  const escalation = hasSandbox && input.escalationRequested === true;
  const why = input.justification?.trim() ? ` Justification: ${input.justification.trim()}` : '';

  if (escalation) {
    if (policy.approval === 'never') {
      return reject(
        'Running without the sandbox is not allowed (approval policy `never`). Run the command inside the sandbox, or do the task another way.',
      );
    }
    return ask(policy, false, `The model asks to run this command without the sandbox.${why}`);
  }
  const readOnlyOptions = input.isSystemProgram ? { isSystemProgram: input.isSystemProgram } : {};
  if (policy.approval === 'untrusted' && !isKnownReadOnly(input.argv, readOnlyOptions)) {
    return ask(policy, hasSandbox, 'Approval policy `untrusted`: this command is not known to be read-only.');
  }
  return {
    decision: 'auto',
    sandboxed: hasSandbox,
    reason: hasSandbox
      ? `Runs in the ${policy.mode} sandbox.`
      : 'Runs without a sandbox (danger-full-access).',
  };
}

/**
 * After a sandboxed command failed and the failure looks like the sandbox's doing: may it be
 * retried without the sandbox? Only `on-failure` asks; the other policies hand the failure back.
 */
export function decideSandboxRetry(input: { policy: SandboxPolicy }): ApprovalVerdict {
  const { policy } = input;
  if (policy.approval === 'on-failure') {
    return ask(policy, false, 'The sandbox blocked this command. Retry it without the sandbox?');
  }
  const hint =
    policy.approval === 'on-request'
      ? ' If the command really needs to write outside the writable roots or use the network, run it again with `escalate: true` and a `justification`.'
      : '';
  return reject(`The command seems to have been blocked by the ${policy.mode} sandbox.${hint}`);
}

export interface PatchApprovalInput {
  /** Some file of the patch is outside every writable root (or inside a protected path). */
  outsideWritableRoots: boolean;
  policy: SandboxPolicy;
}

export function decidePatch(input: PatchApprovalInput): ApprovalVerdict {
  const { policy } = input;
  // danger-full-access: every path is writable.
  const inside = policy.mode === 'danger-full-access' || !input.outsideWritableRoots;
  if (!inside) {
    if (policy.approval === 'never') {
      return reject(
        `The patch writes outside the writable roots (${describeRoots(policy)}), which approval policy \`never\` does not allow. Change only files inside them.`,
      );
    }
    return ask(policy, false, `The patch writes outside the writable roots (${describeRoots(policy)}).`);
  }
  if (policy.approval === 'untrusted') {
    return ask(policy, true, 'Approval policy `untrusted`: every change to files is asked about.');
  }
  return { decision: 'auto', sandboxed: true, reason: 'The patch stays inside the writable roots.' };
}

function ask(policy: SandboxPolicy, sandboxed: boolean, reason: string): ApprovalVerdict {
  if (policy.nonInteractive) {
    return reject(
      `${reason} It would need the user's approval, and nobody can approve in this run. Do the task without it, or explain what the user must do.`,
    );
  }
  return { decision: 'ask', sandboxed, reason };
}

function reject(reason: string): ApprovalVerdict {
  return { decision: 'reject', sandboxed: true, reason };
}

function describeRoots(policy: SandboxPolicy): string {
  if (policy.mode === 'read-only') return 'the read-only sandbox has none';
  return policy.writableRoots.join(', ') || 'none';
}
