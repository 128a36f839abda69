// `<function=NAME><parameter=KEY>VALUE</parameter>…</function>` (Qwen3-Coder) and
// `<function=NAME>{json}</function>` (Llama 3.1). Values are raw text and may span lines; one
// newline right after `<parameter=…>` and one right before `</parameter>` belong to the template.
// A missing `</parameter>` is tolerated when the block is closed; a block cut off at the end of
// the reply with an unfinished value is refused rather than run with half a value.
import type { CallSpan, ExtractedCall } from './extracted-call.js';

const FUNCTION_OPEN = /<function=([^>\n]*)(>?)/y;
const PARAMETER_OPEN = /<parameter=([^>\n]*)>/g;
const FUNCTION_CLOSE = '</function>';
const PARAMETER_CLOSE = '</parameter>';

export interface FunctionBlock {
  end: number;
  call: ExtractedCall;
}

/**
 * Reads one block at `start` (which must be `<function=`). `limit` bounds it (e.g. the end of an
 * enclosing `<tool_call>`); `atEndOfReply` says whether `limit` is the end of the model's output.
 */
export function readFunctionBlock(
  text: string,
  start: number,
  limit: number,
  atEndOfReply: boolean,
): FunctionBlock | undefined {
  FUNCTION_OPEN.lastIndex = start;
  const open = FUNCTION_OPEN.exec(text);
  if (!open || open.index + open[0].length > limit) return undefined;
  const name = open[1]!.trim();
  if (!open[2]) {
    // `<function=name` with nothing after it: cut off while naming the function.
    if (text.slice(open.index + open[0].length, limit).trim() !== '' || !atEndOfReply) return undefined;
    return {
      end: limit,
      call: {
        format: 'function_xml',
        name,
        arguments: {},
        original: text.slice(start, limit),
        problem: 'the call was cut off',
      },
    };
  }
  const bodyStart = open.index + open[0].length;
  const close = text.indexOf(FUNCTION_CLOSE, bodyStart);
  const nextOpen = text.indexOf('<function=', bodyStart);
  const closed = close >= 0 && close < limit && (nextOpen < 0 || close < nextOpen);
  const bodyEnd = closed ? close : nextOpen >= 0 && nextOpen < limit ? nextOpen : limit;
  const end = closed ? close + FUNCTION_CLOSE.length : bodyEnd;
  const cutOff = !closed && atEndOfReply && bodyEnd === limit;
  const original = text.slice(start, end);
  const parsed = parseBody(text.slice(bodyStart, bodyEnd), cutOff);
  const call: ExtractedCall = { format: 'function_xml', name, arguments: parsed.arguments, original };
  if (parsed.problem) call.problem = parsed.problem;
  if (cutOff) call.kinds = ['unclosed-markup'];
  return { end, call };
}

function parseBody(
  body: string,
  cutOff: boolean,
): { arguments: string | Record<string, unknown>; problem?: string } {
  const starts = [...body.matchAll(PARAMETER_OPEN)];
  if (starts.length === 0) {
    const trimmed = body.trim();
    if (cutOff && trimmed !== '') return { arguments: trimmed, problem: 'the call was cut off' };
    return { arguments: trimmed === '' ? {} : trimmed };
  }
  const args: Record<string, unknown> = {};
  for (const [index, match] of starts.entries()) {
    const key = match[1]!.trim();
    const valueStart = match.index + match[0].length;
    const next = starts[index + 1]?.index ?? body.length;
    const close = body.indexOf(PARAMETER_CLOSE, valueStart);
    const hasClose = close >= 0 && close < next;
    if (!hasClose && cutOff && index === starts.length - 1) {
      return { arguments: args, problem: `the call was cut off in the middle of parameter \`${key}\`` };
    }
    if (key in args) return { arguments: args, problem: `parameter \`${key}\` is given twice` };
    args[key] = templateTrim(body.slice(valueStart, hasClose ? close : next));
  }
  return { arguments: args };
}

/** Drops the single newline the template puts after the opening and before the closing tag. */
function templateTrim(value: string): string {
  let result = value.startsWith('\r\n') ? value.slice(2) : value.startsWith('\n') ? value.slice(1) : value;
  if (result.endsWith('\r\n')) result = result.slice(0, -2);
  else if (result.endsWith('\n')) result = result.slice(0, -1);
  return result;
}

/** Consecutive `<function=…>` blocks in `text[start, limit)`, e.g. the body of a `<tool_call>`. */
export function readFunctionBlocks(
  text: string,
  start: number,
  limit: number,
  atEndOfReply: boolean,
): ExtractedCall[] {
  const calls: ExtractedCall[] = [];
  let cursor = text.indexOf('<function=', start);
  while (cursor >= 0 && cursor < limit) {
    const block = readFunctionBlock(text, cursor, limit, atEndOfReply);
    if (!block) break;
    calls.push(block.call);
    cursor = text.indexOf('<function=', block.end);
  }
  return calls;
}

/** Standalone `<function=…>` blocks outside code and outside spans claimed by other formats. */
export function extractFunctionXml(text: string, isFree: (index: number) => boolean): CallSpan[] {
  const spans: CallSpan[] = [];
  let cursor = text.indexOf('<function=');
  while (cursor >= 0) {
    const block = isFree(cursor) ? readFunctionBlock(text, cursor, text.length, true) : undefined;
    if (!block) {
      cursor = text.indexOf('<function=', cursor + 1);
      continue;
    }
    let end = block.end;
    // A stray `</tool_call>` after the block (its opening tag was lost) goes with it.
    const trailing = /^\s*<\/tool_call>/.exec(text.slice(end));
    if (trailing) end += trailing[0].length;
    spans.push({ start: cursor, end, calls: [block.call] });
    cursor = text.indexOf('<function=', end);
  }
  return spans;
}
