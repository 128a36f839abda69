// `ossa [PROMPT]`: the interactive terminal UI. The session target is prepared before Ink owns
// the screen (a local server is checked, pulled or loaded with progress and questions on the
// terminal, exactly as exec does); the UI then starts with the model and window it must use.
// The use cases behind the UI's callbacks are app/tui-host.ts.
import { UsageError } from '../errors.js';
import { VERSION } from '../version.js';
import type { CommandHandler } from './command-context.js';

const BRACKETED_PASTE_ON = '\u001b[?2004h';
const BRACKETED_PASTE_OFF = '\u001b[?2004l';

export const runInteractive: CommandHandler = async (ctx) => {
  const { checkInteractivePrompt } = await import('./prompt-slash.js');
  checkInteractivePrompt(ctx.args[0]);
  const { stdin, stdout } = process;
  if (!stdin.isTTY || !stdout.isTTY) {
    throw new UsageError(
      'The interactive UI needs a terminal (stdin and stdout are not both a TTY). Use `ossa exec "task"` in scripts and pipes.',
    );
  }
  const { confirmOneWordPrompt } = await import('./subcommand-typo.js');
  const { terminalConfirm } = await import('./oss/confirm.js');
  await confirmOneWordPrompt(ctx.args[0], terminalConfirm(stdin, process.stderr));
  const { prepareSession } = await import('../app/prepare-session.js');
  const { terminalPrepareIo } = await import('./oss/prepare-io.js');
  const first = await prepareSession({
    cwd: ctx.cwd,
    env: ctx.env,
    flags: ctx.flags,
    io: {
      ...terminalPrepareIo({ stderr: process.stderr, assumeYes: Boolean(ctx.flags.yes) }),
      warn: () => {},
    },
  });
  const { startTui } = await withoutFetch(() => import('../tui/start.js'));
  const { createTuiHost } = await import('../app/tui-host.js');
  // The warnings are shown inside the UI, as notices of the first session.
  const host = createTuiHost({ cwd: ctx.cwd, env: ctx.env, flags: ctx.flags, first });
  stdout.write(BRACKETED_PASTE_ON);
  try {
    await startTui({
      host,
      version: VERSION,
      cwd: ctx.cwd,
      initialPrompt: ctx.args[0],
      color: !ctx.env.NO_COLOR,
      stdin,
      stdout,
      stderr: process.stderr,
    });
  } finally {
    stdout.write(BRACKETED_PASTE_OFF);
    host.close();
  }
  const id = host.sessionId();
  if (id) ctx.stdout.write(`Session ${id} saved. Continue it with /resume ${id.slice(0, 8)} in ossa.\n`);
  // Keep-alive sockets and stdin must not hold the process open after the UI is gone.
  stdin.unref();
  return 0;
};

/**
 * Ink's layout engine (yoga-layout) loads its inline WebAssembly through the global fetch when it
 * exists, which makes Node load its whole HTTP client first (~50 ms of start-up). Without fetch
 * it decodes the same bytes directly.
 */
async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (!descriptor?.configurable) return load();
  Reflect.deleteProperty(globalThis, 'fetch');
  try {
    return await load();
  } finally {
    Object.defineProperty(globalThis, 'fetch', descriptor);
  }
}
