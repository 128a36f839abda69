// The finished cells, printed once into the scrollback. This is Ink's <Static> mechanism (a box
// Ink renders into the scrollback and then forgets), keyed by cell id instead of an index: after
// the frame that printed them, the transcript stops drawing them (its own state, so only it is
// drawn again) and tells the store, which drops them from the app state with its next change.
// So a long session keeps no transcript in memory, and adding a cell copies a handful of pending
// cells rather than every cell of the session.
import { createElement, memo, useLayoutEffect, useState } from 'react';
import type { Cell } from '../state.js';
import { CellView } from './cell-view.js';

/** The style Ink's <Static> gives its box: out of the layout of the redrawn area. */
const STATIC_STYLE = { position: 'absolute', flexDirection: 'column' } as const;

export interface TranscriptProps {
  /** The cells the app state holds, oldest first: those not printed yet, and maybe a few printed. */
  cells: Cell[];
  /** Called after the frame that printed cells: the id of the newest cell printed. */
  onPrinted: (lastId: string) => void;
}

/**
 * Memoised on the cells array: Ink draws a frame at once, past its frame limit, whenever the
 * static box is rendered again, so an app render that leaves the cells alone must not reach it.
 */
export const Transcript = memo(function Transcript({ cells, onPrinted }: TranscriptProps) {
  const [printedId, setPrintedId] = useState<string | undefined>(undefined);
  // The cells after the last one printed; all of them once the state has let go of that one.
  const printedAt = printedId === undefined ? -1 : cells.findIndex((cell) => cell.id === printedId);
  const unprinted = printedAt < 0 ? cells : cells.slice(printedAt + 1);
  // After the commit that drew them (Ink writes static output during that commit), they are in
  // the terminal's scrollback: stop drawing them, which removes them from the tree.
  useLayoutEffect(() => {
    const last = unprinted.at(-1);
    if (!last) return;
    setPrintedId(last.id);
    onPrinted(last.id);
  }, [unprinted, onPrinted]);
  return createElement(
    'ink-box',
    { internal_static: true, style: STATIC_STYLE },
    unprinted.map((cell) => <CellView key={cell.id} cell={cell} />),
  );
});
