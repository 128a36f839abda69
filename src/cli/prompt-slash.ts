// A prompt on the command line that is a slash command (`ossa /debug-config`, the verify step of
// the gpt-oss guide) is a command, never a task for the model: the TUI runs a known one, an
// unknown one is a usage error before anything starts, and `ossa exec` (which has no slash
// commands) says where they run. `//text` or a leading space sends the text (tui/slash-commands.ts).
import { closestMatch } from '../config/did-you-mean.js';
import { UsageError } from '../errors.js';
import { classifyInput, SLASH_COMMANDS, unknownCommandMessage } from '../tui/slash-commands.js';

/** Throws for an unknown slash command; a known one or plain text goes on to the UI. */
export function checkInteractivePrompt(prompt: string | undefined): void {
  if (prompt === undefined) return;
  const input = classifyInput(prompt);
  if (input.kind !== 'unknown') return;
  const names = SLASH_COMMANDS.map((command) => command.name);
  throw new UsageError(unknownCommandMessage(input.name, closestMatch(input.name, names)));
}

/** `ossa exec` sends its prompt to the model: a slash command there is refused with where it runs. */
export function checkExecPrompt(prompt: string | undefined): string | undefined {
  if (prompt === undefined) return undefined;
  const input = classifyInput(prompt);
  if (input.kind === 'text') return input.text;
  checkInteractivePrompt(prompt);
  const name = input.kind === 'command' ? input.invocation.spec.name : input.name;
  const equivalent = name === 'debug-config' ? ' (or `ossa debug config`)' : '';
  throw new UsageError(
    `/${name} is a command of the interactive UI, and \`ossa exec\` sends its prompt to the model. ` +
      `Run \`ossa /${name}\`${equivalent} instead, or write //${name} to send the text.`,
  );
}
