// The slash commands of the composer: names, one-line help, and parsing. What each one does lives
// in the app (it needs the host callbacks).

export interface SlashCommandSpec {
  name: string;
  args?: string;
  help: string;
  /** Changes the session, so it waits until no turn is running. */
  needsIdle: boolean;
}

export const SLASH_COMMANDS: readonly SlashCommandSpec[] = [
  {
    name: 'model',
    args: '[NAME]',
    help: 'pick a model the provider lists (applies from the next turn)',
    needsIdle: true,
  },
  { name: 'profile', args: 'NAME', help: 'switch to profile NAME for the next turn', needsIdle: true },
  { name: 'status', help: 'session, model, sandbox and token usage', needsIdle: false },
  { name: 'debug-config', help: 'every effective setting and where it came from', needsIdle: false },
  { name: 'mcp', help: 'MCP servers: status, tools offered and left out, token cost', needsIdle: false },
  { name: 'diff', help: 'git diff of the workspace, untracked files included', needsIdle: false },
  {
    name: 'review',
    args: '[--uncommitted|--base B|--commit SHA] [TEXT]',
    help: 'review changes read-only, then continue in the review session',
    needsIdle: true,
  },
  {
    name: 'compact',
    args: '[FOCUS]',
    help: 'summarise the conversation now to free context (FOCUS: what the summary must keep)',
    needsIdle: true,
  },
  { name: 'new', help: 'start a new session', needsIdle: true },
  { name: 'resume', args: '[ID]', help: 'continue a saved session of this directory', needsIdle: true },
  { name: 'init', help: 'create an AGENTS.md template in this directory', needsIdle: false },
  { name: 'help', help: 'list the slash commands and keys', needsIdle: false },
  { name: 'quit', help: 'leave ossa (also /exit, Ctrl-D)', needsIdle: false },
];

export interface SlashInvocation {
  spec: SlashCommandSpec;
  arg: string;
}

/**
 * Parses `/name arg`. Returns undefined for text that is not a slash command (so `/usr/bin is
 * slow` is sent to the model), and `{ unknown }` for `/word` that names no command.
 */
export function parseSlashCommand(text: string): SlashInvocation | { unknown: string } | undefined {
  const match = /^\/([a-z][a-z-]*)(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return undefined;
  const name = match[1] === 'exit' ? 'quit' : match[1]!;
  const spec = SLASH_COMMANDS.find((command) => command.name === name);
  if (!spec) return { unknown: name };
  return { spec, arg: (match[2] ?? '').trim() };
}

export type ComposerInput =
  | { kind: 'text'; text: string }
  | { kind: 'command'; invocation: SlashInvocation }
  | { kind: 'unknown'; name: string };

/**
 * How text typed in the composer or given as the prompt on the command line is taken: `/name …`
 * runs the command (or is an unknown command); `//…` sends the text with one slash removed, and
 * text that starts with a space is sent as it is — the two ways to send a leading slash.
 */
export function classifyInput(text: string): ComposerInput {
  if (text.startsWith('//')) return { kind: 'text', text: text.slice(1) };
  if (/^\s/.test(text)) return { kind: 'text', text };
  const parsed = parseSlashCommand(text);
  if (parsed === undefined) return { kind: 'text', text };
  if ('unknown' in parsed) return { kind: 'unknown', name: parsed.unknown };
  return { kind: 'command', invocation: parsed };
}

/** `Unknown command /x`, with the close name when the caller found one, and how to send the text instead. */
export function unknownCommandMessage(name: string, closest?: string): string {
  return (
    `Unknown command /${name}${closest ? ` (did you mean /${closest}?)` : ''}. ` +
    `/help lists them; to send text that starts with a slash, write //${name} or start with a space.`
  );
}

/** Commands whose name starts with `prefix` (without the slash). */
export function matchSlashCommands(prefix: string): SlashCommandSpec[] {
  return SLASH_COMMANDS.filter((command) => command.name.startsWith(prefix));
}

export function helpText(): string {
  const width = Math.max(...SLASH_COMMANDS.map((c) => `/${c.name} ${c.args ?? ''}`.length));
  const commands = SLASH_COMMANDS.map((c) => `${`/${c.name} ${c.args ?? ''}`.padEnd(width)}  ${c.help}`);
  return [
    ...commands,
    '',
    'Enter send · Shift+Enter, Ctrl-J or a trailing \\ new line · ↑/↓ history · Tab complete',
    '@path complete a file · Esc or Ctrl-C interrupt · Ctrl-O show the last collapsed output',
    'Ctrl-C twice on an empty composer or Ctrl-D quits',
  ].join('\n');
}
