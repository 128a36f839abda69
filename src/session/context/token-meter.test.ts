import { describe, expect, it } from 'vitest';
import { TokenMeter } from './token-meter.js';

describe('TokenMeter', () => {
  it('is conservative before the server answered (3.2 bytes per token)', () => {
    expect(new TokenMeter().tokens(3200)).toBe(1000);
  });

  it('estimates the next request as the last server count plus what was added, at the learned ratio', () => {
    const meter = new TokenMeter();
    meter.observe(30_000, 10_000); // a dense tokenizer: 3 bytes per token
    expect(meter.estimate(30_000)).toBe(10_000);
    expect(meter.estimate(33_000)).toBe(11_000);
    // Not an extension (history was replaced): from the ratio alone.
    meter.forgetLast();
    expect(meter.estimate(3_000)).toBe(1_000);
  });

  it('learns from a cut prompt that the request had more tokens than the window', () => {
    const meter = new TokenMeter();
    meter.observe(40_000, 10_000); // ratio 1.0
    meter.observeTruncation(40_000, 16_384);
    expect(meter.estimate(40_000)).toBeGreaterThan(16_384);
  });

  it('ignores absurd counts instead of learning a ratio from them', () => {
    const meter = new TokenMeter();
    meter.observe(40_000, 1);
    expect(meter.ratio).toBe(0.5);
    meter.observe(0, 100);
    expect(meter.ratio).toBe(0.5);
  });

  it('converts a token budget to bytes and back', () => {
    const meter = new TokenMeter();
    meter.observe(4_000, 1_000);
    expect(meter.bytesFor(1_000)).toBe(4_000);
  });
});

describe('TokenMeter.grewTooLittle', () => {
  it('notices a count that stalls while the request grew (a cut prompt), whatever the window', () => {
    const meter = new TokenMeter();
    meter.observe(30_000, 10_000);
    expect(meter.grewTooLittle(33_000, 11_000)).toBe(false);
    expect(meter.grewTooLittle(33_000, 10_100)).toBe(true);
    // Too little growth to judge, or not an extension of the last request.
    expect(meter.grewTooLittle(30_300, 10_000)).toBe(false);
    expect(meter.grewTooLittle(20_000, 1_000)).toBe(false);
  });
});
