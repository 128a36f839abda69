// argv → intent. Builds the commander tree (every command gets the global flags and --help) and
// dispatches to one lazily imported handler file per subcommand.
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import type { CommandContext, CommandHandler } from './command-context.js';
import { addGlobalFlags, collectGlobalFlags } from './global-flags.js';
import { commandPath, GLOBAL_FLAGS_NOTE, ossaStyleError, subcommandVisibleOptions } from './help-style.js';

type HandlerLoader = () => Promise<CommandHandler>;

export interface CliIo {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

export async function runCli(argv: string[], io: CliIo = {}): Promise<number> {
  const result = { exitCode: 0 };
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const program = rootCommand(stdout, stderr);
  const builder: Builder = {
    program,
    bind: (load, inherit = false) => bindHandler(load, inherit, io, stdout, stderr, result),
    sub: (parent, name, description, options = {}) =>
      subcommand(parent, name, description, options, stdout, stderr),
  };
  program.action(builder.bind(async () => (await import('./interactive.js')).runInteractive));
  for (const add of [addExec, addReview, addSetupCommands, addDiagnostics, addMcp, addApplyPatch])
    add(builder);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version displays end with exitCode 0; every parse error is a usage error.
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
  return result.exitCode;
}

/** What the command groups below need: the root, a subcommand maker and a handler binder. */
interface Builder {
  program: Command;
  /** `inherit`: the parent command's options apply too (`exec --json resume` = `exec resume --json`). */
  bind: (
    load: HandlerLoader,
    inherit?: boolean,
  ) => (this: Command, ...actionArgs: unknown[]) => Promise<void>;
  sub: (parent: Command, name: string, description: string, options?: { isDefault?: boolean }) => Command;
}

function rootCommand(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Command {
  const program = new Command('ossa')
    .description('A terminal coding agent for any model service: local, self-hosted, gateways and OpenAI.')
    .version(`ossa ${VERSION}`, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => stdout.write(text),
      writeErr: (text) => stderr.write(text),
      outputError: (text, write) => write(ossaStyleError(text, 'ossa')),
    })
    .configureHelp({ visibleOptions: subcommandVisibleOptions })
    .showSuggestionAfterError(true)
    .enablePositionalOptions()
    .argument('[prompt]', 'initial prompt for the interactive session');
  addGlobalFlags(program).option('--no-alt-screen', 'keep the interactive UI in the normal scrollback');
  return program;
}

/** A commander action that builds the CommandContext and runs the lazily imported handler. */
function bindHandler(
  load: HandlerLoader,
  inherit: boolean,
  io: CliIo,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
  result: { exitCode: number },
) {
  return async function (this: Command, ...actionArgs: unknown[]) {
    // commander passes (…positionals, options, command); positionals may be arrays (variadic).
    const command = actionArgs.at(-1) as Command;
    const positionals = actionArgs.slice(0, -2).flatMap((value) => (value === undefined ? [] : value));
    const ctx: CommandContext = {
      flags: collectGlobalFlags(command),
      options: inherit ? { ...definedOptions(command.parent), ...definedOptions(command) } : command.opts(),
      args: positionals as string[],
      env: io.env ?? process.env,
      cwd: io.cwd ?? process.cwd(),
      stdout,
      stderr,
    };
    const handler = await load();
    result.exitCode = await handler(ctx);
  };
}

/** A subcommand with the global flags (not repeated in its --help) and errors naming it. */
function subcommand(
  parent: Command,
  name: string,
  description: string,
  options: { isDefault?: boolean },
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): Command {
  const command = addGlobalFlags(parent.command(name, options).description(description));
  const path = commandPath(command);
  return command
    .configureOutput({
      writeOut: (text) => stdout.write(text),
      writeErr: (text) => stderr.write(text),
      outputError: (text, write) => write(ossaStyleError(text, path)),
    })
    .addHelpText('after', GLOBAL_FLAGS_NOTE);
}

/** `exec` and `exec resume`. */
function addExec({ program, sub, bind }: Builder): void {
  const exec = sub(program, 'exec', 'run a task non-interactively and print the final answer')
    .argument('[prompt]', 'the task; `-` or absent reads it from stdin')
    .option('--json', 'print one JSON event per line on stdout')
    .option('-o, --output-last-message <file>', 'write the last agent message to FILE')
    .option('--skip-git-repo-check', 'allow running outside a git repository')
    .option('--ephemeral', 'do not save the session')
    .option('--diff', 'print the whole diff of each applied patch (human output only)')
    .action(bind(async () => (await import('./exec.js')).runExecCommand));
  sub(exec, 'resume', 'continue a saved session')
    .argument('[session]', 'session id (or use --last)')
    .argument('[prompt]', 'the follow-up prompt; `-` or absent reads stdin')
    .option('--last', 'resume the most recent session for this directory')
    .option('--json', 'print one JSON event per line on stdout')
    .option('-o, --output-last-message <file>', 'write the last agent message to FILE')
    .option('--skip-git-repo-check', 'allow running outside a git repository')
    .option('--diff', 'print the whole diff of each applied patch (human output only)')
    .action(bind(async () => (await import('./exec.js')).runExecResumeCommand, true));
}

/** `review`. */
function addReview({ program, sub, bind }: Builder): void {
  sub(program, 'review', 'review code changes with the configured model (read-only)')
    .argument('[prompt]', 'extra review instructions; `-` reads them from stdin')
    .option('--uncommitted', 'review staged, unstaged and untracked changes')
    .option('--base <branch>', 'review the commits since the merge base with BRANCH')
    .option('--commit <sha>', 'review the changes one commit introduced')
    .option('--title <title>', 'a title for the change, shown to the reviewer')
    .option('--json', 'print the review as one JSON document (Codex review schema)')
    .option('-o, --output <file>', 'write the review JSON document to FILE')
    .option('--fail-on <priority>', 'exit 3 when a finding at this priority or above exists (P0–P3)')
    .option('--include-generated', 'also send generated, vendored and lock files')
    .action(bind(async () => (await import('./review.js')).runReviewCommand));
}

/** `debug config`, `profiles list|migrate`. */
function addSetupCommands({ program, sub, bind }: Builder): void {
  const debug = sub(program, 'debug', 'inspect how ossa is set up');
  // `ossa debug` alone is `ossa debug config`, its one subcommand; `ossa profiles` is `profiles list`.
  sub(debug, 'config', 'show every effective setting and where it came from', { isDefault: true })
    .option('--json', 'print one JSON object')
    .action(bind(async () => (await import('./debug-config.js')).runDebugConfig));

  const profiles = sub(program, 'profiles', 'list profiles or migrate legacy [profiles.*] tables');
  sub(profiles, 'list', 'list the profile files in $OSSA_HOME', { isDefault: true })
    .option('--json', 'print JSON')
    .action(bind(async () => (await import('./profiles.js')).runProfilesList));
  sub(profiles, 'migrate', 'move legacy [profiles.<name>] tables into <name>.config.toml files')
    .option('--dry-run', 'show what would change without writing')
    .action(bind(async () => (await import('./profiles.js')).runProfilesMigrate));
}

/** `doctor`, `models`, `eval`, `init`, `sandbox`. */
function addDiagnostics({ program, sub, bind }: Builder): void {
  sub(program, 'doctor', 'check that the configured model setup works, end to end')
    .option('--json', 'print JSON')
    .option('--no-smoke', 'skip the live smoke test (a real session against the model)')
    .option('--smoke-timeout <seconds>', "the smoke test's time limit (default 300)")
    .action(bind(async () => (await import('./doctor.js')).runDoctor));
  sub(program, 'models', 'list models on reachable local servers and configured providers')
    .option('--json', 'print JSON')
    .action(bind(async () => (await import('./models.js')).runModels));
  sub(program, 'eval', 'qualify the configured model and server for agentic coding (a scorecard)')
    .option('--quick', 'the quick suite (about 3 minutes on a mid-range GPU)')
    .option('--repeat <n>', 'run every scenario N times (pass rates with confidence intervals)')
    .option('--json', 'print one JSON document with every scenario result')
    .option('--report <file>', 'write an HTML report with charts to FILE')
    .option(
      '--sweep <key=v1,v2>',
      'run the suite per value of a config key and compare (repeatable: every combination)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--only <ids>', 'run only these scenarios (comma-separated ids)')
    .option('--no-scale', 'run the whole suite even when the measured speed says it will take long')
    .option('--write-profile <name>', 'write the best settings as $OSSA_HOME/NAME.config.toml')
    .action(bind(async () => (await import('./eval.js')).runEvalCommand));
  sub(program, 'init', 'detect running model servers and write profile files for them').action(
    bind(async () => (await import('./init.js')).runInit),
  );
  sub(program, 'sandbox', 'run a command under the sandbox policy')
    .argument('<command...>', 'the command and its arguments (after --)')
    .passThroughOptions()
    .action(bind(async () => (await import('./sandbox.js')).runSandboxCommand));
}

/** `mcp list|get|add|remove|approve`. */
function addMcp({ program, sub, bind }: Builder): void {
  const mcp = sub(program, 'mcp', 'list, inspect, add, remove or approve MCP servers');
  sub(mcp, 'list', 'the configured MCP servers, started: tools offered and left out, token cost')
    .option('--json', 'print JSON')
    .option('--verbose', 'list every tool')
    .option('--no-connect', 'show the configuration only; start nothing')
    .action(bind(async () => (await import('./mcp.js')).runMcpList));
  sub(mcp, 'get', 'one MCP server in detail')
    .argument('<name>', 'the server')
    .option('--json', 'print JSON')
    .option('--no-connect', 'show the configuration only; start nothing')
    .action(bind(async () => (await import('./mcp.js')).runMcpGet));
  sub(mcp, 'add', 'add an MCP server to config.toml: NAME -- COMMAND [ARGS…], or NAME --url URL')
    .argument('<name>', 'the server name')
    .argument('[command...]', 'stdio server: the command and its arguments (after --)')
    .option('--url <url>', 'streamable HTTP server URL')
    .option('--bearer-token-env-var <var>', 'HTTP server: variable holding a bearer token')
    .option(
      '--env <KEY=VALUE>',
      'stdio server: a variable to set (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action(bind(async () => (await import('./mcp.js')).runMcpAdd));
  sub(mcp, 'remove', 'remove an MCP server from config.toml')
    .argument('<name>', 'the server')
    .action(bind(async () => (await import('./mcp.js')).runMcpRemove));
  sub(
    mcp,
    'approve',
    "approve an MCP server a project's .ossa/config.toml defines (asked again when it changes)",
  )
    .argument('<name>', 'the server')
    .action(bind(async () => (await import('./mcp.js')).runMcpApprove));
}

/** `apply-patch`. */
function addApplyPatch({ program, sub, bind }: Builder): void {
  sub(program, 'apply-patch', 'apply a patch (read from stdin) in the current directory').action(
    bind(async () => (await import('./apply-patch.js')).runApplyPatch),
  );
}

/** A command's options that have a value (so an unset one never hides its parent's). */
function definedOptions(command: Command | null): Record<string, unknown> {
  return Object.fromEntries(Object.entries(command?.opts() ?? {}).filter(([, value]) => value !== undefined));
}
