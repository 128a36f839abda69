// What provisioning (pulling, creating, loading models) needs from whoever drives it: where its
// notices go, a yes/no question, and a sink for download progress. The command line hands in a
// terminal question and a progress bar; tests hand in their own. servers/ never draws anything.
import type { OllamaProgress } from '../ollama.js';

/** Where provisioning's notices go (stderr, or a collector while a UI owns the screen). */
export interface NoticeSink {
  write(text: string): unknown;
}

/** Asks a yes/no question; resolves to the answer (Enter alone: `defaultYes`). */
export type Confirm = (question: string, defaultYes: boolean) => Promise<boolean>;

export interface PullProgressSink {
  update(progress: OllamaProgress): void;
  /** Ends the display (called on success, failure and cancel alike). */
  finish(): void;
}

/** Makes a progress sink for one download. */
export type PullProgressFactory = () => PullProgressSink;

/** A sink that shows nothing (no terminal, or a caller that does not care). */
export const silentProgress: PullProgressFactory = () => ({ update() {}, finish() {} });
