// What a text extractor found: a span of the reply that is tool-call markup, and the calls in it
// (name as written, arguments as written). Name resolution and argument repair happen later, the
// same way for native and extracted calls.
import type { ToolCallFormat } from './families.js';
import { isObject } from './json-schema-check.js';

export interface ExtractedCall {
  /** Where it came from: a text format, or `parallel` for a native `multi_tool_use.parallel` wrapper. */
  format: ToolCallFormat | 'parallel';
  /** The tool name as written ('' when the markup was too broken to name one). */
  name: string;
  arguments: string | Record<string, unknown>;
  /** The markup of this call as the model wrote it. */
  original: string;
  /** Set when the markup is clearly a call but cannot be read; the call is refused with it. */
  problem?: string;
  /** Repairs already made while reading the markup (e.g. `json-repaired` for the whole call JSON). */
  kinds?: string[];
}

export interface CallSpan {
  start: number;
  end: number;
  calls: ExtractedCall[];
}

export interface JsonCallShape {
  name: string;
  arguments: string | Record<string, unknown>;
}

/**
 * `{"name", "arguments" | "parameters"}`, OpenAI's `{"function": {"name", "arguments"}}`, or an
 * array of those; undefined when the value is anything else (including other keys alongside).
 */
export function callsFromJsonValue(value: unknown): JsonCallShape[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) return undefined;
  const calls: JsonCallShape[] = [];
  for (const item of list) {
    const call = callFromObject(item);
    if (!call) return undefined;
    calls.push(call);
  }
  return calls;
}

const EXTRA_KEYS = new Set(['type', 'id']);

function callFromObject(item: unknown): JsonCallShape | undefined {
  if (!isObject(item)) return undefined;
  if (
    isObject(item.function) &&
    Object.keys(item).every((key) => key === 'function' || EXTRA_KEYS.has(key))
  ) {
    return callFromObject(item.function);
  }
  if (typeof item.name !== 'string') return undefined;
  const argsKeys: string[] = Object.keys(item).filter((key) => key === 'arguments' || key === 'parameters');
  const others = Object.keys(item).filter(
    (key) => key !== 'name' && !argsKeys.includes(key) && !EXTRA_KEYS.has(key),
  );
  if (argsKeys.length > 1 || others.length > 0) return undefined;
  const args = argsKeys.length ? item[argsKeys[0]!] : {};
  // Anything else (an array, a bare value) is left for argument repair to fit or refuse.
  return {
    name: item.name,
    arguments: typeof args === 'string' || isObject(args) ? args : JSON.stringify(args),
  };
}

/** The `"name": "…"` of call JSON too broken to parse, for the refusal. */
export function nameInBrokenJson(text: string): string {
  return /"name"\s*:\s*"([^"\n]{1,100})"/.exec(text)?.[1] ?? '';
}
