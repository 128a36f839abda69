import { describe, expect, it } from 'vitest';
import { BUILT_IN_SCENARIOS } from './builtin-scenarios.js';
import { type Scenario, scenarioSchema } from './scenario.js';
import { planSuite, scenarioMinutes } from './suite-plan.js';

const all = BUILT_IN_SCENARIOS.map((data) => scenarioSchema.parse(data));
const quick = all.filter((s) => s.quick);
const fast = { decodeTokensPerSecond: 80, prefillTokensPerSecond: 2000, ttftSmallMs: 200, window: 65536 };
const slow = { decodeTokensPerSecond: 4, prefillTokensPerSecond: 60, ttftSmallMs: 3000, window: 65536 };

describe('suite plan (scaling by measured speed)', () => {
  it('a fast server runs everything it was asked for, repeats included', () => {
    const plan = planSuite({ scenarios: all, repeat: 2, quick: false, speed: fast, scale: true });
    expect(plan.dropped).toEqual([]);
    expect(plan.repeat).toBe(2);
    expect(plan.estimatedMinutes).toBeLessThanOrEqual(15);
    expect(plan.basis).toContain('80 tokens/s decode measured');
  });

  it('a slow server: repeats go first, then the costliest scenarios (the long task first), one per capability kept', () => {
    const plan = planSuite({ scenarios: all, repeat: 3, quick: false, speed: slow, scale: true });
    expect(plan.repeat).toBe(1);
    expect(plan.dropped[0]?.id).toBe('long-task-compaction');
    const droppedIds = plan.dropped.map((d) => d.id);
    // Once a quick scenario is dropped, every later one dropped is quick too.
    const quickIds = new Set(quick.map((s) => s.id));
    const flags = droppedIds.map((id) => quickIds.has(id));
    expect(flags).toEqual([...flags].sort((a, b) => Number(a) - Number(b)));
    const kept = new Set(plan.scenarios.map((s) => s.capability));
    expect(kept).toEqual(new Set(all.map((s) => s.capability)));
    // Within budget, unless only the last scenario of each capability is left.
    const capabilities = new Set(all.map((s) => s.capability)).size;
    expect(plan.estimatedMinutes <= 15 || plan.scenarios.length === capabilities).toBe(true);
  });

  it('--quick has a 3-minute budget; --no-scale keeps everything and says so', () => {
    const plan = planSuite({ scenarios: quick, repeat: 1, quick: true, speed: slow, scale: true });
    expect(plan.budgetMinutes).toBe(3);
    expect(plan.dropped.length).toBeGreaterThan(0);
    const unscaled = planSuite({ scenarios: all, repeat: 3, quick: false, speed: slow, scale: false });
    expect(unscaled).toMatchObject({ repeat: 3, dropped: [], scaled: false });
    expect(unscaled.estimatedMinutes).toBeGreaterThan(15);
  });

  it('the quick suite fits 3 minutes at a mid-range GPU speed, the whole suite 15', () => {
    const midRange = {
      decodeTokensPerSecond: 40,
      prefillTokensPerSecond: 1000,
      ttftSmallMs: 300,
      window: 65536,
    };
    expect(
      planSuite({ scenarios: quick, repeat: 1, quick: true, speed: midRange, scale: true }).dropped,
    ).toEqual([]);
    expect(
      planSuite({ scenarios: all, repeat: 1, quick: false, speed: midRange, scale: true }).dropped,
    ).toEqual([]);
  });

  it('unmeasured speeds are assumed and the basis says so; the long task costs more at a bigger window', () => {
    const plan = planSuite({
      scenarios: quick,
      repeat: 1,
      quick: true,
      speed: { window: 65536 },
      scale: true,
    });
    expect(plan.basis).toContain('decode not measured');
    const long = all.find((s) => s.id === 'long-task-compaction') as Scenario;
    expect(scenarioMinutes(long, { ...fast, window: 131072 })).toBeGreaterThan(scenarioMinutes(long, fast));
  });

  it('the setup probes take their time out of the budget', () => {
    const midRange = {
      decodeTokensPerSecond: 40,
      prefillTokensPerSecond: 1000,
      ttftSmallMs: 300,
      window: 65536,
    };
    const without = planSuite({ scenarios: all, repeat: 1, quick: false, speed: midRange, scale: true });
    const slowSetup = planSuite({
      scenarios: all,
      repeat: 1,
      quick: false,
      speed: midRange,
      scale: true,
      setupMinutes: 6,
    });
    expect(without.dropped).toEqual([]);
    expect(slowSetup.setupMinutes).toBe(6);
    expect(slowSetup.dropped.length).toBeGreaterThan(0);
    expect(slowSetup.estimatedMinutes).toBeLessThanOrEqual(9);
  });
});
