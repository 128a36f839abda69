// zod parameters → the JSON Schema a model sees. Small and deterministic: the `$schema` tag is
// dropped, so are the ±2^53 bounds zod puts on every integer, and the same zod schema always
// gives the same object (zod keeps declaration order).
import * as z from '../protocol/zod.js';

const NOISE = new Set(['$schema', '$id']);

export function toJsonSchema(schema: z.ZodMiniType): Record<string, unknown> {
  // `input`: the schema of what the model sends (before defaults and transforms).
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return clean(json) as Record<string, unknown>;
}

function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (NOISE.has(key)) continue;
    if (key === 'minimum' && child === Number.MIN_SAFE_INTEGER) continue;
    if (key === 'maximum' && child === Number.MAX_SAFE_INTEGER) continue;
    result[key] = clean(child);
  }
  return result;
}
