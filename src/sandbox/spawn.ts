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
  PID_ORDER_TRUSTED_MS,
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
  const started = performance.now();
  return new Promise((resolve) => {
    let child: ChildProcess;
    // Inherited by every descendant, also one that leaves the process group (command-reaper.ts).
    const commandId = newCommandId();
    try {
      child = spawn(prepared.program, prepared.args, {
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
      resolve(notStarted(prepared.program, prepared.args, options.env, error as Error, started));
      return;
    }
    new CollectedCommand(child, commandId, prepared, options, started, resolve).watch();
  });
}

/**
 * A started command until its outcome is known: output collected (head and tail), the group
 * terminated on abort or timeout, and the end reported only once every process is gone.
 */
class CollectedCommand {
  private readonly buffer: HeadTailBuffer;
  private stdoutBytes = 0;
  private stderrBytes = 0;
  private timedOut = false;
  private interrupted = false;
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private spawnError: Error | undefined;
  private settled = false;
  private killTimer: NodeJS.Timeout | undefined;
  private drainTimer: NodeJS.Timeout | undefined;
  private timeout: NodeJS.Timeout | undefined;
  private readonly infoStream: Readable | undefined;
  private readonly namespaceInit: Promise<number | undefined>;
  private readonly onAbort = () => {
    this.interrupted = true;
    this.terminate(this.options.interruptGraceMs ?? 300);
  };

  constructor(
    private readonly child: ChildProcess,
    private readonly commandId: string,
    private readonly prepared: PreparedCommand,
    private readonly options: RunCommandOptions,
    private readonly started: number,
    private readonly resolve: (outcome: SpawnOutcome) => void,
  ) {
    this.buffer = new HeadTailBuffer(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
    const { infoFd } = prepared;
    this.infoStream =
      infoFd === undefined ? undefined : ((child.stdio[infoFd] as Readable | null) ?? undefined);
    this.namespaceInit = this.infoStream ? readChildPid(this.infoStream) : Promise.resolve(undefined);
  }

  watch(): void {
    const { child, options } = this;
    if (child.pid !== undefined) trackGroup(child.pid);
    feedSeccompFilter(child.stdio, this.prepared);
    if (options.timeoutMs !== undefined) {
      this.timeout = setTimeout(() => {
        this.timedOut = true;
        this.terminate(options.killGraceMs ?? 2000);
      }, options.timeoutMs);
    }
    if (options.signal?.aborted) this.onAbort();
    else options.signal?.addEventListener('abort', this.onAbort, { once: true });
    // Both are pipes (stdio in spawnCollect), so never null.
    child.stdout!.on('data', (chunk: Buffer) => this.collect(chunk, 'stdout'));
    child.stderr!.on('data', (chunk: Buffer) => this.collect(chunk, 'stderr'));
    child.on('exit', (code, signal) => this.onExit(code, signal));
    child.on('close', () => void this.finish());
    child.on('error', (error) => {
      // Spawning failed (ENOENT, EACCES…): no process exists, so no 'exit' event follows.
      this.spawnError = error;
      if (child.pid === undefined) void this.finish();
    });
  }

  private collect(chunk: Buffer, stream: 'stdout' | 'stderr'): void {
    if (stream === 'stdout') this.stdoutBytes += chunk.length;
    else this.stderrBytes += chunk.length;
    this.buffer.push(chunk);
    this.options.onOutput?.(chunk, stream);
  }

  private killGroup(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  }

  private killAll(): void {
    this.killGroup('SIGKILL');
    const young = performance.now() - this.started < PID_ORDER_TRUSTED_MS;
    killTagged(this.commandId, young && this.child.pid !== undefined ? { sincePid: this.child.pid } : {});
  }

  private terminate(graceMs: number): void {
    if (this.killTimer || this.child.pid === undefined) return;
    this.killGroup('SIGTERM');
    this.killTimer = setTimeout(() => this.killAll(), graceMs);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exit = { code, signal };
    // The main process is gone: whatever it left in its group goes too, and whatever left the
    // group (setsid, a double fork) but still carries the command's id.
    this.killAll();
    this.drainTimer = setTimeout(() => {
      this.child.stdout?.destroy();
      this.child.stderr?.destroy();
      this.infoStream?.destroy();
      void this.finish();
    }, PIPE_DRAIN_MS);
  }

  private async finish(): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    const { child } = this;
    // Sandboxed: report the end only once the whole pid namespace is gone.
    const initPid = this.spawnError ? undefined : await this.namespaceInit;
    if (initPid !== undefined) await waitUntilExited(initPid);
    // Unsandboxed: the killed group's members may still be on their way out.
    else if (child.pid !== undefined && this.exit) await waitUntilGroupGone(child.pid);
    const { spawnError } = this;
    if (child.pid !== undefined) untrackGroup(child.pid);
    clearTimeout(this.timeout);
    clearTimeout(this.killTimer);
    clearTimeout(this.drainTimer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    if (spawnError)
      this.buffer.push(Buffer.from(`${describeSpawnError(this.prepared.program, spawnError)}\n`));
    this.resolve({
      exitCode: this.exit?.code ?? (spawnError ? 127 : null),
      signal: this.exit?.signal ?? null,
      output: this.buffer.text(),
      stdoutBytes: this.stdoutBytes,
      stderrBytes: this.stderrBytes,
      truncatedBytes: this.buffer.omittedBytes,
      durationMs: performance.now() - this.started,
      timedOut: this.timedOut,
      interrupted: this.interrupted,
    });
  }
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
