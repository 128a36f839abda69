import { describe, expect, it } from 'vitest';
import { replyRate } from './reply-rate.js';

describe('replyRate', () => {
  it("takes the server's own measurement when it reports one", () => {
    expect(
      replyRate({ outputTokens: 4, firstDeltaMs: 100, lastDeltaMs: 100.7, serverTokensPerSecond: 15.83 }),
    ).toEqual({ tokensPerSecond: 15.8, source: 'server' });
  });

  it('gives no rate for a short answer that arrived in a burst (was 5,197 tokens/s)', () => {
    expect(
      replyRate({
        outputTokens: 4,
        firstDeltaMs: 100,
        lastDeltaMs: 100.77,
        serverTokensPerSecond: undefined,
      }),
    ).toBeUndefined();
    // Many tokens, but all at once (a tool call the server held back).
    expect(
      replyRate({ outputTokens: 200, firstDeltaMs: 100, lastDeltaMs: 102, serverTokensPerSecond: undefined }),
    ).toBeUndefined();
  });

  it('measures a long, steady stream from the deltas, counting the intervals after the first', () => {
    expect(
      replyRate({ outputTokens: 41, firstDeltaMs: 0, lastDeltaMs: 2000, serverTokensPerSecond: undefined }),
    ).toEqual({ tokensPerSecond: 20, source: 'stream' });
  });

  it('has nothing to say without usage or deltas', () => {
    expect(
      replyRate({
        outputTokens: undefined,
        firstDeltaMs: 0,
        lastDeltaMs: 900,
        serverTokensPerSecond: undefined,
      }),
    ).toBeUndefined();
    expect(
      replyRate({
        outputTokens: 50,
        firstDeltaMs: undefined,
        lastDeltaMs: undefined,
        serverTokensPerSecond: undefined,
      }),
    ).toBeUndefined();
  });
});
