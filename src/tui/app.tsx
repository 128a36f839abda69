// The interactive app: a view of the session's event stream. It renders state from the reducer,
// turns keys into intents, and sends ops (input, approvals, interrupts) to the session. It never
// drives the agent loop itself.
import { Box, type Key, Text, useApp, useInput } from 'ink';
import { memo, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { type Completion, fileCompletion, slashCompletion } from './completion.js';
import { ComposerView, MAX_COMPOSER_LINES } from './components/composer-view.js';
import { LiveArea } from './components/live-area.js';
import { PickerView } from './components/picker-view.js';
import { StatusBar } from './components/status-bar.js';
import { Transcript } from './components/transcript.js';
import { useTerminalSize } from './components/use-terminal-size.js';
import { type ComposerState, expandedText, wordBeforeCursor } from './composer-state.js';
import { createFileIndex, type FileIndex } from './file-index.js';
import type { SessionBinding, SessionLike, TuiHost } from './host.js';
import { type Intent, keyIntent } from './key-intent.js';
import { runPickerChoice, runSlashCommand, type SlashContext } from './run-slash-command.js';
import { classifyInput, unknownCommandMessage } from './slash-commands.js';
import { initialState } from './state.js';
import { createTheme, ThemeProvider } from './theme.js';
import { createUiStore } from './ui-store.js';

export interface AppProps {
  host: TuiHost;
  version: string;
  cwd: string;
  /** Sent as the first message once the session is connected. */
  initialPrompt?: string | undefined;
  /** False with NO_COLOR: no colours, only bold / dim / inverse. */
  color: boolean;
  /** The time source for event timestamps (tests pass a fixed clock). */
  now?: () => number;
  /** Called once when the user leaves (/quit, Ctrl-D, Ctrl-C twice), before Ink unmounts. */
  onExit?: () => void;
}

const NO_FILES = createFileIndex([]);

/** The last completion computed and what it was computed from. */
interface CompletionMemo {
  value: string;
  cursor: number;
  files: FileIndex | undefined;
  dismissedAt: string | undefined;
  result: Completion | undefined;
}

export function App(props: AppProps) {
  const theme = useMemo(() => createTheme(props.color), [props.color]);
  return (
    <ThemeProvider theme={theme}>
      <AppBody {...props} />
    </ThemeProvider>
  );
}

function AppBody({ host, version, cwd, initialPrompt, now = Date.now, onExit }: AppProps) {
  const { exit: exitApp } = useApp();
  const [store] = useState(() => createUiStore(initialState({ version, cwd })));
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const { dispatch } = store;
  const stateRef = useMemo(
    () => ({
      get current() {
        return store.getState();
      },
    }),
    [store],
  );
  const sessionRef = useRef<{ session: SessionLike; unsubscribe: () => void } | undefined>(undefined);
  const pendingRef = useRef<string[]>([]);
  /** The command-line prompt when it is a slash command: run once the first session is bound. */
  const initialCommandRef = useRef<string | undefined>(undefined);
  const pasteRef = useRef<string | undefined>(undefined);
  /** Why the app ends when it cannot start (e.g. an invalid config): rethrown by waitUntilExit. */
  const exitErrorRef = useRef<Error | undefined>(undefined);
  const { columns, rows } = useTerminalSize();
  const onPrinted = useCallback((lastId: string) => dispatch({ type: 'cells-printed', lastId }), [dispatch]);

  const bind = useCallback(
    (binding: SessionBinding, reason: 'connect' | 'model' | 'profile' | 'new' | 'resume' | 'review') => {
      sessionRef.current?.unsubscribe();
      dispatch({
        type: 'session-bound',
        info: binding.info,
        reason,
        ...(binding.replay ? { replay: binding.replay } : {}),
        ...(binding.notices ? { notices: binding.notices } : {}),
      });
      const unsubscribe = binding.session.subscribe((event) =>
        dispatch({ type: 'agent-event', event, at: now() }),
      );
      sessionRef.current = { session: binding.session, unsubscribe };
      binding.session.start();
      const epoch = store.getState().epoch;
      binding.contextWindowProbe?.then(
        (contextWindow) => {
          if (contextWindow !== undefined) dispatch({ type: 'info-update', epoch, info: { contextWindow } });
        },
        () => {},
      );
    },
    [now, dispatch, store],
  );

  const exit = useCallback(() => {
    dispatch({ type: 'exiting' });
    const current = sessionRef.current;
    if (stateRef.current.running) current?.session.submit({ type: 'interrupt' });
    current?.unsubscribe();
    onExit?.();
  }, [onExit, dispatch, stateRef]);
  // Unmount after the frame without the composer is drawn, so the terminal keeps only the transcript.
  useEffect(() => {
    if (state.exiting) exitApp(exitErrorRef.current);
  }, [state.exiting, exitApp]);

  const sendToSession = useCallback(
    (text: string, display: string) => {
      dispatch({ type: 'submitted', text, display, toSession: true });
      const current = sessionRef.current;
      if (current) current.session.submit({ type: 'user-input', text });
      else pendingRef.current.push(text);
    },
    [dispatch],
  );

  // Connect after the first frame: config resolution and probes never delay the screen.
  // biome-ignore lint/correctness/useExhaustiveDependencies: connect once per mount
  useEffect(() => {
    let cancelled = false;
    host.connect().then(
      (binding) => {
        if (cancelled) return;
        bind(binding, 'connect');
        for (const text of pendingRef.current.splice(0))
          sessionRef.current?.session.submit({ type: 'user-input', text });
      },
      (error: unknown) => {
        if (cancelled) return;
        exitErrorRef.current = error instanceof Error ? error : new Error(String(error));
        dispatch({ type: 'exiting' });
      },
    );
    // A command-line prompt that names a slash command runs it once the session is connected
    // (the CLI refused unknown ones before the UI started); any other prompt is the first task.
    if (initialPrompt?.trim()) {
      const input = classifyInput(initialPrompt);
      if (input.kind === 'text') sendToSession(input.text, initialPrompt);
      else initialCommandRef.current = initialPrompt;
    }
    return () => {
      cancelled = true;
      sessionRef.current?.unsubscribe();
    };
  }, []);

  const slashContext = (): SlashContext => ({
    host,
    state: stateRef.current,
    dispatch,
    bind,
    exit,
    submit: (op) => sessionRef.current?.session.submit(op),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs the initial command once, when connected
  useEffect(() => {
    const command = initialCommandRef.current;
    if (!state.status || command === undefined) return;
    initialCommandRef.current = undefined;
    submitComposer({ text: command, display: command });
  }, [state.status]);

  // Completion for the word before the cursor (`/command` or `@path`).
  const [files, setFiles] = useState<FileIndex | undefined>(undefined);
  const [completionIndex, setCompletionIndex] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<string | undefined>(undefined);
  const { value } = state.composer;
  // Ranking the workspace's paths is the costliest thing a key does: once per composer change, not
  // again for the key handler or for each streamed event that redraws the app.
  const lastCompletion = useRef<CompletionMemo | undefined>(undefined);
  const completionFor = (composer: ComposerState): Completion | undefined => {
    const last = lastCompletion.current;
    if (
      last &&
      last.value === composer.value &&
      last.cursor === composer.cursor &&
      last.files === files &&
      last.dismissedAt === dismissedAt
    ) {
      return last.result;
    }
    const word = wordBeforeCursor(composer);
    const result =
      dismissedAt === composer.value
        ? undefined
        : (slashCompletion(composer.value, composer.cursor) ??
          fileCompletion(word.word, word.start, files ?? NO_FILES));
    lastCompletion.current = { value: composer.value, cursor: composer.cursor, files, dismissedAt, result };
    return result;
  };
  const wantsFiles = wordBeforeCursor(state.composer).word.startsWith('@');
  // Listed afresh each time an `@` word starts, so files the model just created are offered.
  useEffect(() => {
    if (wantsFiles)
      host.listFiles().then(
        (paths) => setFiles(createFileIndex(paths)),
        () => setFiles(NO_FILES),
      );
  }, [wantsFiles, host]);
  const completion = completionFor(state.composer);
  const completionKey = completion?.items.join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the selection when the candidates change
  useEffect(() => setCompletionIndex(0), [completionKey]);

  const submitComposer = (composerOverride?: { text: string; display: string }) => {
    const current = stateRef.current;
    const display = composerOverride?.display ?? current.composer.value;
    const text = composerOverride?.text ?? expandedText(current.composer);
    if (text.trim() === '') return;
    const input = classifyInput(text);
    if (input.kind === 'text') {
      sendToSession(input.text, display);
      return;
    }
    dispatch({ type: 'submitted', text, display, toSession: false });
    if (input.kind === 'unknown') {
      dispatch({
        type: 'add-cell',
        cell: { kind: 'notice', tone: 'warning', text: unknownCommandMessage(input.name) },
      });
      return;
    }
    void runSlashCommand(input.invocation, slashContext());
  };

  const perform = (intent: Intent, completion: Completion | undefined) => {
    const current = stateRef.current;
    switch (intent.kind) {
      case 'none':
        return;
      case 'interrupt':
        dispatch({ type: 'interrupt-requested' });
        sessionRef.current?.session.submit({ type: 'interrupt' });
        return;
      case 'exit':
        exit();
        return;
      case 'arm-exit':
        dispatch({ type: 'exit-armed', armed: true });
        return;
      case 'edit':
        dispatch({ type: 'composer', edit: intent.edit });
        return;
      case 'newline':
        if (intent.replaceBackslash) dispatch({ type: 'composer', edit: { op: 'backspace' } });
        dispatch({ type: 'composer', edit: { op: 'insert', text: '\n' } });
        return;
      case 'submit':
        submitComposer();
        return;
      case 'insert-and-submit': {
        const composer = current.composer;
        const display =
          composer.value.slice(0, composer.cursor) + intent.text + composer.value.slice(composer.cursor);
        const text = expandedText({ ...composer, value: display });
        submitComposer({ text, display });
        return;
      }
      case 'approve': {
        const approval = current.live.approval;
        if (approval) {
          sessionRef.current?.session.submit({
            type: 'approval',
            callId: approval.callId,
            decision: intent.decision,
          });
        }
        return;
      }
      case 'picker-move':
        dispatch({ type: 'picker-move', delta: intent.delta });
        return;
      case 'picker-close':
        dispatch({ type: 'picker-close' });
        return;
      case 'picker-select': {
        const picker = current.picker;
        const item = picker?.items[picker.index];
        dispatch({ type: 'picker-close' });
        if (picker && item) void runPickerChoice(picker.purpose, item.value, slashContext());
        return;
      }
      case 'completion-move':
        if (completion) {
          const count = completion.items.length;
          setCompletionIndex((index) => (((index + intent.delta) % count) + count) % count);
        }
        return;
      case 'completion-accept': {
        const item = completion?.items[completionIndex];
        if (!completion || !item) return;
        const text = intent.thenSubmit ? item : `${item} `;
        dispatch({ type: 'composer', edit: { op: 'replace', start: completion.start, text } });
        if (intent.thenSubmit) submitComposer({ text: item, display: item });
        return;
      }
      case 'completion-dismiss':
        setDismissedAt(current.composer.value);
        return;
      case 'expand':
        dispatch({ type: 'expand' });
        return;
      case 'paste-begin':
        pasteRef.current = '';
        return;
      case 'paste-chunk':
        pasteRef.current = (pasteRef.current ?? '') + intent.text;
        return;
      case 'paste-end': {
        const text = pasteRef.current ?? '';
        pasteRef.current = undefined;
        if (text) dispatch({ type: 'composer', edit: { op: 'paste', text } });
        return;
      }
    }
  };

  useInput((input: string, key: Key) => {
    const current = stateRef.current;
    const composer = current.composer;
    const completion = completionFor(composer);
    const intent = keyIntent(input, key, {
      running: current.running,
      composerEmpty: composer.value === '',
      exitArmed: current.exitArmed,
      approvalPending: current.live.approval !== undefined,
      pickerOpen: current.picker !== undefined,
      completion: completion
        ? completion.items[0]?.startsWith('/') && completion.start === 0
          ? 'slash'
          : 'file'
        : undefined,
      pasting: pasteRef.current !== undefined,
      trailingBackslash: composer.cursor === composer.value.length && composer.value.endsWith('\\'),
    });
    if (current.exitArmed && intent.kind !== 'exit' && intent.kind !== 'arm-exit') {
      dispatch({ type: 'exit-armed', armed: false });
    }
    perform(intent, completion);
  });

  const composerRows = Math.min(MAX_COMPOSER_LINES, value.split('\n').length) + 2;
  const popupRows = state.picker
    ? Math.min(8, state.picker.items.length) + 3
    : (completion?.items.length ?? 0);
  const liveRows = Math.max(3, rows - composerRows - popupRows - 3);
  const inputActive = !state.live.approval && !state.picker && !state.exiting;
  const hint = state.exitArmed
    ? 'Press Ctrl-C again to quit.'
    : state.busy
      ? state.busy
      : state.status
        ? undefined
        : 'connecting to the model provider…';

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
            completion={
              completion && inputActive ? { items: completion.items, index: completionIndex } : undefined
            }
          />
          {hint ? <Text dimColor>{hint}</Text> : null}
          <Status status={state.status} columns={columns} />
        </>
      )}
    </Box>
  );
}

/** Redrawn only when their own props change, not with every streamed frame. */
const Composer = memo(ComposerView);
const Status = memo(StatusBar);
