// Ctrl-C always works, within a second, whatever ossa is doing. The first SIGINT, SIGTERM or
// SIGHUP asks the work to stop (`onInterrupt`: abort the turn, the pull, the probe); work that
// honours the abort ends cleanly on its own, usually within milliseconds. Whatever does not — a
// read that takes no signal, a library call that ignores it — is cut short: after `graceMs` the
// process exits with 130 anyway, as does a second signal. Both wait for a patch commit to finish
// (critical-section.ts); the exit hook of command-reaper.ts kills what commands left running.
import { exitWhenSafe } from './critical-section.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Time for a clean stop before the process exits regardless; leaves margin within a second. */
export const INTERRUPT_GRACE_MS = 700;

export interface InterruptOptions {
  onInterrupt: (signal: NodeJS.Signals) => void;
  graceMs?: number;
  /** Called right before a forced exit (e.g. to say why the output ends here). */
  onForcedExit?: () => void;
}

/**
 * Installs the handlers; the returned function removes them. A stop that was already asked for
 * keeps its deadline after removal (the timer is unref'd: it fires only if something still holds
 * the process open, such as a pending read of stdin).
 */
export function handleInterrupts(options: InterruptOptions): () => void {
  let interrupts = 0;
  const forceExit = () => {
    options.onForcedExit?.();
    exitWhenSafe(130);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts += 1;
    if (interrupts > 1) {
      forceExit();
      return;
    }
    options.onInterrupt(signal);
    setTimeout(forceExit, options.graceMs ?? INTERRUPT_GRACE_MS).unref();
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
}
