// JSON text from a model, parsed as leniently as is safe: code fences and stray control tokens
// removed, syntax repaired with jsonrepair (trailing commas, single quotes, unescaped newlines,
// Python literals), double-encoded strings decoded. Text that was cut off is only completed when
// nothing but closing brackets is missing; a value cut in the middle is never guessed.
import { jsonrepair } from 'jsonrepair';
import { exceedsJsonDepth, tooDeepMessage } from '../protocol/json-depth.js';
import { cutOffShape } from './json-scan.js';

export type JsonTextParse =
  | { ok: true; value: unknown; kinds: string[] }
  | {
      ok: false;
      problem: string;
      /** The text does not even start like JSON (the caller may treat it as a plain value). */
      notJson?: boolean;
      /** The text after fence and token stripping. */
      text: string;
    };

const FENCE = /^(`{3,}|~{3,})[\w+-]*[ \t]*\n?([\s\S]*?)\n?[ \t]*\1[ \t]*$/;
const UNCLOSED_FENCE = /^(?:`{3,}|~{3,})[\w+-]*[ \t]*(?:\n|$)/;
const TRAILING_CONTROL_TOKENS = /(?:\s*<\|[a-z_]+\|>)+\s*$/;
const MAX_DECODE_DEPTH = 2;

export function parseJsonText(raw: string): JsonTextParse {
  const kinds: string[] = [];
  let text = raw.trim();
  const fenced = FENCE.exec(text);
  if (fenced) {
    text = fenced[2]!.trim();
    kinds.push('code-fence');
  } else if (UNCLOSED_FENCE.test(text)) {
    text = text
      .replace(UNCLOSED_FENCE, '')
      .replace(/\n?`{1,2}$/, '')
      .trim();
    kinds.push('code-fence', 'unclosed-markup');
  }
  if (TRAILING_CONTROL_TOKENS.test(text)) {
    text = text.replace(TRAILING_CONTROL_TOKENS, '');
    kinds.push('control-token-stripped');
  }
  const parsed = parseOne(text, kinds);
  if (!parsed.ok) return parsed;
  let value = parsed.value;
  for (
    let depth = 0;
    depth < MAX_DECODE_DEPTH && typeof value === 'string' && /^\s*[{[]/.test(value);
    depth++
  ) {
    const inner = parseOne(value.trim(), kinds);
    if (!inner.ok) break;
    value = inner.value;
    kinds.push('double-encoded');
  }
  return { ok: true, value, kinds };
}

function parseOne(text: string, kinds: string[]): JsonTextParse {
  if (text === '') return { ok: false, problem: 'the arguments are empty', text };
  // Before anything recursive (jsonrepair, the schema check, re-serialising) sees the value.
  if (exceedsJsonDepth(text)) return { ok: false, problem: tooDeepMessage(), text };
  try {
    return { ok: true, value: JSON.parse(text), kinds };
  } catch {
    // fall through to repair
  }
  if (!/^[{["'`]/.test(text))
    return { ok: false, problem: 'the arguments are not JSON', notJson: true, text };
  const shape = cutOffShape(text);
  if (shape.inString)
    return { ok: false, problem: `the JSON was cut off inside a string (it ends with ${tail(text)})`, text };
  if (shape.open.length > 0 && !shape.endsAfterCompleteValue)
    return { ok: false, problem: `the JSON was cut off (it ends with ${tail(text)})`, text };
  try {
    const value: unknown = JSON.parse(jsonrepair(text));
    kinds.push('json-repaired');
    if (shape.open.length > 0) kinds.push('truncated-json-closed');
    return { ok: true, value, kinds };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: `the arguments are not valid JSON (${reason})`, text };
  }
}

function tail(text: string): string {
  const end = text.slice(-40);
  return JSON.stringify(text.length > 40 ? `…${end}` : end);
}
