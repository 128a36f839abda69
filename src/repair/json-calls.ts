// Calls written as plain JSON: inside a fenced code block, or bare at the end of the reply
// (Llama's `{"name": …, "parameters": …}`, optionally after `<|python_tag|>`). Plain JSON is also
// what a model writes when it shows an example, so these count as calls only when every call in
// the block names a declared tool and nothing but whitespace (or further such blocks) follows:
// a model that makes a call stops there, one that shows an example goes on explaining.
import type { Fence } from './code-regions.js';
import { type CallSpan, callsFromJsonValue, type JsonCallShape } from './extracted-call.js';
import { parseJsonText } from './parse-json-text.js';

/** Fence info words (lower-cased, `''` for none) under which a JSON call may be written. */
export const CALL_FENCE_INFOS: ReadonlySet<string> = new Set([
  '',
  'json',
  'jsonc',
  'json5',
  'tool_call',
  'tool',
  'function',
]);
/** How call JSON starts: `{"name":`, `{"function":`, `[{"type":` (the key is group 1). */
export const CALL_START = /^(?:\[\s*)?\{\s*["']?(name|function|type)["']?\s*:/;
const PYTHON_TAG = '<|python_tag|>';
const TRAILING_END_TOKENS = /(?:\s*<\|(?:eom_id|eot_id|end|call|return|im_end)\|>)+\s*$/;

export function extractFencedJsonCalls(
  text: string,
  fences: readonly Fence[],
  isFree: (index: number) => boolean,
  namesDeclaredTool: (name: string) => boolean,
): CallSpan[] {
  const spans: CallSpan[] = [];
  let tailStart = text.length;
  for (const fence of [...fences].reverse()) {
    if (text.slice(fence.end, tailStart).trim() !== '') break;
    if (!CALL_FENCE_INFOS.has(fence.info) || !isFree(fence.start)) break;
    const calls = declaredCalls(fence.content, namesDeclaredTool);
    if (!calls) break;
    tailStart = fence.start;
    const original = text.slice(fence.start, fence.end);
    const unclosed = fence.closed ? [] : ['unclosed-markup'];
    spans.push({
      start: fence.start,
      end: fence.end,
      calls: calls.map((call) => ({
        format: 'fenced_json',
        ...call,
        original,
        kinds: [...call.kinds, ...unclosed],
      })),
    });
  }
  return spans.reverse();
}

export function extractBareJsonCalls(
  text: string,
  isFree: (index: number) => boolean,
  namesDeclaredTool: (name: string) => boolean,
): CallSpan[] {
  if (!text.includes('name') && !text.includes('function')) return [];
  for (const start of candidateStarts(text)) {
    if (!isFree(start)) continue;
    let body = text.slice(start);
    if (body.startsWith(PYTHON_TAG)) body = body.slice(PYTHON_TAG.length);
    body = body.replace(TRAILING_END_TOKENS, '');
    const calls = declaredCalls(body, namesDeclaredTool);
    if (!calls) continue;
    const original = text.slice(start);
    return [
      { start, end: text.length, calls: calls.map((call) => ({ format: 'bare_json', ...call, original })) },
    ];
  }
  return [];
}

/** Line starts (and `<|python_tag|>` positions) where a JSON call could begin, earliest first. */
function* candidateStarts(text: string): Generator<number> {
  let lineStart = 0;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const tag = line.indexOf(PYTHON_TAG);
    if (tag >= 0) yield lineStart + tag;
    else {
      const indent = line.length - line.trimStart().length;
      if (CALL_START.test(text.slice(lineStart + indent, lineStart + indent + 40))) yield lineStart + indent;
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
}

function declaredCalls(
  body: string,
  namesDeclaredTool: (name: string) => boolean,
): (JsonCallShape & { kinds: string[] })[] | undefined {
  const trimmed = body.trim();
  if (!CALL_START.test(trimmed.slice(0, 40))) return undefined;
  const parsed = parseJsonText(trimmed);
  if (!parsed.ok) return undefined;
  const calls = callsFromJsonValue(parsed.value);
  if (!calls?.every((call) => namesDeclaredTool(call.name))) return undefined;
  return calls.map((call) => ({ ...call, kinds: parsed.kinds }));
}
