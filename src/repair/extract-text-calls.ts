// Runs the enabled text formats over a reply, most distinctive markup first, each skipping code
// regions and the spans earlier formats claimed. Returns the spans in text order.
import { codeRegions, findFences, insideAny, type Range } from './code-regions.js';
import { extractDeepSeekCalls } from './deepseek-calls.js';
import type { CallSpan } from './extracted-call.js';
import type { ToolCallFormat } from './families.js';
import { extractFunctionXml } from './function-xml.js';
import { extractBareJsonCalls, extractFencedJsonCalls } from './json-calls.js';
import { extractMistralCalls } from './mistral-calls.js';
import { extractToolCallTags } from './tool-call-tag.js';

/** Cheap test for anything a text format could start with; most replies fail it and skip the rest. */
const ANY_MARKUP =
  /<tool_call>|<function=|\[TOOL_CALLS\]|<[｜|]tool[▁_ ]calls|```|~~~|"name"|'name'|<\|python_tag\|>/;

export function extractTextCalls(
  text: string,
  formats: readonly ToolCallFormat[],
  namesDeclaredTool: (name: string) => boolean,
): CallSpan[] {
  if (!ANY_MARKUP.test(text)) return [];
  const fences = findFences(text);
  const code = codeRegions(text, fences);
  const claimed: Range[] = [];
  const spans: CallSpan[] = [];
  const isFree = (index: number) => !insideAny(index, code) && !insideAny(index, claimed);
  const isFreeOfClaims = (index: number) => !insideAny(index, claimed);
  const take = (found: CallSpan[]) => {
    for (const span of found) {
      claimed.push(span);
      spans.push(span);
    }
  };
  if (formats.includes('deepseek')) take(extractDeepSeekCalls(text, isFree));
  if (formats.includes('mistral')) take(extractMistralCalls(text, isFree));
  if (formats.includes('tool_call_tag')) take(extractToolCallTags(text, isFree));
  if (formats.includes('function_xml')) take(extractFunctionXml(text, isFree));
  if (formats.includes('fenced_json'))
    take(extractFencedJsonCalls(text, fences, isFreeOfClaims, namesDeclaredTool));
  if (formats.includes('bare_json')) take(extractBareJsonCalls(text, isFree, namesDeclaredTool));
  return spans.sort((a, b) => a.start - b.start);
}

/** The text with the spans cut out; each seam keeps the widest line break that surrounded the span. */
export function removeSpans(text: string, spans: readonly Range[]): string {
  if (spans.length === 0) return text;
  let result = '';
  let cursor = 0;
  let pendingGap = '';
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start < cursor) continue;
    const piece = text.slice(cursor, span.start);
    result = joinSeam(result, pendingGap, piece);
    pendingGap = /\s*$/.exec(result)![0];
    result = result.trimEnd();
    cursor = span.end;
  }
  result = joinSeam(result, pendingGap, text.slice(cursor));
  return result.trim();
}

function joinSeam(left: string, leftGap: string, right: string): string {
  if (left === '') return right;
  const rightGap = /^\s*/.exec(right)![0];
  const rest = right.slice(rightGap.length);
  if (rest === '') return left + leftGap;
  const gap = leftGap + rightGap;
  const separator = gap.includes('\n\n') ? '\n\n' : gap.includes('\n') ? '\n' : ' ';
  return left + separator + rest;
}
