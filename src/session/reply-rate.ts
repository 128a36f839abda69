// How fast a reply was written (output tokens per second), for the usage event. The server's own
// measurement wins (llama.cpp `timings`, Ollama's eval counts). Without it, the arrival times of
// the deltas give a rate only for a reply long and slow enough to measure: a 4-token answer, or a
// tool call the server held back and sent in one burst, arrives within a millisecond and would
// read as thousands of tokens per second. Pure.

export type RateSource = 'server' | 'stream';

export interface ReplyRate {
  tokensPerSecond: number;
  source: RateSource;
}

/** Fewer output tokens than this, or deltas spread over less time, give no stream rate. */
export const MIN_MEASURED_TOKENS = 16;
export const MIN_MEASURED_MS = 500;

export function replyRate(input: {
  outputTokens: number | undefined;
  /** Arrival of the first and the last delta (ms, any clock); undefined when none arrived. */
  firstDeltaMs: number | undefined;
  lastDeltaMs: number | undefined;
  serverTokensPerSecond: number | undefined;
}): ReplyRate | undefined {
  if (input.serverTokensPerSecond !== undefined && Number.isFinite(input.serverTokensPerSecond)) {
    return { tokensPerSecond: round(input.serverTokensPerSecond), source: 'server' };
  }
  const { outputTokens, firstDeltaMs, lastDeltaMs } = input;
  if (outputTokens === undefined || firstDeltaMs === undefined || lastDeltaMs === undefined) return undefined;
  const spreadMs = lastDeltaMs - firstDeltaMs;
  if (outputTokens < MIN_MEASURED_TOKENS || spreadMs < MIN_MEASURED_MS) return undefined;
  // The first delta starts the clock: the tokens after it took the time measured.
  return { tokensPerSecond: round((outputTokens - 1) / (spreadMs / 1000)), source: 'stream' };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
