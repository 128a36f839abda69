// `ossa exec [PROMPT]` and `ossa exec resume --last | <id> [PROMPT]`: run one task without a
// human, print progress on stderr and the final message on stdout (or JSONL with --json).
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { OssaError, UsageError } from '../errors.js';
import { handleInterrupts } from '../process/interrupt.js';
import { escapeTerminalText } from '../protocol/terminal-text.js';
import type { CommandContext, CommandHandler } from './command-context.js';

interface ExecOptions {
  json?: boolean;
  outputLastMessage?: string;
  skipGitRepoCheck?: boolean;
  ephemeral?: boolean;
  last?: boolean;
  diff?: boolean;
}

export const runExecCommand: CommandHandler = (ctx) => runExec(ctx, ctx.args[0], undefined);

export const runExecResumeCommand: CommandHandler = (ctx) => {
  const options = ctx.options as ExecOptions;
  const [first, second] = ctx.args;
  if (options.last) {
    if (second !== undefined) throw new UsageError('With --last, pass only the prompt (no session id).');
    return runExec(ctx, first, { last: true });
  }
  if (!first)
    throw new UsageError('Say which session to resume: `ossa exec resume <id> [PROMPT]` or `--last`.');
  return runExec(ctx, second, { id: first });
};

function isInsideGitRepo(dir: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(resolve(current, '.git'))) return true;
    if (dirname(current) === current) return false;
  }
}

async function runExec(
  ctx: CommandContext,
  promptArg: string | undefined,
  resumeQuery: { last: true } | { id: string } | undefined,
): Promise<number> {
  const options = ctx.options as ExecOptions;
  const lastMessageFile = options.outputLastMessage ? resolve(ctx.cwd, options.outputLastMessage) : undefined;
  if (lastMessageFile && !isDirectory(dirname(lastMessageFile))) {
    throw new UsageError(
      `Cannot write the last message to ${lastMessageFile}: the directory ${dirname(lastMessageFile)} does not exist.`,
    );
  }

  // Ctrl-C works from here on, within a second: it cancels a model pull, a probe, a prompt read
  // from stdin as well as a running turn; what does not stop in time is cut short (interrupt.ts).
  // SIGHUP (the terminal went away) and SIGTERM stop the run the same way.
  const controller = new AbortController();
  const stopHandling = handleInterrupts({
    onInterrupt: () => controller.abort(),
    onForcedExit: () => ctx.stderr.write('interrupted\n'),
  });
  try {
    return await runExecSession(ctx, promptArg, resumeQuery, lastMessageFile, controller.signal);
  } catch (error) {
    if (controller.signal.aborted) return 130;
    throw error;
  } finally {
    stopHandling();
  }
}

async function runExecSession(
  ctx: CommandContext,
  promptArg: string | undefined,
  resumeQuery: { last: true } | { id: string } | undefined,
  lastMessageFile: string | undefined,
  signal: AbortSignal,
): Promise<number> {
  const options = ctx.options as ExecOptions;
  const { checkExecPrompt } = await import('./prompt-slash.js');
  const promptText = checkExecPrompt(promptArg);
  const { prepareNonInteractive } = await import('./oss/prepare-io.js');
  // Config, API key, local server (running, model present, window big enough) — or a clear error.
  const target = await prepareNonInteractive(ctx, signal);
  const resolved = target.config;

  if (!options.skipGitRepoCheck && !isInsideGitRepo(resolved.cwd)) {
    throw new UsageError(
      `${resolved.cwd} is not inside a git repository. ossa exec edits files without asking, so it runs only where git can show and undo its changes. Pass --skip-git-repo-check to run here anyway.`,
    );
  }

  const { readPrompt } = await import('../exec/read-prompt.js');
  const prompt = await readPrompt({
    arg: promptText,
    stdin: process.stdin,
    signal,
    onWaiting: () => ctx.stderr.write('Reading additional input from stdin...\n'),
  });

  const { createSession, findSavedSession } = await import('../app/create-session.js');
  const resume = resumeQuery ? findSavedSession(resolved, resumeQuery) : undefined;
  if (resume?.tornLines?.length) {
    ctx.stderr.write(
      `warning: skipped ${resume.tornLines.length} incomplete record(s) in ${resume.path} (line ${resume.tornLines.join(', ')}), cut short by a crash or a full disk\n`,
    );
  }

  const session = createSession({
    target,
    env: ctx.env,
    nonInteractive: true,
    ephemeral: Boolean(options.ephemeral),
    ...(resume ? { resume } : {}),
  });

  if (options.json) {
    const { createJsonlRenderer } = await import('../exec/render-jsonl.js');
    session.subscribe(createJsonlRenderer(ctx.stdout));
  } else {
    const { createHumanRenderer } = await import('../exec/render-human.js');
    session.subscribe(createHumanRenderer({ stderr: ctx.stderr, showDiff: options.diff === true }));
  }
  session.start();

  let outcome: Awaited<ReturnType<typeof session.runTurn>>;
  try {
    outcome = await session.runTurn(prompt, signal);
  } finally {
    // Stops the session's MCP servers.
    await session.close();
  }

  if (lastMessageFile) {
    try {
      writeFileSync(lastMessageFile, outcome.status === 'completed' ? (outcome.lastMessage ?? '') : '');
    } catch (error) {
      throw new OssaError(
        `Failed to write the last message to ${lastMessageFile}: ${(error as Error).message}`,
      );
    }
  }
  if (!options.json && outcome.status === 'completed' && outcome.lastMessage) {
    // The model's words, on a terminal perhaps: no raw escape sequences (the -o file stays exact).
    ctx.stdout.write(`${escapeTerminalText(outcome.lastMessage.replace(/\n+$/, ''))}\n`);
  }
  if (outcome.status === 'interrupted') return 130;
  return outcome.status === 'completed' ? 0 : 1;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
