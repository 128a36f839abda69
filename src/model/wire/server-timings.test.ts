import { describe, expect, it } from 'vitest';
import { serverTokensPerSecond } from './server-timings.js';

describe('serverTokensPerSecond', () => {
  it("reads llama.cpp's timings.predicted_per_second", () => {
    expect(serverTokensPerSecond({ timings: { predicted_n: 4, predicted_per_second: 15.8 } })).toBe(15.8);
  });

  it("computes Ollama's eval_count / eval_duration (nanoseconds)", () => {
    expect(serverTokensPerSecond({ eval_count: 40, eval_duration: 2_000_000_000 })).toBe(20);
  });

  it('ignores what is missing, zero, negative or not a number', () => {
    for (const value of [
      undefined,
      null,
      'text',
      {},
      { timings: { predicted_per_second: 0 } },
      { timings: { predicted_per_second: 'fast' } },
      { timings: { predicted_per_second: Number.POSITIVE_INFINITY } },
      { eval_count: 10, eval_duration: 0 },
      { eval_count: -1, eval_duration: 5 },
    ]) {
      expect(serverTokensPerSecond(value)).toBeUndefined();
    }
  });
});
