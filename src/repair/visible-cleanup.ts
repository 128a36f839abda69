// Last touches on the visible text: end-of-turn tokens some servers leave at the very end
// (`<|im_end|>`, `<|eot_id|>`, `</s>`, …), and — when the response carried native calls — the
// first characters of call markup the server cut off when it switched to structured tool calls.
// Only the end of the text is touched, so ordinary replies that mention these strings are kept.

const TRAILING_END_TOKENS =
  /(?:\s*(?:<\|(?:im_end|eot_id|eom_id|endoftext|end|return|call)\|>|<[｜|]end[▁_ ]of[▁_ ]sentence[｜|]>|<\/s>))+\s*$/;
const MARKER_STARTS = ['<tool_call>', '<function=', '[TOOL_CALLS]', '<|'];

export function stripLeftoverMarkup(text: string, hasNative: boolean): { text: string; kinds: string[] } {
  const kinds: string[] = [];
  let result = text;
  if (TRAILING_END_TOKENS.test(result)) {
    result = result.replace(TRAILING_END_TOKENS, '');
    kinds.push('end-token-stripped');
  }
  if (hasNative) {
    const partial = trailingMarkerPrefix(result);
    if (partial > 0) {
      result = result.slice(0, result.length - partial).trimEnd();
      kinds.push('partial-markup-stripped');
    }
  }
  return { text: result, kinds };
}

/** Length of the longest suffix (2+ characters) that is a proper prefix of a markup start. */
function trailingMarkerPrefix(text: string): number {
  for (const marker of MARKER_STARTS) {
    for (let length = Math.min(marker.length - 1, text.length); length >= 2; length--) {
      if (text.endsWith(marker.slice(0, length))) return length;
    }
  }
  return 0;
}
