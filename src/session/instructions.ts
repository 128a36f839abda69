// The system instructions of a session and its environment block. The instructions (the base
// prompt, developer instructions, AGENTS.md files) are the same in every request and every run
// of a session: the start of the prompt a local server keeps in its cache. What can differ
// between runs of the same session (the working directory, the shell, the sandbox and approval
// policy a resume was started with) is not in them: it goes into the conversation, as an
// environment block at the start of the user message of the first turn, and again in a later
// user message only when it changed (see environmentToSend). So resuming with other flags adds a
// few tokens at the end of the prompt instead of invalidating all of it.
import type { ModelItem } from '../model/types.js';
import type { SandboxPolicy } from '../protocol/sandbox-policy.js';
import type { AgentsMdFile } from './agents-md.js';
import { BASE_PROMPT } from './base-prompt.js';

export interface InstructionsInput {
  agentsMd: AgentsMdFile[];
  developerInstructions?: string;
}

export interface EnvironmentInput {
  cwd: string;
  shell: string;
  sandbox: SandboxPolicy;
}

const OPEN = '<environment_context>';
const CLOSE = '</environment_context>';

function describeSandbox(sandbox: SandboxPolicy): string {
  switch (sandbox.mode) {
    case 'read-only':
      return 'read-only (commands can read files but not write them; no network)';
    case 'workspace-write':
      return `workspace-write (writable: ${sandbox.writableRoots.join(', ') || 'the workspace'}; network ${
        sandbox.networkAccess ? 'on' : 'off'
      })`;
    case 'danger-full-access':
      return 'none (full access)';
  }
}

export function buildInstructions(input: InstructionsInput): string {
  const parts = [BASE_PROMPT];
  if (input.developerInstructions?.trim()) parts.push(input.developerInstructions.trim());
  if (input.agentsMd.length > 0) {
    const body = input.agentsMd.map((file) => `## ${file.path}\n\n${file.text}`).join('\n\n');
    parts.push(`# AGENTS.md instructions\n\nFollow these project instructions.\n\n${body}`);
  }
  return parts.join('\n\n');
}

/** The environment block: where commands run and under which sandbox and approval policy. */
export function describeEnvironment(input: EnvironmentInput): string {
  return [
    OPEN,
    `Working directory: ${input.cwd}`,
    `Shell: ${input.shell}`,
    `Sandbox: ${describeSandbox(input.sandbox)}`,
    `Approvals: ${input.sandbox.approval}${input.sandbox.nonInteractive ? ' (no human is watching; do not ask questions)' : ''}`,
    CLOSE,
  ].join('\n');
}

/**
 * The environment block the next user message must carry: `environment` unless the last block
 * in `history` says the same (a compaction that summarised the block away makes it due again).
 */
export function environmentToSend(history: readonly ModelItem[], environment: string): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const item = history[i]!;
    if (item.type !== 'message' || item.role !== 'user' || !item.text.startsWith(OPEN)) continue;
    return item.text.slice(0, item.text.indexOf(CLOSE) + CLOSE.length) === environment
      ? undefined
      : environment;
  }
  return environment;
}

/** The user's text of a message, without the environment block ossa put in front of it. */
export function withoutEnvironment(text: string): string {
  if (!text.startsWith(OPEN)) return text;
  const end = text.indexOf(CLOSE);
  return end < 0 ? text : text.slice(end + CLOSE.length).replace(/^\n+/, '');
}
