import { describe, expect, it } from 'vitest';
import { type Block, parseMarkdown } from './markdown.js';
import { nothingPrinted, type PrintedPiece, printSettled, unprinted } from './stream-print.js';

/** What the reader makes of blocks, line by line: code blocks split across pieces compare equal. */
function rows(blocks: Block[]): string[] {
  return blocks.flatMap((block) =>
    block.type === 'code'
      ? block.lines.map((line) => `code(${block.lang}) ${line}`)
      : [JSON.stringify(block)],
  );
}

function withoutTrailingBlank(lines: string[]): string[] {
  return lines.at(-1) === '{"type":"blank"}' ? lines.slice(0, -1) : lines;
}

/** Streams `text` in `size`-character deltas the way the reducer does; returns the printed pieces. */
function streamInPieces(text: string, size: number): PrintedPiece[] {
  const pieces: PrintedPiece[] = [];
  let progress = nothingPrinted;
  let streamed = '';
  for (let i = 0; i < text.length; i += size) {
    const delta = text.slice(i, i + size);
    streamed += delta;
    if (!delta.includes('\n')) continue;
    const step = printSettled(streamed, progress, false);
    if (step.piece) pieces.push(step.piece);
    progress = step.progress;
  }
  const last = printSettled(streamed, progress, true);
  if (last.piece) pieces.push(last.piece);
  return pieces;
}

const REPLIES: Record<string, string> = {
  'plain lines': 'First line.\nSecond line with `code`.\n- a list item\n# Heading\nlast',
  'code block across pieces': 'Here:\n\n```ts\nconst a = 1;\n\nconst b = 2;\n```\nAfter the code.',
  'tilde fence holding backticks': '~~~md\n```\nnot a fence here\n```\n~~~\ndone',
  'runs of blank lines': 'a\n\n\n\nb\n\n\n',
  'leading blank lines': '\n\n\nstarts late',
  'a fence that never closes': 'Partial:\n```py\nprint(1)\nprint(2)',
  'CRLF line ends': 'one\r\ntwo\r\n\r\n\r\nthree\r\n```\r\ncode\r\n```\r\n',
  'only a closing fence in a piece': '```\nx\n```\n\n',
  'trailing spaces': 'text\n   \n  ',
};

describe('printing a streaming reply line by line', () => {
  for (const [name, text] of Object.entries(REPLIES)) {
    it(`renders as the whole reply does: ${name}`, () => {
      const whole = rows(parseMarkdown(text));
      for (const size of [1, 2, 3, 7, text.length]) {
        const pieces = streamInPieces(text, size);
        const printed = pieces.flatMap((piece) => rows(parseMarkdown(piece.text, piece.fence)));
        // The newline that ends a reply adds no blank row when the reply was printed as it streamed.
        expect(withoutTrailingBlank(printed), `deltas of ${size}`).toEqual(withoutTrailingBlank(whole));
        expect(pieces.slice(1).every((piece) => piece.continued)).toBe(true);
        if (pieces[0]) expect(pieces[0].continued).toBe(false);
      }
    });
  }

  it('prints nothing of the line still being written', () => {
    const { piece, progress } = printSettled('done line\nhalf a li', nothingPrinted, false);
    expect(piece?.text).toBe('done line');
    expect(unprinted('done line\nhalf a li', progress)).toBe('half a li');
    expect(printSettled('done line\nhalf a line', progress, false).piece).toBeUndefined();
  });

  it('puts the open fence back in front of the unprinted rest, so it still renders as code', () => {
    const text = 'Code:\n```rust\nfn main() {\n    let x';
    const { progress } = printSettled(text, nothingPrinted, false);
    expect(progress.fence).toEqual({ marker: '```', lang: 'rust' });
    expect(unprinted(text, progress)).toBe('```rust\n    let x');
  });
});
