// Estimates the prompt tokens of the next request before it is sent. ossa has no tokenizer for
// the model, so it counts bytes of the request (instructions, tools, history as JSON) and
// converts them with a ratio learned from the server: after every response whose prompt count is
// trustworthy (not cut by the server), the next estimate is that count plus the bytes added
// since, at the same ratio. Until a server has answered, a conservative 3.2 bytes per token is
// used (code and JSON tokenize denser than prose; protocol/token-estimate.ts).
import { UNCALIBRATED_BYTES_PER_TOKEN } from '../../protocol/token-estimate.js';

const BYTES_PER_TOKEN = 4;
/** Tokens per (bytes / 4) before any calibration: 4 / 3.2 = 1.25. */
const DEFAULT_RATIO = BYTES_PER_TOKEN / UNCALIBRATED_BYTES_PER_TOKEN;
const MIN_RATIO = 0.5;
const MAX_RATIO = 3;
/** Growth below this many tokens is too small to judge against estimation noise. */
const MIN_JUDGED_GROWTH = 256;

export class TokenMeter {
  #ratio = DEFAULT_RATIO;
  #calibrated = false;
  #last: { bytes: number; tokens: number } | undefined;

  /** Tokens per 4 bytes, as learned from the server (1.25 until it answered). */
  get ratio(): number {
    return this.#ratio;
  }

  get calibrated(): boolean {
    return this.#calibrated;
  }

  /** Tokens of a piece of text or JSON of `bytes` bytes, at the learned ratio. */
  tokens(bytes: number): number {
    return Math.ceil((bytes / BYTES_PER_TOKEN) * this.#ratio);
  }

  /** Bytes that take about `tokens` tokens (for byte caps such as the shell's output buffer). */
  bytesFor(tokens: number): number {
    return Math.max(0, Math.floor((tokens * BYTES_PER_TOKEN) / this.#ratio));
  }

  /** The estimate of a request of `bytes` bytes: the last server count plus what was added since. */
  estimate(bytes: number): number {
    const last = this.#last;
    if (last && bytes >= last.bytes) return last.tokens + this.tokens(bytes - last.bytes);
    return this.tokens(bytes);
  }

  /**
   * Whether a server's count for a request of `bytes` bytes grew far less than what was added
   * since its last count: history only grows between compactions, so a count that stalls means
   * the server cut the prompt (Ollama keeps the end) — even when ossa's window figure is wrong.
   */
  grewTooLittle(bytes: number, reported: number): boolean {
    const last = this.#last;
    if (!last || bytes <= last.bytes) return false;
    const added = this.tokens(bytes - last.bytes);
    return added >= MIN_JUDGED_GROWTH && reported - last.tokens < added * 0.75;
  }

  /** A server counted `tokens` prompt tokens for a request of `bytes` bytes (usage, or an overflow answer). */
  observe(bytes: number, tokens: number): void {
    if (bytes <= 0 || tokens <= 0) return;
    this.#ratio = clamp(tokens / (bytes / BYTES_PER_TOKEN), MIN_RATIO, MAX_RATIO);
    this.#calibrated = true;
    this.#last = { bytes, tokens };
  }

  /**
   * The server cut a request of `bytes` bytes to fit `window` tokens: the request had more than
   * `window` tokens, so the ratio is at least that (plus a margin), and the cut count is no base.
   */
  observeTruncation(bytes: number, window: number): void {
    if (bytes <= 0) return;
    const floor = (window / (bytes / BYTES_PER_TOKEN)) * 1.05;
    this.#ratio = clamp(Math.max(this.#ratio, floor), MIN_RATIO, MAX_RATIO);
    this.#calibrated = true;
    this.#last = undefined;
  }

  /** History was replaced (compaction): the last count no longer describes a prefix of it. */
  forgetLast(): void {
    this.#last = undefined;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
