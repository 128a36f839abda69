// Adding finished cells to the screen state: each gets an id unique across session switches.
import type { Cell, Expandable, NewCell, TuiState } from './state.js';

export function addCell(state: TuiState, cell: NewCell): TuiState {
  const id = `${state.epoch}:${state.nextId}`;
  return { ...state, nextId: state.nextId + 1, cells: [...state.cells, { ...cell, id } as Cell] };
}

/** What Ctrl-O shows next. */
export function withExpandable(state: TuiState, expandable: Expandable): TuiState {
  return { ...state, expandable };
}
