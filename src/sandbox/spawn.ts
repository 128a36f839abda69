// Runs one command under a sandbox policy and collects its result. The command gets its own
// process group (and, sandboxed, its own pid namespace); on abort or timeout the whole group is
// terminated — SIGTERM, then SIGKILL after a grace period — and when the command's main process
// ends, anything it left running in its group is killed too, so nothing outlives the call. What
// left the group (setsid, double fork) is found by the id in its environment and killed as well;
// ossa's exit, and a watchdog when ossa is SIGKILLed, do the same (process/command-reaper.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import {
  COMMAND_ID_VARIABLE,
  killTagged,
  newCommandId,
  trackGroup,
  untrackGroup,
} from '../process/command-reaper.js';
import type { SandboxPolicy } from '../protocol/sandbox-policy.js';
import { bwrapExtraStdio, feedSeccompFilter, readChildPid } from './bwrap-info.js';
import { withPreparedCommand } from './launch.js';
import { HeadTailBuffer } from './output-buffer.js';
import type { PreparedCommand } from './prepare.js';
import { waitUntilExited, waitUntilGroupGone } from './process-exit.js';

export interface RunCommandOptions {
  argv: readonly string[];
  /** Absolute working directory. */
  cwd: string;
  /** The complete environment of the command (already filtered by env-policy.ts). */
  env: Record<string, string>;
  policy: SandboxPolicy;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Cap on the kept output (head and tail); default 1 MiB. */
  maxOutputBytes?: number;
  /** Between SIGTERM and SIGKILL after a timeout; default 2 s. */
  killGraceMs?: number;
  /** Between SIGTERM and SIGKILL after an abort (Ctrl-C must work within a second); default 300 ms. */
  interruptGraceMs?: number;
  /** Every output chunk as it arrives (stdout and stderr), for live display. */
  onOutput?: (chunk: Buffer, stream: 'stdout' | 'stderr') => void;
  /** Defaults to process.platform (tests and the CLI never need another). */
  platform?: NodeJS.Platform;
}

export interface CommandOutcome {
  /** Null when the command was ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr interleaved as received, capped (head and tail kept). */
  output: string;
  stdoutBytes: number;
  stderrBytes: number;
  /** Output bytes received but left out of `output`. */
  truncatedBytes: number;
  durationMs: number;
  timedOut: boolean;
  interrupted: boolean;
  sandboxed: boolean;
  /** A sandboxed run failed in a way that looks like the sandbox blocked it (heuristic). */
  sandboxDenied: boolean;
}

const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
// After the main process exits, how long to wait for pipes held open by escaped descendants.
const PIPE_DRAIN_MS = 500;

/**
 * Throws SandboxUnavailableError (before starting anything) when the policy needs a sandbox this
 * machine cannot provide; every other failure — including "command not found" — is an outcome.
 */
export function runCommand(options: RunCommandOptions): Promise<CommandOutcome> {
  const { argv, policy, cwd, env } = options;
  const platform = options.platform ?? process.platform;
  return withPreparedCommand(argv, policy, { platform, cwd, env }, async (prepared, commandEnv) => {
    const outcome = await spawnCollect(prepared, { ...options, env: commandEnv });
    const sandboxDenied = prepared.sandboxed && looksLikeSandboxDenial(outcome);
    return { ...outcome, sandboxed: prepared.sandboxed, sandboxDenied };
  });
}

/** Messages a command prints when the sandbox (not the command itself) stopped it. */
const DENIAL_PATTERN =
  /Read-only file system|EROFS|Permission denied|EACCES|Operation not permitted|EPERM|Network is unreachable|ENETUNREACH|Could not resolve host|Temporary failure in name resolution|getaddrinfo EAI_AGAIN/i;

export function looksLikeSandboxDenial(
  outcome: Pick<CommandOutcome, 'exitCode' | 'timedOut' | 'interrupted' | 'output'>,
): boolean {
  if (outcome.timedOut || outcome.interrupted || outcome.exitCode === 0) return false;
  return DENIAL_PATTERN.test(outcome.output);
}

type SpawnOutcome = Omit<CommandOutcome, 'sandboxed' | 'sandboxDenied'>;

