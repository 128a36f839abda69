import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth.js';

describe('exceedsJsonDepth', () => {
  it('accepts nesting up to the limit and refuses one level more', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(exceedsJsonDepth(`{"a":${'{"b":'.repeat(100)}1${'}'.repeat(100)}}`)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(JSON.stringify({ command: ['echo', '['.repeat(500)] }))).toBe(false);
    expect(exceedsJsonDepth(`["\\"${'['.repeat(500)}"]`)).toBe(false);
  });

  it('counts unclosed nesting and sibling arrays do not add up', () => {
    expect(exceedsJsonDepth('['.repeat(65))).toBe(true);
    expect(exceedsJsonDepth(`[${'[],'.repeat(10_000)}[]]`)).toBe(false);
  });

  it('is linear: a 5 MB text is scanned in well under a second', () => {
    const text = `[${'"x",'.repeat(1_000_000)}"x"]`;
    const started = performance.now();
    expect(exceedsJsonDepth(text)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
