// Text from an MCP server (results, tool descriptions, error messages) made safe to print: terminal
// escape sequences (CSI, OSC — which can retitle windows, write the clipboard or hide text — and
// the rest) and other control characters are removed; newlines and tabs stay. Bidirectional
// overrides, which can make text read differently from what it is, are removed too.

const OSC = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;
const CSI = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]/g;
/** Any other escape sequence: ESC, intermediates (0x20–0x2F), one final byte (0x30–0x7E). */
const OTHER_ESCAPE = /\u001b[ -/]*[0-~]?/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function plainText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(OSC, '')
    .replace(CSI, '')
    .replace(OTHER_ESCAPE, '')
    .replace(CONTROL, '');
}

/** One line of at most `max` characters (names, descriptions in listings). */
export function plainLine(text: string, max = 200): string {
  const line = plainText(text).replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
