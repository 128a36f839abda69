// `ossa sandbox [-s MODE] [--add-dir DIR] -- CMD ARGS…`: runs one command under the configured
// sandbox (app/sandbox-command.ts), attached to the terminal, and exits with its exit code.
import { UsageError } from '../errors.js';
import type { CommandHandler } from './command-context.js';

export const runSandboxCommand: CommandHandler = async (ctx) => {
  const argv = ctx.args;
  if (argv.length === 0)
    throw new UsageError('Usage: ossa sandbox [-s MODE] [--add-dir DIR] -- COMMAND [ARGS…]');
  const { runSandboxed } = await import('../app/sandbox-command.js');
  const { printWarnings } = await import('./print-warnings.js');
  return runSandboxed({
    cwd: ctx.cwd,
    env: ctx.env,
    flags: ctx.flags,
    argv,
    warn: (lines) => printWarnings(lines, ctx.stderr),
    onUnsandboxed: () =>
      ctx.stderr.write('ossa sandbox: WARNING: danger-full-access — the command runs without any sandbox.\n'),
  });
};
