// Model-controlled text (commands, arguments, file names, messages, tool output, MCP results)
// must never reach a terminal raw: an escape sequence can hide text (SGR 8 "conceal"), move the
// cursor, retitle the window or write the clipboard (OSC 52), and a bare CR can overwrite what an
// approval prompt shows with something else. Front-ends show these characters as visible escapes
// (`\x1b`, `\r`, `\u202e`) instead. Newlines and tabs stay; CRLF becomes a newline. Pure.

// C0 controls but \t and \n, DEL, C1 controls (8-bit CSI/OSC), and the bidi overrides and
// isolates that reorder what is shown ("Trojan Source").
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function escapeTerminalText(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE, visibleEscape);
}

function visibleEscape(char: string): string {
  if (char === '\r') return '\\r';
  const code = char.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * A copy of `value` with every string escaped, at any depth — except identifiers (keys ending
 * in `id`/`Id`), which front-ends send back to the session and must stay as they are.
 */
export function escapeTerminalStrings<T>(value: T): T {
  return escapeValue(value) as T;
}

function escapeValue(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return /(?:^|[a-z])(?:id|Id)$/.test(key) ? value : escapeTerminalText(value);
  if (Array.isArray(value)) return value.map((item) => escapeValue(item));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, escapeValue(item, name)]));
  }
  return value;
}
