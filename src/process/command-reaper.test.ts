// killTagged finds processes by the id in their environment — also ones that left the group —
// and, for a young command, reads only pids from the command's own up (the pid counter moves
// forward), falling back to every process when the counter has wrapped.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMAND_ID_VARIABLE, killTagged, newCommandId } from './command-reaper.js';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

/** A `sleep` in a session of its own (as setsid would leave it) carrying `id`. */
function tagged(id: string): ChildProcess {
  const child = spawn('sleep', ['30'], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, [COMMAND_ID_VARIABLE]: id },
  });
  started.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
}

describe.runIf(process.platform === 'linux')('killTagged', () => {
  it('kills what carries the id and nothing else', async () => {
    const id = newCommandId();
    const mine = tagged(id);
    const other = tagged(newCommandId());
    const gone = exited(mine);
    expect(killTagged(id)).toBeGreaterThanOrEqual(1);
    expect(await gone).toBe('SIGKILL');
    expect(other.exitCode).toBe(null);
    expect(other.signalCode).toBe(null);
  });

  it('from the command’s pid up: finds its descendants, skips older processes', async () => {
    const id = newCommandId();
    const older = tagged(id);
    const first = tagged(id);
    const gone = exited(first);
    // `older` was started before the command's first process: it cannot be the command's.
    expect(killTagged(id, { sincePid: first.pid! })).toBeGreaterThanOrEqual(1);
    expect(await gone).toBe('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(older.signalCode).toBe(null);
  });

  it('reads every process when the pid counter has wrapped past the command’s pid', async () => {
    const id = newCommandId();
    const child = tagged(id);
    const gone = exited(child);
    const lastPid = Number(readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8'));
    // A first pid above the last one handed out means the counter went round since.
    expect(killTagged(id, { sincePid: lastPid + 1_000 })).toBeGreaterThanOrEqual(1);
    expect(await gone).toBe('SIGKILL');
  });
});
