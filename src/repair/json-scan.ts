// Structure-only scanning of JSON-ish text (double or single quoted strings, escapes): where a
// balanced value ends, and how a value that was cut off ends. Used to find the end of a JSON
// call in running text and to decide whether a truncated argument object can be closed safely.

/**
 * End index (exclusive) of the balanced `{…}` / `[…]` value starting at `start`, or -1 when the
 * text ends first.
 */
export function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let quote = '';
  for (let i = start; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = '';
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

export interface CutOffShape {
  /** Brackets still open at the end, innermost last. */
  open: string[];
  /** The text ends inside a string literal. */
  inString: boolean;
  /**
   * The text ends right after a complete value (a closed value string, `]` or `}`), so appending
   * the missing closers reproduces what the model was writing. False after `,`, `:`, a key, an
   * opening bracket, or a bare number/literal that may itself be cut.
   */
  endsAfterCompleteValue: boolean;
}

/** How text that may be cut off ends; `open` is empty when it is balanced. */
export function cutOffShape(text: string): CutOffShape {
  const open: string[] = [];
  // For each open object: whether the next string is a key.
  const expectKey: boolean[] = [];
  let quote = '';
  let stringIsKey = false;
  let last: 'value-string' | 'key-string' | 'closer' | 'other' = 'other';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) {
        quote = '';
        last = stringIsKey ? 'key-string' : 'value-string';
      }
      continue;
    }
    if (/\s/.test(char)) continue;
    if (char === '"' || char === "'") {
      quote = char;
      stringIsKey = open.at(-1) === '{' && expectKey.at(-1) === true;
      continue;
    }
    if (char === '{' || char === '[') {
      open.push(char);
      expectKey.push(char === '{');
      last = 'other';
    } else if (char === '}' || char === ']') {
      open.pop();
      expectKey.pop();
      last = 'closer';
    } else if (char === ':') {
      if (expectKey.length) expectKey[expectKey.length - 1] = false;
      last = 'other';
    } else if (char === ',') {
      if (open.at(-1) === '{') expectKey[expectKey.length - 1] = true;
      last = 'other';
    } else last = 'other';
  }
  return {
    open,
    inString: quote !== '',
    endsAfterCompleteValue: quote === '' && (last === 'value-string' || last === 'closer'),
  };
}
