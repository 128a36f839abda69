// A command line the model wrote as one string, turned into the argv the shell tool expects.
// Simple commands are split with shell quoting rules; anything that needs a shell to mean what
// it says (pipes, redirections, globs, variables, `~`, several lines, env assignments) runs
// through `bash -lc` unchanged, so the repaired call does exactly what the string said.
import { parse } from 'shell-quote';

export interface ArgvFromString {
  argv: string[];
  /** `split` when quoting rules split it, `bash-lc` when it runs through a shell. */
  how: 'split' | 'bash-lc';
}

// `$` (variables, `$(…)`), backticks, newlines and leading `~` change meaning without a shell;
// shell-quote would silently replace `$X` with an empty string.
const NEEDS_SHELL = /[$`\n\r]|(?:^|\s)~/;
const ENV_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

export function argvFromCommandLine(commandLine: string): ArgvFromString {
  const trimmed = commandLine.trim();
  if (trimmed === '') return { argv: [], how: 'split' };
  const viaShell: ArgvFromString = { argv: ['bash', '-lc', trimmed], how: 'bash-lc' };
  if (NEEDS_SHELL.test(trimmed)) return viaShell;
  let entries: ReturnType<typeof parse>;
  try {
    entries = parse(trimmed);
  } catch {
    return viaShell;
  }
  const argv: string[] = [];
  for (const entry of entries) {
    if (typeof entry !== 'string') return viaShell; // operator, glob or comment
    argv.push(entry);
  }
  if (argv.length === 0 || ENV_ASSIGNMENT.test(argv[0]!)) return viaShell;
  return { argv, how: 'split' };
}
