// The finished cells, printed once into the scrollback. This is Ink's <Static> mechanism (a box
// Ink renders into the scrollback and then forgets) driven by the store instead of by an index
// of its own: the app state holds only the cells not printed yet, and the cells are dropped from
// it as soon as they are printed. So a long session keeps no transcript in memory, and adding a
// cell copies a handful of pending cells rather than every cell of the session.
import { createElement, memo, useLayoutEffect } from 'react';
import type { Cell } from '../state.js';
import { CellView } from './cell-view.js';

/** The style Ink's <Static> gives its box: out of the layout of the redrawn area. */
const STATIC_STYLE = { position: 'absolute', flexDirection: 'column' } as const;

export interface TranscriptProps {
  /** Cells not printed yet, oldest first. */
  cells: Cell[];
  /** Called after the frame that printed them: the id of the newest cell printed. */
  onPrinted: (lastId: string) => void;
}

/**
 * Memoised on the cells array: Ink draws a frame at once, past its frame limit, whenever the
 * static box is rendered again, so an app render that leaves the cells alone must not reach it.
 */
export const Transcript = memo(function Transcript({ cells, onPrinted }: TranscriptProps) {
  // After the commit that drew them (Ink writes static output during that commit), they are in
  // the terminal's scrollback: take them out of the state, which removes them from the tree.
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
