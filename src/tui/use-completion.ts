// Completion for the word before the cursor (`/command` or `@path`): the candidates, the one
// selected, and Esc's dismissal. The workspace's files are listed afresh each time an `@` word
// starts (so files the model just created are offered) and indexed once per listing.
import { useEffect, useRef, useState } from 'react';
import { type Completion, fileCompletion, slashCompletion } from './completion.js';
import { type ComposerState, wordBeforeCursor } from './composer-state.js';
import { createFileIndex, type FileIndex } from './file-index.js';
import type { TuiHost } from './host.js';

const NO_FILES = createFileIndex([]);

/** The last completion computed and what it was computed from. */
interface CompletionMemo {
  value: string;
  cursor: number;
  files: FileIndex | undefined;
  dismissedAt: string | undefined;
  result: Completion | undefined;
}

export interface CompletionControls {
  /** The candidates for the composer as rendered. */
  completion: Completion | undefined;
  /** The candidates for `composer` (the key handler's, possibly newer than the render's). */
  completionFor(composer: ComposerState): Completion | undefined;
  /** The selected candidate. */
  index: number;
  /** Moves the selection in `candidates` (the key handler's), wrapping around. */
  move(delta: number, candidates: Completion | undefined): void;
  /** Hides the candidates until the composer's text changes from `value`. */
  dismiss(value: string): void;
}

export function useCompletion(composer: ComposerState, host: Pick<TuiHost, 'listFiles'>): CompletionControls {
  const [files, setFiles] = useState<FileIndex | undefined>(undefined);
  const [index, setIndex] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<string | undefined>(undefined);
  // Ranking the workspace's paths is the costliest thing a key does: once per composer change, not
  // again for the key handler or for each streamed event that redraws the app.
  const lastCompletion = useRef<CompletionMemo | undefined>(undefined);
  const completionFor = (current: ComposerState): Completion | undefined => {
    const last = lastCompletion.current;
    if (
      last &&
      last.value === current.value &&
      last.cursor === current.cursor &&
      last.files === files &&
      last.dismissedAt === dismissedAt
    ) {
      return last.result;
    }
    const word = wordBeforeCursor(current);
    const result =
      dismissedAt === current.value
        ? undefined
        : (slashCompletion(current.value, current.cursor) ??
          fileCompletion(word.word, word.start, files ?? NO_FILES));
    lastCompletion.current = { value: current.value, cursor: current.cursor, files, dismissedAt, result };
    return result;
  };
  const wantsFiles = wordBeforeCursor(composer).word.startsWith('@');
  useEffect(() => {
    if (wantsFiles)
      host.listFiles().then(
        (paths) => setFiles(createFileIndex(paths)),
        () => setFiles(NO_FILES),
      );
  }, [wantsFiles, host]);
  const completion = completionFor(composer);
  const completionKey = completion?.items.join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the selection when the candidates change
  useEffect(() => setIndex(0), [completionKey]);
  return {
    completion,
    completionFor,
    index,
    move(delta, candidates) {
      const count = candidates?.items.length ?? 0;
      if (count > 0) setIndex((at) => (((at + delta) % count) + count) % count);
    },
    dismiss: setDismissedAt,
  };
}
