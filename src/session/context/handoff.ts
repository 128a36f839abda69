// Stage 2 of context management: the older part of the conversation becomes one structured
// handoff message. The model writes what only it can judge (goal, constraints, done, in progress,
// next step); ossa adds what it tracked itself (the user's request verbatim, files read and
// modified, failed commands, the plan). The whole message stays within the summary cap.
import { HANDOFF_MARKER, isHandoff, type LedgerState } from './ledger.js';

export interface SummaryPromptInput {
  /** Tokens the model's part may take. */
  maxTokens: number;
  /** The older part begins with an earlier handoff, to update rather than restart. */
  updatesPrevious: boolean;
  /** `/compact FOCUS`: what the user wants the summary to keep. */
  focus?: string;
}

/** The user message that asks the model for its part of the handoff (appended to the older items). */
export function summaryPrompt(input: SummaryPromptInput): string {
  const words = Math.max(60, Math.floor(input.maxTokens * 0.7));
  const lines = [
    '[ossa: context compaction] The conversation above must be compacted to fit the model’s context window.',
    'Do not call any tool. Reply with a handoff summary that lets you continue the task without the conversation above, in these sections:',
    '## Goal',
    '## Constraints and user preferences',
    '## Done',
    '## In progress',
    '## Next step',
    `At most ${words} words. Be exact: name identifiers, file paths, commands, values and error messages. ` +
      'ossa adds the user’s request, the files read and modified, the failed commands and the plan itself: do not list them.',
  ];
  if (input.updatesPrevious) {
    lines.push(
      'The conversation begins with an earlier handoff summary: update it (keep what still holds, add what happened since) instead of starting over.',
    );
  }
  if (input.focus?.trim()) lines.push(`The user asks the summary to focus on: ${input.focus.trim()}`);
  return lines.join('\n');
}

export interface HandoffInput {
  window: number;
  /** The model's summary text. */
  summary: string;
  ledger: LedgerState;
  /** The whole message's cap, in bytes (the summary cap converted). */
  maxBytes: number;
}

/** The handoff message that replaces the older part of history. */
export function composeHandoff(input: HandoffInput): string {
  const { ledger } = input;
  const header =
    `${HANDOFF_MARKER} to fit the model's ${input.window}-token context window.] ` +
    'Earlier tool outputs are no longer visible: run a command again if you need its output. ' +
    'Continue the task from here.';
  // ossa's sections take at most 40 % of the cap, the user's request 25 %, the model the rest.
  const tracked = boundedLines(trackedSections(ledger), Math.floor(input.maxBytes * 0.4));
  const request = ledger.userRequest
    ? `## The user's request (verbatim)\n${truncateBytes(ledger.userRequest, Math.floor(input.maxBytes * 0.25))}`
    : '';
  const fixed = [header, request, tracked].filter(Boolean).join('\n\n');
  const room = Math.max(0, input.maxBytes - Buffer.byteLength(fixed) - 40);
  const summary = truncateBytes(stripMarker(input.summary.trim()), room);
  return [header, request, summary ? `## Summary\n${summary}` : '', tracked].filter(Boolean).join('\n\n');
}

/**
 * What a handoff says the task is, for choosing tools again: the user's request and the model's
 * summary, without ossa's header and tracked lists (file names and exit codes would make every
 * tool whose description shares a number or a word like "exit" look relevant).
 */
export function handoffTask(text: string): string {
  if (!isHandoff(text)) return text;
  const headerEnd = text.indexOf('\n\n');
  const body = headerEnd < 0 ? '' : text.slice(headerEnd + 2);
  const tracked = body.search(TRACKED_HEADING);
  return (tracked >= 0 ? body.slice(0, tracked) : body).trim();
}

const TRACKED_HEADING = /^## [^\n]*\(tracked by ossa\)$/m;

function trackedSections(ledger: LedgerState): string[] {
  const lines: string[] = [];
  if (ledger.filesModified.length > 0) {
    lines.push(
      '## Files modified (tracked by ossa)',
      ...ledger.filesModified.toReversed().map((f) => `- ${f}`),
    );
  }
  if (ledger.failedCommands.length > 0) {
    lines.push('## Failed commands (tracked by ossa)');
    for (const failure of ledger.failedCommands.toReversed())
      lines.push(`- \`${failure.command}\` → ${failure.error.replace(/\n/g, ' ⏎ ')}`);
  }
  if (ledger.plan && ledger.plan.length > 0) {
    lines.push('## Plan (tracked by ossa)', ...ledger.plan.map((p) => `- [${p.status}] ${p.step}`));
  }
  if (ledger.filesRead.length > 0) {
    lines.push('## Files read (tracked by ossa)', ...ledger.filesRead.toReversed().map((f) => `- ${f}`));
  }
  return lines;
}

/** As many whole lines as fit (newest entries come first in each list), with a count of the rest. */
function boundedLines(lines: string[], maxBytes: number): string {
  const kept: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line) + 1;
    if (bytes + size > maxBytes) {
      const rest = lines.length - kept.length;
      if (rest > 0) kept.push(`(… ${rest} more lines left out)`);
      break;
    }
    kept.push(line);
    bytes += size;
  }
  return kept.join('\n');
}

function truncateBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  if (maxBytes <= 1) return '';
  let cut = Buffer.from(text)
    .subarray(0, maxBytes - 3)
    .toString('utf8');
  cut = cut.replace(/\uFFFD$/, '');
  return `${cut}…`;
}

/** A model that copies the marker must not make its summary look like ossa's header. */
function stripMarker(text: string): string {
  return isHandoff(text) ? text.slice(HANDOFF_MARKER.length) : text;
}