function spawnCollect(prepared: PreparedCommand, options: RunCommandOptions): Promise<SpawnOutcome> {
  const { program, args, infoFd } = prepared;
  const started = performance.now();
  const buffer = new HeadTailBuffer(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
  let stdoutBytes = 0;
  let stderrBytes = 0;
  let timedOut = false;
  let interrupted = false;

  return new Promise((resolve) => {
    let child: ChildProcess;
    // Inherited by every descendant, also one that leaves the process group (command-reaper.ts).
    const commandId = newCommandId();
    try {
      child = spawn(program, args, {
        cwd: options.cwd,
        env: { ...options.env, [COMMAND_ID_VARIABLE]: commandId },
        // stdin closed; with bwrap, pipes for its info JSON and its seccomp filter.
        stdio: ['ignore', 'pipe', 'pipe', ...bwrapExtraStdio(prepared)],
        // A new session and process group led by the child, so the group can be killed as one.
        detached: true,
      });
    } catch (error) {
      // Node throws (instead of emitting 'error') for some failures, E2BIG among them: an
      // argument or the environment too large for exec. Nothing started; it is an outcome.
      resolve(notStarted(program, args, options.env, error as Error, started));
      return;
    }
    if (child.pid !== undefined) trackGroup(child.pid);
    feedSeccompFilter(child.stdio, prepared);
    // Both are pipes (stdio above), so never null.
    const stdout = child.stdout!;
    const stderr = child.stderr!;
    const infoStream = infoFd === undefined ? undefined : (child.stdio[infoFd] as Readable | null);
    const namespaceInit = infoStream ? readChildPid(infoStream) : Promise.resolve(undefined);
    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // ESRCH: the group is already gone.
      }
    };

    const killAll = () => {
      killGroup('SIGKILL');
      killTagged(commandId);
    };
    let killTimer: NodeJS.Timeout | undefined;
    const terminate = (graceMs: number) => {
      if (killTimer || child.pid === undefined) return;
      killGroup('SIGTERM');
      killTimer = setTimeout(killAll, graceMs);
    };
    const onAbort = () => {
      interrupted = true;
      terminate(options.interruptGraceMs ?? 300);
    };
    const timeout =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            terminate(options.killGraceMs ?? 2000);
          }, options.timeoutMs)
        : undefined;
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      buffer.push(chunk);
      options.onOutput?.(chunk, 'stdout');
    });
    stderr.on('data', (chunk: Buffer) => {
      stderrBytes += chunk.length;
      buffer.push(chunk);
      options.onOutput?.(chunk, 'stderr');
    });

    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let spawnError: Error | undefined;
    let settled = false;
    const finish = async () => {
      if (settled) return;
      settled = true;
      // Sandboxed: report the end only once the whole pid namespace is gone.
      const initPid = spawnError ? undefined : await namespaceInit;
      if (initPid !== undefined) await waitUntilExited(initPid);
      // Unsandboxed: the killed group's members may still be on their way out.
      else if (child.pid !== undefined && exit) await waitUntilGroupGone(child.pid);
      if (child.pid !== undefined) untrackGroup(child.pid);
      clearTimeout(timeout);
      clearTimeout(killTimer);
      clearTimeout(drainTimer);
      options.signal?.removeEventListener('abort', onAbort);
      if (spawnError) buffer.push(Buffer.from(`${describeSpawnError(program, spawnError)}\n`));
      resolve({
        exitCode: exit?.code ?? (spawnError ? 127 : null),
        signal: exit?.signal ?? null,
        output: buffer.text(),
        stdoutBytes,
        stderrBytes,
        truncatedBytes: buffer.omittedBytes,
        durationMs: performance.now() - started,
        timedOut,
        interrupted,
      });
    };

    let drainTimer: NodeJS.Timeout | undefined;
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // The main process is gone: whatever it left in its group goes too, and whatever left the
      // group (setsid, a double fork) but still carries the command's id.
      killAll();
      drainTimer = setTimeout(() => {
        stdout.destroy();
        stderr.destroy();
        infoStream?.destroy();
        void finish();
      }, PIPE_DRAIN_MS);
    });
    child.on('close', () => void finish());
    child.on('error', (error) => {
      // Spawning failed (ENOENT, EACCES…): no process exists, so no 'exit' event follows.
      spawnError = error;
      if (child.pid === undefined) void finish();
    });
  });
}

function describeSpawnError(program: string, error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${program}: command not found`;
  if (code === 'EACCES') return `${program}: permission denied`;
  return `${program}: ${error.message}`;
}

/** One argument of this many bytes or more cannot be passed to exec on Linux (MAX_ARG_STRLEN). */
const MAX_ARGUMENT_BYTES = 128 * 1024;

/** The outcome of a spawn that threw: exit code 127 and a message the model can act on. */
function notStarted(
  program: string,
  args: readonly string[],
  env: Record<string, string>,
  error: Error,
  started: number,
): SpawnOutcome {
  let message = describeSpawnError(program, error);
  if ((error as NodeJS.ErrnoException).code === 'E2BIG') {
    const largest = Math.max(0, ...args.map((arg) => Buffer.byteLength(arg)));
    const total = [program, ...args, ...Object.entries(env).map(([k, v]) => `${k}=${v}`)].reduce(
      (sum, part) => sum + Buffer.byteLength(part) + 1,
      0,
    );
    const kib = (bytes: number) => `${Math.ceil(bytes / 1024)} KiB`;
    message =
      `The command was not started: it is too long for the system (E2BIG). Its longest argument has ${kib(largest)}` +
      `${largest >= MAX_ARGUMENT_BYTES ? ` (one argument may have less than ${kib(MAX_ARGUMENT_BYTES)})` : ''}, arguments and environment together ${kib(total)}. ` +
      'Write a long script or data to a file first (apply_patch), then run the file.';
  }
  const output = `${message}\n`;
  return {
    exitCode: 127,
    signal: null,
    output,
    stdoutBytes: 0,
    stderrBytes: 0,
    truncatedBytes: 0,
    durationMs: performance.now() - started,
    timedOut: false,
    interrupted: false,
  };
}
