import { describe, expect, it } from 'vitest';
import { parseJsonText } from './parse-json-text.js';

describe('parseJsonText', () => {
  it('parses clean JSON without recording a repair', () => {
    expect(parseJsonText('{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] }, kinds: [] });
  });

  it.each([
    ['{"a": 1,}', { a: 1 }, ['json-repaired']],
    ["{'a': 'b'}", { a: 'b' }, ['json-repaired']],
    ['{"a": "x\ny"}', { a: 'x\ny' }, ['json-repaired']],
    ['```json\n{"a": 1}\n```', { a: 1 }, ['code-fence']],
    ['{"a": 1}<|call|>', { a: 1 }, ['control-token-stripped']],
    ['"{\\"a\\": 1}"', { a: 1 }, ['double-encoded']],
    ['{"a": ["x", "y"]', { a: ['x', 'y'] }, ['json-repaired', 'truncated-json-closed']],
    ['{"a": {"b": "c"}', { a: { b: 'c' } }, ['json-repaired', 'truncated-json-closed']],
  ])('repairs %j', (text, value, kinds) => {
    expect(parseJsonText(text)).toEqual({ ok: true, value, kinds });
  });

  it.each([
    ['{"a": "cut here', 'cut off inside a string'],
    ['{"a": 1, "b":', 'cut off'],
    ['{"a": [1,', 'cut off'],
    ['{"a": 12', 'cut off'],
    ['{"a": [', 'cut off'],
    ['{"a":1}{"b":2}', 'not valid JSON'],
  ])('refuses to guess %j', (text, problem) => {
    const result = parseJsonText(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toContain(problem);
  });

  it('marks text that is not JSON at all', () => {
    expect(parseJsonText('ls -la')).toMatchObject({ ok: false, notJson: true, text: 'ls -la' });
  });
});
