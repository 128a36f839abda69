// Mistral-family leaks: `[TOOL_CALLS][{"name": …, "arguments": …}]` (older tokenizers) and
// `[TOOL_CALLS]name[ARGS]{…}` / `[TOOL_CALLS]name[CALL_ID]id[ARGS]{…}` (v11+ / Devstral), one
// marker per call. The calls run to the next marker or the end of the reply.
import { type CallSpan, callsFromJsonValue, type ExtractedCall, nameInBrokenJson } from './extracted-call.js';
import { balancedEnd } from './json-scan.js';
import { parseJsonText } from './parse-json-text.js';

const MARKER = '[TOOL_CALLS]';
const NAMED = /^([A-Za-z0-9_.:-]+)\s*(?:\[CALL_ID\]\s*[A-Za-z0-9_-]*\s*)?(?:\[ARGS\]\s*)?/;

export function extractMistralCalls(text: string, isFree: (index: number) => boolean): CallSpan[] {
  const spans: CallSpan[] = [];
  let cursor = text.indexOf(MARKER);
  while (cursor >= 0) {
    const next = text.indexOf(MARKER, cursor + MARKER.length);
    if (!isFree(cursor)) {
      cursor = next;
      continue;
    }
    const regionEnd = next >= 0 ? next : text.length;
    const read = readRegion(text, cursor, regionEnd);
    spans.push({ start: cursor, end: read.end, calls: read.calls });
    cursor = next;
  }
  return spans;
}

function readRegion(text: string, start: number, regionEnd: number): { end: number; calls: ExtractedCall[] } {
  const bodyStart = start + MARKER.length;
  const body = text.slice(bodyStart, regionEnd);
  const lead = body.length - body.trimStart().length;
  const rest = body.trimStart();
  if (rest.startsWith('[') || rest.startsWith('{')) {
    const jsonEnd = balancedEnd(text, bodyStart + lead);
    const end = jsonEnd >= 0 && jsonEnd <= regionEnd ? jsonEnd : regionEnd;
    const jsonText = text.slice(bodyStart + lead, end);
    const original = text.slice(start, end);
    const parsed = parseJsonText(jsonText);
    const calls = parsed.ok ? callsFromJsonValue(parsed.value) : undefined;
    if (calls && parsed.ok) {
      return {
        end,
        calls: calls.map((call) => ({ format: 'mistral', ...call, original, kinds: parsed.kinds })),
      };
    }
    const problem = parsed.ok ? 'the JSON after [TOOL_CALLS] needs "name" and "arguments"' : parsed.problem;
    return {
      end,
      calls: [
        { format: 'mistral', name: nameInBrokenJson(jsonText), arguments: jsonText, original, problem },
      ],
    };
  }
  const named = NAMED.exec(rest);
  const name = named?.[1] ?? '';
  const argsOffset = bodyStart + lead + (named?.[0].length ?? 0);
  const argsEnd = text[argsOffset] === '{' ? balancedEnd(text, argsOffset) : -1;
  const end = argsEnd >= 0 && argsEnd <= regionEnd ? argsEnd : regionEnd;
  const original = text.slice(start, end);
  const call: ExtractedCall = { format: 'mistral', name, arguments: text.slice(argsOffset, end), original };
  if (!name) call.problem = 'no tool name after [TOOL_CALLS]';
  return { end, calls: [call] };
}
