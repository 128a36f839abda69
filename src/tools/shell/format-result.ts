// The text the model reads after a shell call. The first line is the outcome, so the model (and
// a person skimming the log) sees at once whether the command worked.
import { constants } from 'node:os';
import type { CommandOutcome } from '../../sandbox/spawn.js';

export function formatOutcome(outcome: CommandOutcome, timeoutMs: number, note?: string): string {
  const lines = [outcomeLine(outcome, timeoutMs), `Duration: ${formatDuration(outcome.durationMs)}`];
  if (note) lines.push(note);
  if (outcome.truncatedBytes > 0) {
    lines.push(
      `Note: ${outcome.truncatedBytes} bytes in the middle of the output were left out to fit the context window (head and tail kept). ` +
        'To see them, run the command again with its output narrowed: `sed -n START,ENDp FILE`, `grep -n`, `head`/`tail`, or redirect it to a file and read that in parts.',
    );
  }
  lines.push('Output:', outcome.output === '' ? '(no output)' : outcome.output.replace(/\n$/, ''));
  return lines.join('\n');
}

export function outcomeLine(outcome: CommandOutcome, timeoutMs: number): string {
  if (outcome.interrupted) return 'Interrupted: the user stopped the command.';
  if (outcome.timedOut) return `Timed out after ${formatDuration(timeoutMs)}: the command was killed.`;
  return `Exit code: ${exitCodeOf(outcome)}`;
}

/** The shell's convention for a command killed by a signal: 128 + the signal number. */
export function exitCodeOf(outcome: Pick<CommandOutcome, 'exitCode' | 'signal'>): string {
  if (outcome.exitCode !== null) return String(outcome.exitCode);
  const number = outcome.signal ? constants.signals[outcome.signal] : undefined;
  return number === undefined ? 'unknown' : `${128 + number} (killed by ${outcome.signal})`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
