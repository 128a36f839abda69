// The reply and reasoning as they stream: finished lines go into the scrollback as they end
// (stream-print.ts), the final message settles the rest.
import type { AgentEvent } from '../protocol/events.js';
import { addCell, withExpandable } from './add-cell.js';
import { withoutWritingTool } from './reduce-tools.js';
import type { NewCell, TuiState } from './state.js';
import { nothingPrinted, type PrintedPiece, printSettled } from './stream-print.js';

export function reduceTextDelta(
  state: TuiState,
  event: Extract<AgentEvent, { type: 'text-delta' }>,
): TuiState {
  const next = { ...state, live: { ...state.live, streamText: state.live.streamText + event.text } };
  return event.text.includes('\n') ? printStreamed(next) : next;
}

export function reduceReasoningDelta(
  state: TuiState,
  event: Extract<AgentEvent, { type: 'reasoning-delta' }>,
): TuiState {
  return { ...state, live: { ...state.live, reasoningText: state.live.reasoningText + event.text } };
}

export function reduceMessage(state: TuiState, event: Extract<AgentEvent, { type: 'message' }>): TuiState {
  const { streamText, printed } = state.live;
  const next = { ...state, live: { ...state.live, streamText: '', printed: nothingPrinted } };
  // The message is authoritative: when it is not what was printed so far, it is printed whole.
  if (!printed.printed || !event.text.startsWith(streamText.slice(0, printed.shown))) {
    return event.text.trim() ? addCell(next, { kind: 'assistant', text: event.text }) : next;
  }
  const { piece } = printSettled(event.text, printed, true);
  return piece ? addCell(next, pieceCell(piece)) : next;
}

export function reduceReasoning(
  state: TuiState,
  event: Extract<AgentEvent, { type: 'reasoning' }>,
): TuiState {
  const next = { ...state, live: { ...state.live, reasoningText: '' } };
  if (!event.text.trim()) return next;
  return withExpandable(addCell(next, { kind: 'reasoning', text: event.text }), {
    title: 'reasoning',
    body: event.text.trim(),
    format: 'text',
  });
}

export function reduceStreamReset(
  state: TuiState,
  event: Extract<AgentEvent, { type: 'stream-reset' }>,
): TuiState {
  const reset = withoutWritingTool(state);
  return addCell(
    { ...reset, live: { ...reset.live, streamText: '', printed: nothingPrinted, reasoningText: '' } },
    {
      kind: 'notice',
      tone: 'warning',
      text: `The stream dropped; restarting the response (${event.reason}).`,
    },
  );
}

/** Prints the finished lines of the streaming reply into the scrollback (see stream-print.ts). */
function printStreamed(state: TuiState): TuiState {
  const { piece, progress } = printSettled(state.live.streamText, state.live.printed, false);
  const next = { ...state, live: { ...state.live, printed: progress } };
  return piece ? addCell(next, pieceCell(piece)) : next;
}

export function pieceCell(piece: PrintedPiece): NewCell {
  return {
    kind: 'assistant',
    text: piece.text,
    ...(piece.continued ? { continued: true } : {}),
    ...(piece.fence ? { fence: piece.fence } : {}),
  };
}
