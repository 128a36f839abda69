// `<tool_call>{"name": …, "arguments": …}</tool_call>` (Hermes, Qwen) and
// `<tool_call><function=…>…</function></tool_call>` (Qwen3-Coder). A tag followed by prose is
// someone talking about the format, not a call, and is left alone. A tag whose body is broken,
// or that is cut off at the end of the reply, is a call that gets refused.
import { type CallSpan, callsFromJsonValue, type ExtractedCall, nameInBrokenJson } from './extracted-call.js';
import { readFunctionBlocks } from './function-xml.js';
import { parseJsonText } from './parse-json-text.js';

const OPEN = '<tool_call>';
const CLOSE = '</tool_call>';

export function extractToolCallTags(text: string, isFree: (index: number) => boolean): CallSpan[] {
  const spans: CallSpan[] = [];
  let cursor = text.indexOf(OPEN);
  while (cursor >= 0) {
    if (!isFree(cursor)) {
      cursor = text.indexOf(OPEN, cursor + 1);
      continue;
    }
    const bodyStart = cursor + OPEN.length;
    const close = text.indexOf(CLOSE, bodyStart);
    const nextOpen = text.indexOf(OPEN, bodyStart);
    const closed = close >= 0 && (nextOpen < 0 || close < nextOpen);
    const bodyEnd = closed ? close : nextOpen >= 0 ? nextOpen : text.length;
    const end = closed ? close + CLOSE.length : bodyEnd;
    const atEndOfReply = !closed && bodyEnd === text.length;
    const calls = readBody(text, bodyStart, bodyEnd, closed, atEndOfReply, text.slice(cursor, end));
    if (calls) spans.push({ start: cursor, end, calls });
    cursor = text.indexOf(OPEN, calls ? end : cursor + 1);
  }
  return spans;
}

/** The calls in a tag body; undefined when the body is not a call at all (prose). */
function readBody(
  text: string,
  start: number,
  end: number,
  closed: boolean,
  atEndOfReply: boolean,
  original: string,
): ExtractedCall[] | undefined {
  const body = text.slice(start, end).trim();
  if (body === '') {
    if (atEndOfReply)
      return [
        { format: 'tool_call_tag', name: '', arguments: {}, original, problem: 'the call was cut off' },
      ];
    return closed ? [] : undefined;
  }
  if (body.startsWith('<function=')) {
    const calls = readFunctionBlocks(text, start, end, atEndOfReply);
    return calls.length ? calls : undefined;
  }
  if (!/^(?:[{[]|```|~~~)/.test(body)) return undefined;
  const parsed = parseJsonText(body);
  if (!parsed.ok) {
    return [
      {
        format: 'tool_call_tag',
        name: nameInBrokenJson(body),
        arguments: body,
        original,
        problem: parsed.problem,
      },
    ];
  }
  const calls = callsFromJsonValue(parsed.value);
  const kinds = atEndOfReply ? [...parsed.kinds, 'unclosed-markup'] : parsed.kinds;
  if (calls) return calls.map((call) => ({ format: 'tool_call_tag', ...call, original, kinds }));
  if (!closed) return undefined;
  return [
    {
      format: 'tool_call_tag',
      name: '',
      arguments: body,
      original,
      problem: 'the JSON inside <tool_call> needs a "name" and an "arguments" object',
    },
  ];
}
