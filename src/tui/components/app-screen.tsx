// The screen: the transcript printed once into the scrollback, then the redrawn part — the live
// area (cut to the rows left), a picker, the composer with its completion list, a hint line and
// the status line. Without the redrawn part once the app is leaving.
import { Box, Text } from 'ink';
import { memo } from 'react';
import type { TuiState } from '../state.js';
import { ComposerView, MAX_COMPOSER_LINES } from './composer-view.js';
import { LiveArea } from './live-area.js';
import { PickerView } from './picker-view.js';
import { StatusBar } from './status-bar.js';
import { Transcript } from './transcript.js';

export interface AppScreenProps {
  state: TuiState;
  columns: number;
  rows: number;
  /** The completion candidates and the selected one, when shown. */
  completion: { items: string[]; index: number } | undefined;
  onPrinted: (lastId: string) => void;
}

/** Redrawn only when their own props change, not with every streamed frame. */
const Composer = memo(ComposerView);
const Status = memo(StatusBar);

export function AppScreen({ state, columns, rows, completion, onPrinted }: AppScreenProps) {
  const composerRows = Math.min(MAX_COMPOSER_LINES, state.composer.value.split('\n').length) + 2;
  const popupRows = state.picker
    ? Math.min(8, state.picker.items.length) + 3
    : (completion?.items.length ?? 0);
  const liveRows = Math.max(3, rows - composerRows - popupRows - 3);
  const inputActive = !state.live.approval && !state.picker && !state.exiting;
  return (
    <Box flexDirection="column">
      <Transcript cells={state.cells} onPrinted={onPrinted} />
      {state.exiting ? null : (
        <>
          <LiveArea state={state} columns={columns} rows={liveRows} />
          {state.picker ? <PickerView picker={state.picker} /> : null}
          <Composer
            composer={state.composer}
            active={inputActive}
            placeholder={
              state.running
                ? 'Type to queue a follow-up…'
                : 'Ask ossa to do something · / for commands · @ for files'
            }
            completion={completion && inputActive ? completion : undefined}
          />
          <Hint state={state} />
          <Status status={state.status} columns={columns} />
        </>
      )}
    </Box>
  );
}

function Hint({ state }: { state: TuiState }) {
  const hint = state.exitArmed
    ? 'Press Ctrl-C again to quit.'
    : state.busy || (state.status ? undefined : 'connecting to the model provider…');
  return hint ? <Text dimColor>{hint}</Text> : null;
}
