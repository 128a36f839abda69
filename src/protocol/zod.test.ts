// zod/mini says "Invalid input" for every issue unless a locale is installed; users and models read
// these messages (config errors, tool-argument errors, server replies that do not fit). Each one
// is pinned to what classic zod 4 said, for every issue code src/ can produce.
import { describe, expect, it } from 'vitest';
import * as z from './zod.js';

const cases: [string, z.ZodMiniType, unknown, string][] = [
  ['wrong type', z.string(), 3, 'Invalid input: expected string, received number'],
  ['not an integer', z.number().check(z.int()), 1.5, 'Invalid input: expected int, received number'],
  [
    'string too short',
    z.string().check(z.minLength(2)),
    'a',
    'Too small: expected string to have >=2 characters',
  ],
  [
    'array too long',
    z.array(z.string()).check(z.maxLength(1)),
    ['a', 'b'],
    'Too big: expected array to have <=1 items',
  ],
  ['not positive', z.number().check(z.positive()), 0, 'Too small: expected number to be >0'],
  ['too big', z.number().check(z.maximum(10)), 11, 'Too big: expected number to be <=10'],
  ['not an option', z.enum(['a', 'b']), 'c', 'Invalid option: expected one of "a"|"b"'],
  ['not the literal', z.literal('x'), 'y', 'Invalid input: expected "x"'],
  ['unknown key', z.strictObject({ a: z.string() }), { a: 'x', b: 1 }, 'Unrecognized key: "b"'],
  ['pattern', z.string().check(z.regex(/^a/)), 'b', 'Invalid string: must match pattern /^a/'],
  [
    'record value',
    z.record(z.string(), z.number()),
    { a: 'x' },
    'Invalid input: expected number, received string',
  ],
  [
    'discriminator',
    z.discriminatedUnion('kind', [z.object({ kind: z.literal('a') }), z.object({ kind: z.literal('b') })]),
    { kind: 'c' },
    "Invalid discriminator value. Expected 'a' | 'b'",
  ],
];

describe('protocol/zod: zod/mini with the English messages', () => {
  for (const [name, schema, value, message] of cases) {
    it(`says what is wrong: ${name}`, () => {
      const result = schema.safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => issue.message)).toEqual([message]);
    });
  }

  it('keeps a custom message as given', () => {
    const schema = z.string().check(z.refine(() => false, { message: 'At most one step.' }));
    expect(schema.safeParse('x').error?.issues[0]?.message).toBe('At most one step.');
  });
});
