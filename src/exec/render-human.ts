// Human output of `ossa exec`: progress on stderr (each command with its exit code and the tail
// of its output, each patched file with its lines added and removed — the whole diff with
// --diff —, retries, warnings), the final message on stdout.
import { describeCompaction } from '../protocol/compaction-text.js';
import type { AgentEvent } from '../protocol/events.js';
import { exceedsJsonDepth } from '../protocol/json-depth.js';
import { escapeTerminalText } from '../protocol/terminal-text.js';
import type { PatchDetails, ShellDetails } from '../protocol/tool-details.js';
import { rejectedText, shellOutcome } from '../protocol/tool-outcome-text.js';
import { diffStat } from './diff-stat.js';

export interface HumanRendererOptions {
  stderr: NodeJS.WritableStream;
  showReasoning?: boolean;
  /** Print each applied patch's whole diff, not only its stat (`ossa exec --diff`). */
  showDiff?: boolean;
}

/** Lines of a command's output shown under it; the rest is counted. */
export const OUTPUT_TAIL_LINES = 6;
/** A longer line is cut here (a minified file must not flood the terminal). */
const OUTPUT_LINE_CHARS = 200;

function commandOf(argsJson: string): string | undefined {
  // String() of a nested array recurses: deep arguments are shown by the tool result alone.
  if (exceedsJsonDepth(argsJson)) return undefined;
  try {
    const parsed = JSON.parse(argsJson) as { command?: unknown };
    if (Array.isArray(parsed.command)) return parsed.command.map(String).join(' ');
    if (typeof parsed.command === 'string') return parsed.command;
  } catch {
    // invalid arguments are reported by the tool result
  }
  return undefined;
}

export function createHumanRenderer(options: HumanRendererOptions): (event: AgentEvent) => void {
  // Model-controlled text throughout: never raw control characters on the terminal.
  const err = (line: string) => options.stderr.write(`${escapeTerminalText(line)}\n`);
  return (event) => {
    switch (event.type) {
      case 'session-start':
        err(`ossa · model ${event.model} · provider ${event.provider} · session ${event.sessionId}`);
        err(`workdir ${event.cwd} · sandbox ${event.sandbox} · approval ${event.approval}`);
        if (event.sandbox === 'danger-full-access')
          err('WARNING: no sandbox — model commands run with full access.');
        break;
      case 'reasoning':
        if (options.showReasoning) err(`thinking: ${event.text.trim()}`);
        break;
      case 'tool-call-begin': {
        if (event.name === 'shell') err(`$ ${commandOf(event.arguments) ?? event.arguments}`);
        else if (event.name !== 'update_plan' && event.name !== 'apply_patch') err(`→ ${event.name}`);
        break;
      }
      case 'tool-call-end':
        renderToolEnd(event, err, options.showDiff === true);
        break;
      case 'plan-update':
        err(`plan: ${event.plan.map((step) => `[${PLAN_MARK[step.status]}] ${step.step}`).join('  ')}`);
        break;
      case 'approval-decision':
        if (event.decision.decision === 'denied') err(`  not approved: ${event.decision.reason}`);
        break;
      case 'tool-call-repair':
        err(`  repaired a malformed ${event.repaired?.name ?? 'tool'} call (${event.kinds.join(', ')})`);
        break;
      case 'retry':
        err(
          `retrying in ${(event.delayMs / 1000).toFixed(1)} s (${event.attempt}/${event.maxAttempts}): ${event.reason}`,
        );
        break;
      case 'stream-reset':
        err(`stream dropped, restarting the response: ${event.reason}`);
        break;
      case 'compaction':
        err(describeCompaction(event));
        break;
      case 'warning':
        err(`warning: ${event.message}`);
        break;
      case 'error':
        err(`Error: ${event.message}`);
        break;
      case 'mcp-server':
        err(mcpServerLine(event));
        break;
      case 'mcp-tools':
        if (event.leftOut.length > 0) err(mcpToolsLine(event));
        break;
      case 'turn-end':
        if (event.status === 'interrupted') err('interrupted');
        err(
          `tokens: ${event.usage.inputTokens} in (${event.usage.cachedInputTokens} cached), ${event.usage.outputTokens} out`,
        );
        break;
      case 'turn-begin':
      case 'request-begin':
      case 'text-delta':
      case 'reasoning-delta':
      case 'tool-call-delta':
      case 'message':
      case 'approval-request':
      case 'usage':
        break;
      default:
        assertNever(event);
    }
  };
}

