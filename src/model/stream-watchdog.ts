// Three timeouts per attempt: from sending the request to the first body byte (local models may
// take minutes to read a long prompt), then between body chunks (a stalled stream). One timer,
// refreshed on every chunk, so a 20k-chunk stream costs no allocation per chunk. A third timer,
// never refreshed, is the attempt's deadline: a server trickling data for ever is stopped too.
import type { TimeoutPhase } from './errors.js';

// setTimeout clamps larger delays to 1 ms; treat them (and 0 / negative) as "no timeout".
const MAX_TIMER_MS = 2_147_483_647;

export class StreamWatchdog {
  #timer: NodeJS.Timeout | undefined;
  #deadline: NodeJS.Timeout | undefined;
  #phase: TimeoutPhase = 'first-byte';
  #fired = false;
  #stopped = false;
  #suspended = false;
  readonly #firstByteMs: number;
  readonly #idleMs: number;
  readonly #deadlineMs: number;
  readonly #onTimeout: (phase: TimeoutPhase, timeoutMs: number) => void;

  constructor(
    firstByteMs: number,
    idleMs: number,
    onTimeout: (phase: TimeoutPhase, timeoutMs: number) => void,
    deadlineMs = 0,
  ) {
    this.#deadlineMs = deadlineMs;
    this.#firstByteMs = firstByteMs;
    this.#idleMs = idleMs;
    this.#onTimeout = onTimeout;
  }

  /** Call right before sending the request. */
  start(): void {
    this.#arm('first-byte', this.#firstByteMs);
    if (this.#deadlineMs > 0 && this.#deadlineMs <= MAX_TIMER_MS) {
      // Wall-clock time, whether or not the consumer is reading.
      this.#deadline = setTimeout(() => {
        if (this.#fired || this.#stopped) return;
        this.#fired = true;
        this.#onTimeout('deadline', this.#deadlineMs);
      }, this.#deadlineMs);
      this.#deadline.unref();
    }
  }

  /** Call for every body chunk received. */
  sawBytes(): void {
    if (this.#phase === 'first-byte') {
      this.#arm('idle', this.#idleMs);
    } else {
      this.#timer?.refresh();
    }
  }

  /**
   * Stops timing while the consumer handles events: the server is not silent just because
   * nobody is reading. `resume()` starts the current phase's full timeout again. The timer is
   * kept (a timeout that runs out meanwhile is ignored) and restarted with `refresh()`, since
   * with one token per network read this happens for nearly every chunk.
   */
  suspend(): void {
    this.#suspended = true;
  }

  resume(): void {
    this.#suspended = false;
    if (this.#fired || this.#stopped) return;
    this.#timer?.refresh();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#deadline);
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(phase: TimeoutPhase, timeoutMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#phase = phase;
    if (!(timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)) return;
    this.#timer = setTimeout(() => {
      if (this.#suspended || this.#fired) return;
      this.#fired = true;
      this.#onTimeout(phase, timeoutMs);
    }, timeoutMs);
    this.#timer.unref();
  }
}
