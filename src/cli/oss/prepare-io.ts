// The terminal side of preparing a session: provisioning notices go to stderr, questions are asked
// there when stdin and stderr are a terminal, and pulls draw a progress bar (plain lines in logs).
import type { PrepareIo, SessionTarget } from '../../app/prepare-session.js';
import type { GlobalFlags } from '../../config/flags.js';
import { printWarnings } from '../print-warnings.js';
import { terminalConfirm } from './confirm.js';
import { createProgressRenderer } from './download-progress.js';

export function terminalPrepareIo(options: {
  stderr: NodeJS.WritableStream;
  assumeYes: boolean;
  stdin?: NodeJS.ReadStream;
}): PrepareIo {
  const stdin = options.stdin ?? process.stdin;
  const stderrIsTTY = Boolean((options.stderr as { isTTY?: boolean }).isTTY);
  const interactive = stderrIsTTY && Boolean(stdin.isTTY);
  return {
    notices: options.stderr,
    warn: (lines) => printWarnings(lines, options.stderr),
    interactive,
    assumeYes: options.assumeYes,
    ...(interactive ? { confirm: terminalConfirm(stdin, options.stderr) } : {}),
    progress: () => createProgressRenderer({ stream: options.stderr, isTTY: stderrIsTTY }),
  };
}

/**
 * prepareSession for a command that runs without a human answering the model (exec, review):
 * approvals `never` and a read-only sandbox unless config says otherwise, provisioning on the
 * terminal.
 */
export async function prepareNonInteractive(
  ctx: { cwd: string; env: NodeJS.ProcessEnv; flags: GlobalFlags; stderr: NodeJS.WritableStream },
  signal: AbortSignal,
): Promise<SessionTarget> {
  const { prepareSession } = await import('../../app/prepare-session.js');
  return prepareSession({
    cwd: ctx.cwd,
    env: ctx.env,
    flags: ctx.flags,
    commandDefaults: { approval_policy: 'never', sandbox_mode: 'read-only' },
    io: terminalPrepareIo({ stderr: ctx.stderr, assumeYes: Boolean(ctx.flags.yes) }),
    signal,
  });
}