const PLAN_MARK: Record<'pending' | 'in_progress' | 'completed', string> = {
  completed: 'x',
  in_progress: '~',
  pending: ' ',
};

/** A finished tool call: a command's outcome and output tail, a patch's files (and diff), or a failure. */
function renderToolEnd(
  event: Extract<AgentEvent, { type: 'tool-call-end' }>,
  err: (line: string) => void,
  showDiff: boolean,
): void {
  const details = event.details;
  if (details?.kind === 'shell') {
    err(`  ${shellOutcome(details)} (${event.durationMs} ms)`);
    for (const line of outputTail(details)) err(`  │ ${line}`);
  } else if (details?.kind === 'apply_patch') {
    if (details.applied) renderPatch(details, err, showDiff);
    else if (details.rejected) err(`apply_patch ${rejectedText(details.rejected)}`);
    else err(`apply_patch: ${firstLine(event.output)}`);
  } else if (!event.success) {
    err(`  ${event.name}: ${firstLine(event.output)}`);
  }
}

function mcpToolsLine(event: Extract<AgentEvent, { type: 'mcp-tools' }>): string {
  return `mcp: ${event.offered.length} tools offered (${event.usedTokens} of ${event.budgetTokens} budget tokens), ${event.leftOut.length} left out — see \`ossa mcp list\``;
}

/** A server's state change, one line: `mcp github: ready (12 tools)`. */
export function mcpServerLine(event: Extract<AgentEvent, { type: 'mcp-server' }>): string {
  const tools = event.tools !== undefined ? ` (${event.tools} tools)` : '';
  return `mcp ${event.server}: ${event.status}${tools}${event.message ? ` — ${event.message}` : ''}`;
}

/** The last lines of a command's output, bounded (escaped before cutting, so a cut never splits an escape). */
function outputTail(details: ShellDetails): string[] {
  if (details.rejected) return [];
  const lines = details.output.replace(/\n$/, '').split('\n');
  if (lines.length === 1 && lines[0] === '') return [];
  const shown = lines.slice(-OUTPUT_TAIL_LINES).map((line) => {
    const visible = escapeTerminalText(line);
    return visible.length > OUTPUT_LINE_CHARS ? `${visible.slice(0, OUTPUT_LINE_CHARS)}…` : visible;
  });
  const omitted = lines.length - shown.length;
  const cut = details.truncatedBytes > 0 ? `, ${details.truncatedBytes} bytes not kept` : '';
  return omitted > 0 || cut ? [`… ${omitted} earlier lines${cut}`, ...shown] : shown;
}

/** `patched update src/a.ts (+3 −1)` per file, then the diff itself when asked for. */
function renderPatch(details: PatchDetails, err: (line: string) => void, showDiff: boolean): void {
  const stats = diffStat(details.diff);
  for (const file of details.files) {
    const stat = stats.get(file.path);
    const counts = stat ? ` (+${stat.added} −${stat.removed})` : '';
    err(`patched ${file.kind} ${file.path}${counts}`);
  }
  if (showDiff && details.diff) {
    for (const line of details.diff.replace(/\n$/, '').split('\n')) err(`  ${line}`);
  }
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

function assertNever(value: never): never {
  throw new Error(`unhandled event ${JSON.stringify(value)}`);
}
