// How deeply JSON text nests, found by a linear scan, before anything parses or walks it. JSON.parse
// itself copes with any depth, but what comes after does not: JSON.stringify, the schema check,
// jsonrepair, String() of an array — all recursive — overflow the stack on 5,000 nested `[`. Tool
// arguments (and anything else from a model) are checked against this limit first; no tool needs
// more than a few levels.

/** The deepest nesting accepted in tool-call arguments. */
export const MAX_JSON_DEPTH = 64;

/**
 * True when `text` opens more than `limit` arrays/objects inside each other. Brackets inside
 * double-quoted strings do not count; unbalanced text counts its open brackets. O(length).
 */
export function exceedsJsonDepth(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      if (++depth > limit) return true;
    } else if ((code === CLOSE_BRACKET || code === CLOSE_BRACE) && depth > 0) {
      depth--;
    }
  }
  return false;
}

/** The message a model gets for arguments nested too deeply (no tool runs). */
export function tooDeepMessage(limit = MAX_JSON_DEPTH): string {
  return `the arguments nest arrays or objects more than ${limit} levels deep, which no tool accepts (send a flat JSON object that matches the tool's schema)`;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
