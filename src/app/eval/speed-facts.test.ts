import { describe, expect, it } from 'vitest';
import type { ProbeExchange } from './probe-exchange.js';
import { expectedTokens, fillerText, largeTokens, tokensPerChar } from './speed-facts.js';

const counted = (inputTokens?: number): ProbeExchange => ({
  ok: true,
  text: '',
  reasoning: [],
  calls: [],
  totalMs: 1,
  ...(inputTokens !== undefined ? { usage: { inputTokens, outputTokens: 1 } } : {}),
});

describe('speed facts: calibration and sizes', () => {
  it("tokens per character from two counted prompts predict the server's count of a third", () => {
    const long = { chars: 4100, exchange: counted(1060) };
    const short = { chars: 100, exchange: counted(60) };
    expect(tokensPerChar(long, short)).toBe(0.25);
    expect(expectedTokens(long, short, 40_100)).toBe(10_060);
  });

  it('no calibration without two increasing counts (missing usage, a server that reports a constant)', () => {
    expect(
      tokensPerChar({ chars: 4100, exchange: counted() }, { chars: 100, exchange: counted(60) }),
    ).toBeUndefined();
    expect(
      tokensPerChar({ chars: 4100, exchange: counted(40) }, { chars: 100, exchange: counted(40) }),
    ).toBeUndefined();
    expect(
      expectedTokens({ chars: 100, exchange: counted(60) }, { chars: 4100, exchange: counted(1060) }, 9),
    ).toBeUndefined();
  });

  it('the large prompt: min(8K, 1/4 window) quick, 3/4 window (at most 96K) otherwise; the filler is as long as asked', () => {
    expect(largeTokens(65536, true)).toBe(8192);
    expect(largeTokens(16384, true)).toBe(4096);
    expect(largeTokens(65536, false)).toBe(49152);
    expect(largeTokens(262144, false)).toBe(98304);
    const text = fillerText(1000);
    expect(text.length).toBeGreaterThanOrEqual(3200);
    expect(text.length).toBeLessThan(3400);
    expect(new Set(text.split('\n')).size).toBe(text.split('\n').length);
  });
});
