// `ossa … | head`: the reader of stdout (or stderr) went away. Other command-line tools stop
// quietly then; without a handler Node dies on an unhandled EPIPE with a stack trace. The exit
// waits for a running patch commit (critical-section.ts), and the code is the shell's 128 + SIGPIPE.
import { exitWhenSafe } from './critical-section.js';

export const BROKEN_PIPE_EXIT_CODE = 141;

/** Makes EPIPE on the given streams end the process quietly; other stream errors still throw. */
export function exitQuietlyOnBrokenPipe(
  streams: readonly NodeJS.WritableStream[] = [process.stdout, process.stderr],
): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      exitWhenSafe(BROKEN_PIPE_EXIT_CODE);
    });
  }
}
