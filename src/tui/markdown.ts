// A small Markdown reader for assistant replies in a terminal: fenced code blocks, headings,
// lists, quotes, rules and inline code / bold / italic / links. Anything else is plain text.
// Streaming-safe: an unclosed fence is a code block that is still growing.

export type SpanStyle = 'plain' | 'code' | 'bold' | 'italic' | 'link';

export interface Span {
  text: string;
  style: SpanStyle;
}

export type Block =
  | { type: 'code'; lang: string; lines: string[] }
  | { type: 'heading'; level: number; spans: Span[] }
  | { type: 'list-item'; indent: number; marker: string; spans: Span[] }
  | { type: 'quote'; spans: Span[] }
  | { type: 'rule' }
  | { type: 'blank' }
  | { type: 'paragraph'; spans: Span[] };

/** A fenced code block still open at some point of the text: its fence and language. */
export interface OpenFence {
  marker: string;
  lang: string;
}

/**
 * Blocks of `text`. `openFence`: the text continues a code block opened before it (a reply that
 * is printed in pieces as it streams).
 */
export function parseMarkdown(text: string, openFence?: OpenFence): Block[] {
  return scanMarkdown(text, openFence).blocks;
}

/** The code fence still open at the end of `text` (read as `parseMarkdown` reads it). */
export function fenceAtEnd(text: string, openFence?: OpenFence): OpenFence | undefined {
  return scanMarkdown(text, openFence).open;
}

function scanMarkdown(text: string, openFence?: OpenFence): { blocks: Block[]; open?: OpenFence } {
  const blocks: Block[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let code: Extract<Block, { type: 'code' }> | undefined;
  let open = openFence;
  if (open) {
    code = { type: 'code', lang: open.lang, lines: [] };
    blocks.push(code);
  }
  for (const line of lines) {
    if (code && open) {
      if (line.trim().startsWith(open.marker) && line.trim().replace(/`|~/g, '') === '') {
        code = undefined;
        open = undefined;
      } else {
        code.lines.push(line);
      }
      continue;
    }
    const fenceMatch = /^\s*(`{3,}|~{3,})\s*([\w+#.-]*)/.exec(line);
    if (fenceMatch) {
      open = { marker: fenceMatch[1]!, lang: fenceMatch[2]!.toLowerCase() };
      code = { type: 'code', lang: open.lang, lines: [] };
      blocks.push(code);
      continue;
    }
    blocks.push(parseLine(line));
  }
  // Collapse runs of blank lines to one; a continued block that closed at once shows nothing.
  const kept = blocks.filter(
    (block, i) =>
      !(block.type === 'blank' && blocks[i - 1]?.type === 'blank') &&
      !(block.type === 'code' && block.lines.length === 0 && i === 0 && openFence && block !== code),
  );
  return open ? { blocks: kept, open } : { blocks: kept };
}

function parseLine(line: string): Block {
  if (line.trim() === '') return { type: 'blank' };
  const heading = /^(#{1,6})\s+(.*)$/.exec(line);
  if (heading) return { type: 'heading', level: heading[1]!.length, spans: parseInline(heading[2]!) };
  if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return { type: 'rule' };
  const item = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/.exec(line);
  if (item) {
    const marker = /\d/.test(item[2]!) ? item[2]! : '•';
    return { type: 'list-item', indent: item[1]!.length, marker, spans: parseInline(item[3]!) };
  }
  const quote = /^\s*>\s?(.*)$/.exec(line);
  if (quote) return { type: 'quote', spans: parseInline(quote[1]!) };
  return { type: 'paragraph', spans: parseInline(line) };
}

const INLINE =
  /(`+)([^`]+?)\1|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|(?<![\w])_([^_\s][^_]*)_(?![\w])|\[([^\]]+)\]\(([^)\s]+)\)/g;

export function parseInline(text: string): Span[] {
  const spans: Span[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) spans.push({ text: text.slice(last, index), style: 'plain' });
    if (match[2] !== undefined) spans.push({ text: match[2], style: 'code' });
    else if (match[3] !== undefined || match[4] !== undefined)
      spans.push({ text: (match[3] ?? match[4])!, style: 'bold' });
    else if (match[5] !== undefined || match[6] !== undefined)
      spans.push({ text: (match[5] ?? match[6])!, style: 'italic' });
    else if (match[7] !== undefined) {
      spans.push({ text: match[7], style: 'link' });
      if (match[8] !== match[7]) spans.push({ text: ` (${match[8]})`, style: 'plain' });
    }
    last = index + match[0].length;
  }
  if (last < text.length) spans.push({ text: text.slice(last), style: 'plain' });
  return spans;
}
