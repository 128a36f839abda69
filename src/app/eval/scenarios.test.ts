import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_SCENARIOS } from './builtin-scenarios.js';
import { variantsOf } from './run-eval.js';
import { CAPABILITIES, scenarioSchema } from './scenario.js';
import { containsJson } from './verify.js';
import { partCode, windowParts } from './window-parts.js';

const DIR = join(import.meta.dirname, 'scenarios');

describe('built-in scenarios', () => {
  const parsed = BUILT_IN_SCENARIOS.map((data) => scenarioSchema.parse(data));

  it('every file in scenarios/ is listed once, and each parses', () => {
    const files = readdirSync(DIR).filter((name) => name.endsWith('.json'));
    expect(parsed.map((s) => `${s.id}.json`).sort()).toEqual(files.sort());
    expect(new Set(parsed.map((s) => s.id)).size).toBe(parsed.length);
  });

  it('18 micro scenarios and 6 agentic tasks; the quick suite covers every capability', () => {
    expect(parsed.filter((s) => s.capability !== 'agentic')).toHaveLength(18);
    expect(parsed.filter((s) => s.capability === 'agentic')).toHaveLength(6);
    expect(new Set(parsed.filter((s) => s.quick).map((s) => s.capability))).toEqual(new Set(CAPABILITIES));
  });

  it('no verify script is part of the workspace the model can edit', () => {
    for (const scenario of parsed) {
      const scripts = Object.keys(scenario.files).filter((path) => /check|verify/i.test(path));
      expect(scripts, scenario.id).toEqual([]);
    }
  });
});

describe('window parts (the long task)', () => {
  it('fill at least the asked fraction of the window, each part below the tool-output cap, codes distinct', () => {
    for (const window of [65536, 131072, 262144]) {
      const { files, codes } = windowParts(window, 1, 0.06);
      const bytes = Object.values(files).reduce((sum, text) => sum + text.length, 0);
      expect(bytes / 3.2).toBeGreaterThanOrEqual(window);
      for (const text of Object.values(files))
        expect(text.length / 3.2).toBeLessThan(Math.min(4096, window * 0.1));
      expect(new Set(codes).size).toBe(codes.length);
      expect(files['parts/part-001.txt']).toContain(`CODE 1: ${partCode(1)}`);
    }
  });
});

describe('containsJson (tool-called-with)', () => {
  it('objects by key with extras allowed, arrays element by element and of equal length', () => {
    expect(containsJson({ a: 1, b: [1, { c: 2, d: 3 }] }, { b: [1, { c: 2 }] })).toBe(true);
    expect(containsJson({ b: [1, { c: 2 }, 3] }, { b: [1, { c: 2 }] })).toBe(false);
    expect(containsJson({ b: '1' }, { b: 1 })).toBe(false);
    expect(containsJson([{ a: 1 }], { 0: { a: 1 } })).toBe(false);
    expect(containsJson(null, {})).toBe(false);
  });
});

describe('--sweep variants', () => {
  const flags = { config: [] } as never;
  it('two keys give their cartesian product, each as -c overrides, labelled in flag order', () => {
    const variants = variantsOf({
      profiles: [],
      flags,
      sweeps: [
        { key: 'a', values: ['1', '2'] },
        { key: 'b', values: ['x', 'y', 'z'] },
      ],
    });
    expect(variants.map((v) => v.label)).toEqual([
      '(config) a=1 b=x',
      '(config) a=1 b=y',
      '(config) a=1 b=z',
      '(config) a=2 b=x',
      '(config) a=2 b=y',
      '(config) a=2 b=z',
    ]);
    expect(variants[4]?.flags.config).toEqual(['a=2', 'b=y']);
  });

  it('profiles multiply with the combinations; no sweep is one variant per profile', () => {
    expect(
      variantsOf({ profiles: ['p', 'q'], flags, sweeps: [{ key: 'a', values: ['1', '2'] }] }),
    ).toHaveLength(4);
    expect(variantsOf({ profiles: ['p', 'q'], flags }).map((v) => v.label)).toEqual(['p', 'q']);
  });
});
