// DeepSeek tool-call markup leaked into content. V3 / R1:
//   <｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>NAME\n```json\n{…}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>
// V3.1:
//   <｜tool▁calls▁begin｜><｜tool▁call▁begin｜>NAME<｜tool▁sep｜>{…}<｜tool▁call▁end｜><｜tool▁calls▁end｜>
// The bars are U+FF5C and the blanks U+2581; ASCII `|` / `_` spellings are accepted too.
import type { CallSpan, ExtractedCall } from './extracted-call.js';

const token = (words: string) => `<[｜|]${words.split(' ').join('[▁_ ]')}[｜|]>`;
const CALLS_BEGIN = new RegExp(token('tool calls begin'), 'g');
const CALLS_END = new RegExp(token('tool calls end'));
const CALL_BEGIN = new RegExp(token('tool call begin'));
const CALL_END = new RegExp(token('tool call end'));
const SEP = new RegExp(token('tool sep'));
const END_OF_SENTENCE = new RegExp(`^\\s*${token('end of sentence')}`);

export function extractDeepSeekCalls(text: string, isFree: (index: number) => boolean): CallSpan[] {
  const spans: CallSpan[] = [];
  CALLS_BEGIN.lastIndex = 0;
  for (let begin = CALLS_BEGIN.exec(text); begin; begin = CALLS_BEGIN.exec(text)) {
    if (!isFree(begin.index)) continue;
    const regionStart = begin.index + begin[0].length;
    const endMatch = CALLS_END.exec(text.slice(regionStart));
    const regionEnd = endMatch ? regionStart + endMatch.index : text.length;
    let end = endMatch ? regionEnd + endMatch[0].length : text.length;
    const eos = END_OF_SENTENCE.exec(text.slice(end));
    if (eos) end += eos[0].length;
    const region = text.slice(regionStart, regionEnd);
    spans.push({ start: begin.index, end, calls: readCalls(region, !endMatch) });
    CALLS_BEGIN.lastIndex = end;
  }
  return spans;
}

function readCalls(region: string, cutOff: boolean): ExtractedCall[] {
  const calls: ExtractedCall[] = [];
  const pieces = region.split(CALL_BEGIN).slice(1);
  pieces.forEach((piece, index) => {
    const endMatch = CALL_END.exec(piece);
    const inner = endMatch ? piece.slice(0, endMatch.index) : piece;
    const original = piece.slice(0, endMatch ? endMatch.index + endMatch[0].length : piece.length);
    const [head = '', ...restParts] = inner.split(SEP);
    const rest = restParts.join('');
    let name: string;
    let args: string;
    if (head.trim() === 'function') {
      const newline = rest.indexOf('\n');
      name = (newline >= 0 ? rest.slice(0, newline) : rest).trim();
      args = newline >= 0 ? rest.slice(newline + 1) : '';
    } else {
      name = head.trim();
      args = rest;
    }
    const call: ExtractedCall = { format: 'deepseek', name, arguments: args.trim(), original };
    if (!endMatch) call.kinds = ['unclosed-markup'];
    if (!endMatch && cutOff && index === pieces.length - 1 && !/[}`]\s*$/.test(args))
      call.problem = 'the call was cut off';
    calls.push(call);
  });
  return calls;
}
