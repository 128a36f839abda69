// Runs every corpus case through repairResponse: each recoverable call recovered exactly, each
// expected refusal refused, and no call that is not exactly the expected one (zero wrong calls).
import { describe, expect, it } from 'vitest';
import { resolveModelFamily } from '../families.js';
import { repairResponse } from '../repair-response.js';
import type { RepairedCall, RepairResult } from '../types.js';
import { type CorpusCase, type ExpectedCall, loadCorpus } from './load-corpus.js';

const corpus = loadCorpus();

function run(testCase: CorpusCase): RepairResult {
  return repairResponse(testCase.response, testCase.tools, resolveModelFamily(testCase.model));
}

/** Why `actual` is not `expected`, or undefined when it is. */
function mismatch(actual: RepairedCall | undefined, expected: ExpectedCall | undefined): string | undefined {
  if (!actual || !expected) return `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
  if ('refused' in expected) {
    if (actual.ok) return `expected a refusal, got ${actual.name} ${actual.arguments}`;
    if (actual.name !== expected.name) return `refused name ${actual.name}, expected ${expected.name}`;
    const missing = expected.includes.filter((part) => !actual.refused.includes(part));
    return missing.length ? `refusal lacks ${JSON.stringify(missing)}:\n${actual.refused}` : undefined;
  }
  if (!actual.ok)
    return `expected ${expected.name} ${JSON.stringify(expected.arguments)}, refused:\n${actual.refused}`;
  if (actual.name !== expected.name) return `called ${actual.name}, expected ${expected.name}`;
  const args: unknown = JSON.parse(actual.arguments);
  if (JSON.stringify(args) !== JSON.stringify(expected.arguments))
    return `arguments ${actual.arguments}, expected ${JSON.stringify(expected.arguments)}`;
  if (expected.callId && actual.callId !== expected.callId)
    return `call id ${actual.callId}, expected ${expected.callId}`;
  return undefined;
}

describe('repair corpus', () => {
  it('has at least 60 cases with unique ids', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(new Set(corpus.map((c) => c.id)).size).toBe(corpus.length);
  });

  for (const testCase of corpus) {
    it(`${testCase.file}: ${testCase.id}`, () => {
      const result = run(testCase);
      expect(result.text).toBe(testCase.expected.text);
      if (testCase.expected.reasoning !== undefined) {
        expect(result.reasoning).toBe(testCase.expected.reasoning ?? undefined);
      }
      expect(result.toolCalls.length, JSON.stringify(result.toolCalls, null, 1)).toBe(
        testCase.expected.calls.length,
      );
      testCase.expected.calls.forEach((expected, index) => {
        expect(mismatch(result.toolCalls[index], expected)).toBeUndefined();
      });
      const kinds = new Set([...result.textKinds, ...result.toolCalls.flatMap((call) => call.repairedKinds)]);
      for (const kind of testCase.expected.kinds ?? []) expect([...kinds]).toContain(kind);
      // Every repaired or refused call is recorded with what the model sent.
      for (const call of result.toolCalls) {
        const record = result.repairs.find((r) => r.callId === call.callId);
        if (!call.ok || call.repairedKinds.length > 0) expect(record?.original).toBe(call.original);
        else expect(record).toBeUndefined();
      }
      expect(new Set(result.toolCalls.map((call) => call.callId)).size).toBe(result.toolCalls.length);
    });
  }

  it('recovers every recoverable case and makes zero wrong calls', () => {
    let recoverable = 0;
    let recovered = 0;
    const wrong: string[] = [];
    for (const testCase of corpus) {
      const result = run(testCase);
      const expectsOnlyOk =
        testCase.expected.calls.length > 0 && testCase.expected.calls.every((c) => !('refused' in c));
      if (expectsOnlyOk) recoverable++;
      const okCalls = result.toolCalls.filter((call) => call.ok);
      const allMatch = okCalls.every((call) => {
        const index = result.toolCalls.indexOf(call);
        const fails = mismatch(call, testCase.expected.calls[index]) !== undefined;
        if (fails) wrong.push(`${testCase.id}: ${call.name} ${call.ok ? call.arguments : ''}`);
        return !fails;
      });
      if (expectsOnlyOk && allMatch && okCalls.length === testCase.expected.calls.length) recovered++;
    }
    expect(wrong).toEqual([]);
    expect(recovered).toBe(recoverable);
  });
});
