// The terminal side of preparing a session: provisioning notices go to stderr, questions are asked
// there when stdin and stderr are a terminal, and pulls draw a progress bar (plain lines in logs).
import type { PrepareIo } from '../../app/prepare-session.js';
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
