import { describe, expect, it } from 'vitest';
import type { ModelItem } from '../../model/types.js';
import { prefixWithin, recentCut, validCuts } from './history-cut.js';

const user = (text: string): ModelItem => ({ type: 'message', role: 'user', text });
const call = (id: string): ModelItem => ({
  type: 'function_call',
  callId: id,
  name: 'shell',
  arguments: '{}',
});
const output = (id: string, size = 10): ModelItem => ({
  type: 'function_call_output',
  callId: id,
  output: 'x'.repeat(size),
});
const tokens = (bytes: number) => Math.ceil(bytes / 4);

describe('history cuts', () => {
  it('never separates a call from its output, also with parallel calls', () => {
    const items = [user('go'), call('a'), call('b'), output('a'), output('b'), call('c'), output('c')];
    expect(validCuts(items)).toEqual([1, 5, 7]);
  });

  it('keeps the recent part within the budget, and at least the last group', () => {
    const items = [
      user('go'),
      call('a'),
      output('a', 4000),
      call('b'),
      output('b', 4000),
      call('c'),
      output('c', 40),
    ];
    expect(recentCut(items, 100, tokens)).toBe(5);
    expect(recentCut(items, 1500, tokens)).toBe(3);
    // Nothing fits: still keep the last group, so the model sees its latest result.
    expect(recentCut([user('go'), call('a'), output('a', 99_999)], 10, tokens)).toBe(1);
    // A single message: nothing older to summarise.
    expect(recentCut([user('go')], 10, tokens)).toBeUndefined();
  });

  it('takes the longest prefix that fits for chunked summaries', () => {
    const items = [user('go'), call('a'), output('a', 4000), call('b'), output('b', 4000)];
    expect(prefixWithin(items, 1200, tokens)).toBe(3);
    expect(prefixWithin(items, 5, tokens)).toBe(1);
  });
});
