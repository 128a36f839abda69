import { describe, expect, it } from 'vitest';
import { formatTokens, formatTokensExact } from './format-tokens.js';

describe('formatTokens: one format for every token count', () => {
  it.each([
    [950, '950'],
    [4096, '4.0K'],
    [4200, '4.1K'],
    [65536, '64K'],
    [131072, '128K'],
    [325784, '318K'],
    [1048576, '1.0M'],
  ])('%d → %s', (count, text) => {
    expect(formatTokens(count)).toBe(text);
  });

  it('quotes the exact figure with the short form', () => {
    expect(formatTokensExact(325784)).toBe('325,784 tokens (318K)');
    expect(formatTokensExact(800)).toBe('800 tokens');
  });
});
