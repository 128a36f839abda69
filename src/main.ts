// Entry point: run the CLI, map errors to exit codes, nothing else. `--version` is answered
// before anything else is loaded so it stays fast.
import { exitCodeOf } from './errors.js';
import { exitQuietlyOnBrokenPipe } from './process/broken-pipe.js';
import { VERSION } from './version.js';

const argv = process.argv.slice(2);

exitQuietlyOnBrokenPipe();

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`ossa ${VERSION}\n`);
} else {
  try {
    const { runCli } = await import('./cli/program.js');
    process.exitCode = await runCli(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`Error: ${message}\n`);
    if (process.env.OSSA_DEBUG && error instanceof Error && error.stack)
      process.stderr.write(`${error.stack}\n`);
    process.exitCode = exitCodeOf(error);
  }
}
