// Work that must not be cut in half by a signal (committing a patch: a few renames). While a
// critical section runs, SIGHUP, SIGTERM and SIGINT are held: other listeners still hear them (an
// exec run starts its interrupt), but a signal whose default action would end the process is
// re-raised only once every section has finished, and `exitWhenSafe` (a second Ctrl-C) waits too.
// SIGKILL cannot be held: apply.ts's journal covers that case.

const HELD = ['SIGHUP', 'SIGTERM', 'SIGINT'] as const;
type HeldSignal = (typeof HELD)[number];

let active = 0;
let pending: HeldSignal | undefined;
let pendingExit: number | undefined;

const listeners = Object.fromEntries(
  HELD.map((signal) => [
    signal,
    () => {
      pending ??= signal;
    },
  ]),
) as Record<HeldSignal, () => void>;

/** Runs `work` with the held signals deferred until it (and every other section) settles. */
export async function criticalSection<T>(work: () => Promise<T>): Promise<T> {
  if (active++ === 0) for (const signal of HELD) process.on(signal, listeners[signal]);
  try {
    return await work();
  } finally {
    if (--active === 0) release();
  }
}

/** `process.exit(code)` now, or as soon as the running critical sections are done. */
export function exitWhenSafe(code: number): void {
  if (active === 0) process.exit(code);
  pendingExit = code;
}

function release(): void {
  for (const signal of HELD) process.off(signal, listeners[signal]);
  if (pendingExit !== undefined) process.exit(pendingExit);
  const signal = pending;
  pending = undefined;
  // Nobody else handles it: its default action (ending the process) was only postponed.
  if (signal && process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}
