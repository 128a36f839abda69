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

  it('silent truncation found by the setup probe alone makes the run not qualified, first reason', () => {
    const card = score([result('a', 'tool-choice', true)], {
      setupTruncation: 'The server read only 40 prompt tokens',
    });
    expect(card.truncated).toBe(true);
    expect(card.verdict).toBe('not qualified');
    expect(card.reasons[0]).toContain('cut prompts silently');
  });

  it('a failed wire probe on the configured wire keeps a perfect run from qualifying, and names the better wire', () => {
    const wire = (name: 'chat' | 'responses', failing?: 'call-id-pairing' | 'parallel-calls') => ({
      wire: name,
      passed: failing ? 4 : 5,
      applicable: 5,
      probes: [
        {
          probe: 'call-id-pairing' as const,
          outcome: failing === 'call-id-pairing' ? ('fail' as const) : ('pass' as const),
          detail: 'outputs not read',
        },
        {
          probe: 'parallel-calls' as const,
          outcome: failing === 'parallel-calls' ? ('fail' as const) : ('pass' as const),
          detail: '1 call(s)',
        },
      ],
    });
    const card = score([result('a', 'tool-choice', true)], {
      conformance: {
        configured: 'responses',
        recommended: 'chat',
        wires: [wire('responses', 'call-id-pairing'), wire('chat')],
      },
    });
    expect(card.verdict).toBe('usable with caveats');
    expect(card.reasons).toEqual([
      'wire conformance on responses: 4/5 probes passed — call-id-pairing: outputs not read',
      expect.stringContaining('the chat wire worked better on this server than responses'),
    ]);
    // One call at a time is reported, but ossa works with it: still qualified.
    const serial = score([result('a', 'tool-choice', true)], {
      conformance: { configured: 'chat', recommended: 'chat', wires: [wire('chat', 'parallel-calls')] },
    });
    expect(serial.verdict).toBe('qualified');
    expect(serial.reasons).toEqual([
      'wire conformance on chat: 4/5 probes passed — parallel-calls: 1 call(s)',
    ]);
  });

  it('the long task: compactions by stage, passes after compacting, and a run that never compacted is named', () => {
    const long = (compactions: ScenarioResult['compactions'], passed = true) =>
      result('long-task-compaction', 'agentic', passed, { expectedCompaction: true, compactions });
    const card = score([
      long([
        { stage: 'prune', reason: 'threshold' },
        { stage: 'summary', reason: 'threshold' },
      ]),
      { ...long([]), attempt: 2 },
    ]);
    expect(card.compaction).toEqual({
      attempts: 2,
      compacted: 1,
      passedAfterCompaction: 1,
      passed: 2,
      stages: { prune: 1, summary: 1 },
    });
    expect(card.reasons.join('\n')).toContain('the long task did not compact in 1 of 2 attempt(s)');
    expect(score([result('a', 'agentic', true)]).compaction).toBeUndefined();
  });
});
