// Runs a prepared command attached to ossa's own terminal (`ossa sandbox`): stdin, stdout and
// stderr are inherited, Ctrl-C reaches the command (same process group) and ossa waits for it —
// sandboxed, until its whole pid namespace is gone (bwrap-info.ts).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Readable } from 'node:stream';
import { bwrapExtraStdio, feedSeccompFilter, readChildPid } from './bwrap-info.js';
import type { PreparedCommand } from './prepare.js';
import { waitUntilExited } from './process-exit.js';

/** Resolves with the exit code a shell would report (128 + signal number when killed). */
export function runInherited(
  prepared: PreparedCommand,
  options: { cwd: string; env: Record<string, string> },
): Promise<number> {
  return new Promise((resolve) => {
    const { infoFd } = prepared;
    const child = spawn(prepared.program, prepared.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['inherit', 'inherit', 'inherit', ...bwrapExtraStdio(prepared)],
    });
    feedSeccompFilter(child.stdio, prepared);
    const infoStream = infoFd === undefined ? undefined : (child.stdio[infoFd] as Readable | null);
    const namespaceInit = infoStream ? readChildPid(infoStream) : Promise.resolve(undefined);
    // The terminal sends SIGINT to the whole foreground group: the command handles its own, and
    // ossa must not die first. SIGTERM and SIGHUP, sent to ossa alone, are passed on.
    // When ossa itself was told to stop, it reports that signal whatever the command did.
    let stoppedBy: NodeJS.Signals | undefined;
    const ignore = () => {};
    const onTerm = () => {
      stoppedBy = 'SIGTERM';
      child.kill('SIGTERM');
    };
    const onHup = () => {
      stoppedBy = 'SIGHUP';
      child.kill('SIGHUP');
    };
    process.on('SIGINT', ignore);
    process.on('SIGTERM', onTerm);
    process.on('SIGHUP', onHup);
    const done = async (code: number) => {
      const initPid = await namespaceInit;
      if (initPid !== undefined) await waitUntilExited(initPid);
      process.off('SIGINT', ignore);
      process.off('SIGTERM', onTerm);
      process.off('SIGHUP', onHup);
      resolve(stoppedBy ? 128 + constants.signals[stoppedBy] : code);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      process.stderr.write(`ossa sandbox: cannot run ${prepared.program}: ${error.message}\n`);
      infoStream?.destroy();
      void done(error.code === 'ENOENT' ? 127 : 126);
    });
    child.on('exit', (code, signal) => {
      void done(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}
