// How tool calls read in the transcript: a one-line title from the call's arguments, and the
// tail of long output. (The outcome and the output itself come typed in the result's details.)
import { exceedsJsonDepth } from '../protocol/json-depth.js';
import { escapeTerminalStrings } from '../protocol/terminal-text.js';

const SAFE_ARG = /^[\w@%+=:,./-]+$/;
const SHELL_WRAPPERS = new Set(['bash', 'sh', 'zsh', '/bin/bash', '/bin/sh', '/bin/zsh', '/usr/bin/bash']);

function quoteArgument(arg: string): string {
  if (arg !== '' && SAFE_ARG.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `["bash","-lc","ls -la"]` reads as `ls -la`; other argv are quoted like a shell would. */
export function commandLine(command: readonly string[]): string {
  const [program, flag, script] = command;
  if (command.length === 3 && program && SHELL_WRAPPERS.has(program) && /^-l?c$/.test(flag ?? '')) {
    return script ?? '';
  }
  return command.map(quoteArgument).join(' ');
}

function parseArguments(argumentsJson: string): Record<string, unknown> | undefined {
  // String() of a nested array recurses: deep arguments (refused anyway) are not shown.
  if (exceedsJsonDepth(argumentsJson)) return undefined;
  try {
    // JSON's \u001b escapes become raw control characters here: escape them for the screen.
    const parsed: unknown = escapeTerminalStrings(JSON.parse(argumentsJson));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The files a patch touches, from its `*** Add/Update/Delete File:` lines. */
function patchFiles(patch: string): string[] {
  return [...patch.matchAll(/^\*\*\* (?:Add|Update|Delete) File: (.+)$/gm)].map((m) => m[1]!.trim());
}

export function toolTitle(name: string, argumentsJson: string): string {
  const args = parseArguments(argumentsJson);
  if (name === 'shell') {
    const command = args?.command;
    if (Array.isArray(command)) return commandLine(command.map(String));
    if (typeof command === 'string') return command;
  }
  if (name === 'apply_patch' && typeof args?.input === 'string') {
    const files = patchFiles(args.input);
    return files.length > 0 ? `apply_patch ${files.join(', ')}` : 'apply_patch';
  }
  const compact = argumentsJson.replace(/\s+/g, ' ').trim();
  return `${name} ${compact.length > 80 ? `${compact.slice(0, 79)}…` : compact}`;
}

/** The last `count` non-empty-trailing lines of `text`, and how many were left out. */
export function tailLines(text: string, count: number): { lines: string[]; omitted: number } {
  const lines = text.replace(/\n+$/, '').split('\n');
  if (lines.length === 1 && lines[0] === '') return { lines: [], omitted: 0 };
  if (lines.length <= count) return { lines, omitted: 0 };
  return { lines: lines.slice(-count), omitted: lines.length - count };
}
