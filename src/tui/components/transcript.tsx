// The finished cells, printed once into the scrollback. This is Ink's <Static> mechanism (a box
// Ink renders into the scrollback and then forgets), keyed by cell id instead of an index. The
// bundled Ink writes the box only in the commit that changed it (scripts/ink-static-once.mjs),
// so the printed cells stay in it until the app's next change: after the commit that printed
// them the transcript tells the store, which drops them from the app state with that change.
// No second commit per print, a long session keeps no transcript in memory, and adding a cell
// copies a handful of pending cells rather than every cell of the session.
import { createElement, memo, useLayoutEffect } from 'react';
import type { Cell } from '../state.js';
import { CellView } from './cell-view.js';

/** The style Ink's <Static> gives its box: out of the layout of the redrawn area. */
const STATIC_STYLE = { position: 'absolute', flexDirection: 'column' } as const;

export interface TranscriptProps {
  /** The cells the app state holds, oldest first: none of them printed yet. */
  cells: Cell[];
  /** Called after the commit that printed cells: the id of the newest cell printed. */
  onPrinted: (lastId: string) => void;
}

/**
 * Memoised on the cells array: Ink draws a frame at once, past its frame limit, whenever the
 * static box is rendered again, so an app render that leaves the cells alone must not reach it.
 */
export const Transcript = memo(function Transcript({ cells, onPrinted }: TranscriptProps) {
  // Ink wrote the box during this commit: the cells are in the terminal's scrollback now.
  useLayoutEffect(() => {
    const last = cells.at(-1);
    if (last) onPrinted(last.id);
  }, [cells, onPrinted]);
  return createElement(
    'ink-box',
    { internal_static: true, style: STATIC_STYLE },
    cells.map((cell) => <CellView key={cell.id} cell={cell} />),
  );
});
