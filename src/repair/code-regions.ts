// Markdown code in a reply: fenced blocks and inline code spans. Tool-call markup inside code is
// something the model is showing (often because the user asked about it), not something it is
// calling, so tag extractors skip these regions; only the fenced-JSON format looks into fences.

export interface Range {
  start: number;
  end: number;
}

export interface Fence extends Range {
  /** The word after the opening backticks (`json`, `xml`, …), lower-cased; empty when none. */
  info: string;
  /** The text between the fence lines. */
  content: string;
  closed: boolean;
}

const FENCE_LINE = /^[ \t]{0,3}(`{3,}|~{3,})[ \t]*([^\n`]*)$/gm;
const INLINE_CODE = /`[^`\n]+`/g;

export function findFences(text: string): Fence[] {
  if (!text.includes('```') && !text.includes('~~~')) return [];
  const fences: Fence[] = [];
  FENCE_LINE.lastIndex = 0;
  let open: { start: number; contentStart: number; marker: string; info: string } | undefined;
  for (let match = FENCE_LINE.exec(text); match; match = FENCE_LINE.exec(text)) {
    const marker = match[1]!;
    const lineEnd = match.index + match[0].length;
    if (!open) {
      const info = (match[2] ?? '').trim().split(/\s+/)[0]!.toLowerCase();
      open = { start: match.index, contentStart: Math.min(lineEnd + 1, text.length), marker, info };
    } else if (
      marker[0] === open.marker[0] &&
      marker.length >= open.marker.length &&
      match[2]!.trim() === ''
    ) {
      const content = text.slice(open.contentStart, Math.max(open.contentStart, match.index - 1));
      fences.push({ start: open.start, end: lineEnd, info: open.info, content, closed: true });
      open = undefined;
    }
  }
  if (open) {
    fences.push({
      start: open.start,
      end: text.length,
      info: open.info,
      content: text.slice(open.contentStart),
      closed: false,
    });
  }
  return fences;
}

/** Fences and inline code spans (those outside fences), sorted by start. */
export function codeRegions(text: string, fences: Fence[] = findFences(text)): Range[] {
  const regions: Range[] = fences.map(({ start, end }) => ({ start, end }));
  if (text.includes('`')) {
    INLINE_CODE.lastIndex = 0;
    for (let match = INLINE_CODE.exec(text); match; match = INLINE_CODE.exec(text)) {
      const start = match.index;
      if (!fences.some((fence) => start >= fence.start && start < fence.end)) {
        regions.push({ start, end: start + match[0].length });
      }
    }
  }
  return regions.sort((a, b) => a.start - b.start);
}

export function insideAny(index: number, ranges: readonly Range[]): boolean {
  for (const range of ranges) if (index >= range.start && index < range.end) return true;
  return false;
}
