// Host work a slash command waits for that the user may stop (a `/review` runs for minutes on a
// local model): Esc or Ctrl-C aborts it through the signal the work was started with.

export class BusyWork {
  #controller: AbortController | undefined;

  /** A signal for new work (aborting any still running). */
  start(): AbortSignal {
    this.#controller?.abort();
    this.#controller = new AbortController();
    return this.#controller.signal;
  }

  /** Stops the running work; false when there is none. */
  cancel(): boolean {
    if (!this.#controller || this.#controller.signal.aborted) return false;
    this.#controller.abort();
    return true;
  }

  /** The work with this signal is over. */
  end(signal: AbortSignal): void {
    if (this.#controller?.signal === signal) this.#controller = undefined;
  }
}
