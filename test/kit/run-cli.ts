// Runs the real built CLI (`bin/ossa.js` → `dist/`) as a child process and collects its output.
// Every e2e test goes through here. The CLI runs on the Node that runs the tests, or on the one
// OSSA_TEST_NODE names: `OSSA_TEST_NODE=/path/to/node22 npx vitest run test/e2e` proves the oldest
// Node the README claims.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const OSSA_BIN = fileURLToPath(new URL('../../bin/ossa.js', import.meta.url));

/** The Node that runs the CLI under test. */
export const CLI_NODE = process.env.OSSA_TEST_NODE || process.execPath;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Text written to stdin; when absent stdin is closed immediately. */
  input?: string;
  /** Leave stdin open (after writing `input`): a process that reads it waits. */
  keepStdinOpen?: boolean;
  timeoutMs?: number;
  /** Run as this (non-root) user, through `setpriv`; the environment is kept as given. */
  runAs?: { uid: number; gid: number };
}

function childEnv(extra: RunCliOptions['env']): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...extra })) {
    if (value !== undefined) env[key] = value;
  }
  return env;
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when stderr or stdout contains `text` (rejects after `timeoutMs`). */
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<CliResult>;
}

/** Starts the CLI and returns a handle, for tests that interact with the running process. */
export function spawnOssa(args: string[], options: RunCliOptions = {}): RunningCli {
  const command = options.runAs
    ? [
        'setpriv',
        ...['--reuid', String(options.runAs.uid), '--regid', String(options.runAs.gid), '--clear-groups'],
        CLI_NODE,
      ]
    : [CLI_NODE];
  const child = spawn(command[0]!, [...command.slice(1), OSSA_BIN, ...args], {
    cwd: options.cwd,
    env: childEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of waiters) waiter();
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    notify();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      notify();
      resolve({ code, signal, stdout, stderr });
    });
  });
  if (options.keepStdinOpen) child.stdin.write(options.input ?? '');
  else child.stdin.end(options.input ?? '');
  const waitForOutput = (text: string | RegExp, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const matches = () =>
        typeof text === 'string' ? (stdout + stderr).includes(text) : text.test(stdout + stderr);
      const check = () => {
        if (matches()) {
          waiters.delete(check);
          clearTimeout(limit);
          resolve();
        } else if (child.exitCode !== null || child.signalCode !== null) {
          waiters.delete(check);
          clearTimeout(limit);
          reject(new Error(`process ended before printing ${String(text)}:\n${stdout}\n${stderr}`));
        }
      };
      const limit = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${String(text)}:\n${stdout}\n${stderr}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return { child, stdout: () => stdout, stderr: () => stderr, waitForOutput, done };
}

export function runOssa(args: string[], options: RunCliOptions = {}): Promise<CliResult> {
  return spawnOssa(args, options).done;
}
