// `ossa doctr` starts a session whose first task is "doctr" — almost never what was meant. A
// one-word prompt one edit away from a subcommand asks first on a terminal (Enter alone: no, it
// was a typo), so the mistyped command is named instead of sent to the model.
import { editDistance } from '../config/did-you-mean.js';
import { UsageError } from '../errors.js';
import type { Confirm } from './oss/confirm.js';

export const SUBCOMMANDS = [
  'exec',
  'review',
  'debug',
  'profiles',
  'doctor',
  'models',
  'eval',
  'init',
  'sandbox',
  'mcp',
  'apply-patch',
];

/** The subcommand `prompt` is one edit away from, when the prompt is one word. */
export function subcommandTypo(prompt: string | undefined): string | undefined {
  const word = prompt?.trim();
  // Three letters are one edit from too many words (`map` is not `mcp`).
  if (!word || word.length < 4 || /\s/.test(word) || SUBCOMMANDS.includes(word)) return undefined;
  return SUBCOMMANDS.find((name) => editDistance(word.toLowerCase(), name) === 1);
}

/** Asks whether the one-word prompt was meant; a no (the default) is a usage error naming the command. */
export async function confirmOneWordPrompt(prompt: string | undefined, confirm: Confirm): Promise<void> {
  const meant = subcommandTypo(prompt);
  if (!meant) return;
  const start = await confirm(
    `"${prompt!.trim()}" is one letter from \`ossa ${meant}\`. Start a session with the task "${prompt!.trim()}" anyway?`,
    false,
  );
  if (!start) throw new UsageError(`Did you mean \`ossa ${meant}\`? Nothing was started.`);
}
