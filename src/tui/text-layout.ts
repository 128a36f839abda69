// Fitting text into the live (redrawn) part of the screen. Ink clears the whole terminal,
// scrollback included, when the redrawn part is taller than the window, so everything live is
// cut to a row budget first.

/** Rows `line` takes when wrapped at `width` columns. */
function wrappedRows(line: string, width: number): number {
  const columns = Math.max(1, width);
  return Math.max(1, Math.ceil(displayWidth(line) / columns));
}

/** The last lines of `text` that fit in `rows` rows at `width` columns, and whether any were cut. */
export function fitTail(text: string, width: number, rows: number): { text: string; cut: boolean } {
  const lines = text.split('\n');
  const kept: string[] = [];
  let used = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    const needed = wrappedRows(line, width);
    if (used + needed > rows) {
      if (kept.length === 0 && rows > 0) {
        // A single line taller than the budget: keep its end.
        kept.unshift(line.slice(-Math.max(1, width) * rows));
      }
      return { text: kept.join('\n'), cut: true };
    }
    kept.unshift(line);
    used += needed;
  }
  return { text: kept.join('\n'), cut: false };
}

/** Columns a string takes (wide East Asian characters and emoji count double; close enough). */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    width += code >= 0x1100 && isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/**
 * The tail of streaming Markdown that fits in `rows`. When the cut falls inside a fenced code
 * block, the fence is put back in front so the visible lines still render as code.
 */
export function fitMarkdownTail(text: string, width: number, rows: number): string {
  const { text: tail, cut } = fitTail(text, width, rows);
  if (!cut) return tail;
  const dropped = text.slice(0, text.length - tail.length);
  const fences = [...dropped.matchAll(/^\s*(`{3,}|~{3,})\s*([\w+#.-]*)/gm)];
  if (fences.length % 2 === 0) return tail;
  const open = fences.at(-1)!;
  // The fence line takes a row: drop the first visible line for it (or the first row's worth of
  // a single line that fills the budget alone).
  const rest = tail.includes('\n') ? tail.slice(tail.indexOf('\n') + 1) : tail.slice(Math.max(1, width));
  return `${open[1]}${open[2]}\n${rest}`;
}
