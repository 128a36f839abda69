import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from './run-scenario.js';
import { score, wilson } from './score.js';

function result(
  id: string,
  capability: ScenarioResult['capability'],
  passed: boolean,
  extra: Partial<ScenarioResult> = {},
): ScenarioResult {
  return {
    id,
    capability,
    attempt: 1,
    passed,
    failures: passed ? [] : [`${id} went wrong`],
    seconds: 2,
    requests: 2,
    toolCalls: 1,
    repairs: {},
    truncated: false,
    compactions: [],
    expectedCompaction: false,
    promptTokens: 1000,
    cachedTokens: 800,
    outputTokens: 20,
    ...extra,
  };
}

describe('eval scoring', () => {
  it('Wilson interval: known values, and a zero-attempt case that does not divide by zero', () => {
    expect(wilson(8, 10)).toEqual({ low: 0.49, high: 0.943 });
    expect(wilson(0, 0)).toEqual({ low: 0, high: 0 });
    expect(wilson(5, 5).high).toBe(1);
  });

  it('all passing, no repairs: qualified, with cache reuse from the usage', () => {
    const card = score([result('a', 'tool-choice', true), result('b', 'arguments', true)]);
    expect(card.verdict).toBe('qualified');
    expect(card.speed.cacheReuse).toBe(0.8);
    expect(card.reasons).toEqual([]);
  });

  it('a capability that never passes rules the model out even when the rest is fine', () => {
    const results = [
      ...['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((id) => result(id, 'tool-choice', true)),
      result('edit', 'arguments', false),
    ];
    const card = score(results);
    expect(card.overall.rate).toBe(0.9);
    expect(card.verdict).toBe('not qualified');
    expect(card.reasons[0]).toBe('arguments: 0/1 passed — edit: edit went wrong');
  });

  it('pass^k counts scenarios whose every repeat passed', () => {
    const card = score([
      result('a', 'tool-choice', true),
      { ...result('a', 'tool-choice', false), attempt: 2 },
      result('b', 'tool-choice', true),
      { ...result('b', 'tool-choice', true), attempt: 2 },
    ]);
    expect(card.passAllRepeats).toEqual({ scenarios: 1, of: 2 });
    expect(card.verdict).toBe('usable with caveats');
  });
});
