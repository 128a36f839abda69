// Printing a streaming reply into the scrollback line by line. A line the model has finished
// never changes again, so it is printed once (as a cell) instead of being redrawn with every
// frame; only the line being written stays in the redrawn area. The Markdown reader is
// line-based, so the pieces render as the whole reply would — except code blocks and runs of
// blank lines, which are carried across pieces here (and the newline ending the reply, which
// adds no blank row).
import { fenceAtEnd, type OpenFence, parseMarkdown } from './markdown.js';

/** How much of the streamed text is in the scrollback already. */
export interface PrintedProgress {
  /** Characters of the stream text printed (always just after a newline, or 0). */
  shown: number;
  /** A piece was printed: the next one continues it, without a gap. */
  printed: boolean;
  /** The code fence open at `shown`. */
  fence?: OpenFence;
  /** The last printed line was blank (outside code): leading blank lines of the next piece are dropped. */
  endsBlank: boolean;
}

export const nothingPrinted: PrintedProgress = { shown: 0, printed: false, endsBlank: false };

/** One piece of a reply, printed as an assistant cell. */
export interface PrintedPiece {
  text: string;
  /** Continues the piece above it. */
  continued: boolean;
  /** The code block the piece starts inside. */
  fence?: OpenFence;
}

/**
 * What of `text` can be printed now, from `progress` on: its complete lines, or with `final`
 * everything (the reply is over). `piece` is undefined when nothing visible is new.
 */
export function printSettled(
  text: string,
  progress: PrintedProgress,
  final: boolean,
): { piece?: PrintedPiece; progress: PrintedProgress } {
  const end = final ? text.length : text.lastIndexOf('\n') + 1;
  if (end <= progress.shown) return { progress };
  // Without the newline that ends the last complete line (and its `\r` when lines end in CRLF).
  let piece = text.slice(progress.shown, final ? end : text[end - 2] === '\r' ? end - 2 : end - 1);
  const inCode = progress.fence !== undefined;
  const blank = !inCode && piece.trim() === '';
  // A blank line after a blank line shows nothing, as in the reply read whole.
  if (blank && progress.endsBlank) return { progress: { ...progress, shown: end } };
  if (progress.endsBlank && !inCode) piece = piece.replace(/^(?:[ \t\r]*\n)+/, '');
  const fence = fenceAtEnd(piece, progress.fence);
  const lastLine = piece.slice(piece.lastIndexOf('\n') + 1);
  const next: PrintedProgress = {
    shown: end,
    printed: progress.printed,
    endsBlank: fence === undefined && lastLine.trim() === '',
    ...(fence ? { fence } : {}),
  };
  // Only the closing fence of a code block: nothing to show.
  if (parseMarkdown(piece, progress.fence).length === 0) return { progress: next };
  return {
    piece: { text: piece, continued: progress.printed, ...(inCode ? { fence: progress.fence } : {}) },
    progress: { ...next, printed: true },
  };
}

/** The part of `text` not printed yet, with its open fence put back in front so it renders as code. */
export function unprinted(text: string, progress: PrintedProgress): string {
  const rest = text.slice(progress.shown);
  return progress.fence && rest ? `${progress.fence.marker}${progress.fence.lang}\n${rest}` : rest;
}
