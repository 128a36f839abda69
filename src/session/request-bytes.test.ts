import { describe, expect, it } from 'vitest';
import type { ModelItem, ModelRequest } from '../model/types.js';
import { requestBytes } from './request-bytes.js';

function request(input: ModelItem[]): ModelRequest {
  return {
    model: 'qwen3-coder',
    instructions: 'You are ossa. — ünïcödé 🚀',
    input,
    tools: [{ name: 'shell', description: 'run', parameters: { type: 'object' } }] as ModelRequest['tools'],
    parallelToolCalls: false,
  };
}

describe('request bytes', () => {
  it('equals the byte length of the whole request as JSON, for no, one and many items', () => {
    const items: ModelItem[] = [];
    expect(requestBytes(request(items))).toBe(Buffer.byteLength(JSON.stringify(request(items))));
    for (let i = 0; i < 50; i++) {
      items.push({
        type: 'message',
        role: i % 2 ? 'assistant' : 'user',
        text: `turn ${i} "quoted" \n ✓ ${'x'.repeat(i)}`,
      });
      expect(requestBytes(request(items))).toBe(Buffer.byteLength(JSON.stringify(request(items))));
    }
  });

  it('serialises each history item once, however many steps measure it (cost flat per turn)', () => {
    let serialised = 0;
    const items = Array.from({ length: 100 }, (_, i) => {
      const item = { type: 'message', role: 'user', text: `item ${i}` } as ModelItem & { toJSON(): unknown };
      item.toJSON = () => {
        serialised += 1;
        return { type: 'message', role: 'user', text: `item ${i}` };
      };
      return item;
    });
    for (let step = 1; step <= 10; step++) requestBytes(request(items.slice(0, step * 10)));
    expect(serialised).toBe(100);
  });
});
