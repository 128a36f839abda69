// How a tool call ended, in the words every front-end shows (the TUI's tool cells, exec's
// progress lines): one owner, so "exit 0", "timed out" and "declined by you" read the same everywhere.
import type { ShellDetails } from './tool-details.js';

/** `exit 0`, `timed out`, `killed by SIGKILL`, `declined by you: …` — from the typed details. */
export function shellOutcome(details: ShellDetails): string {
  if (details.rejected) return rejectedText(details.rejected);
  if (details.interrupted) return 'interrupted';
  if (details.timedOut) return 'timed out';
  if (details.exitCode !== null) return `exit ${details.exitCode}`;
  return details.signal ? `killed by ${details.signal}` : 'ended without an exit code';
}

/** A call the policy refused, or one the user declined. */
export function rejectedText(rejected: { by: 'policy' | 'user'; reason: string }): string {
  return rejected.by === 'policy' ? `rejected: ${rejected.reason}` : declinedByYou(rejected.reason);
}

/**
 * A user's "no" as the user sees it: "declined by you", with their reason only when they gave one
 * (`n` alone sends the default reason meant for the model, which is not repeated back to them).
 */
export function declinedByYou(reason: string): string {
  return isDefaultDecline(reason) ? 'declined by you' : `declined by you: ${reason.trim()}`;
}

/** The reason `n` sends (the TUI's key-intent.ts), or none. */
export function isDefaultDecline(reason: string): boolean {
  const own = reason.trim();
  return own === '' || /^(the user )?declined$/i.test(own);
}
