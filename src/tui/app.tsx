// The interactive app: a view of the session's event stream. It renders state from the reducer,
// turns keys into intents, and sends ops (input, approvals, interrupts) to the session. It never
// drives the agent loop itself.
import { type Key, useApp, useInput } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { BusyWork } from './busy-work.js';
import { AppScreen } from './components/app-screen.js';
import { useTerminalSize } from './components/use-terminal-size.js';
import type { TuiHost } from './host.js';
import { keyContextOf, keyIntent } from './key-intent.js';
import { type IntentDeps, performIntent, submitText } from './perform-intent.js';
import type { SlashContext } from './run-slash-command.js';
import { initialState } from './state.js';
import { createTheme, ThemeProvider } from './theme.js';
import { createUiStore } from './ui-store.js';
import { useCompletion } from './use-completion.js';
import { useSessionBinding } from './use-session-binding.js';

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
  const pasteRef = useRef<string | undefined>(undefined);
  const busyWork = useMemo(() => new BusyWork(), []);
  const { columns, rows } = useTerminalSize();
  const onPrinted = useCallback((lastId: string) => store.markPrinted(lastId), [store]);
  const { sessionRef, bind, exit, sendToSession, initialCommandRef } = useSessionBinding({
    host,
    store,
    now,
    initialPrompt,
    onExit,
    exiting: state.exiting,
    exitApp,
  });

  const slashContext = (): SlashContext => ({
    host,
    state: stateRef.current,
    dispatch,
    bind,
    exit,
    submit: (op) => sessionRef.current?.session.submit(op),
    busyWork,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs the initial command once, when connected
  useEffect(() => {
    const command = initialCommandRef.current;
    if (!state.status || command === undefined) return;
    initialCommandRef.current = undefined;
    submitComposer({ text: command, display: command });
  }, [state.status]);

  const completions = useCompletion(state.composer, host);
  const { completion } = completions;

  const submitComposer = (override?: { text: string; display: string }) =>
    submitText({ state: stateRef.current, dispatch, sendToSession, slashContext }, override);

  const intentDeps: IntentDeps = {
    state: () => stateRef.current,
    dispatch,
    submit: (op) => sessionRef.current?.session.submit(op),
    exit,
    submitComposer,
    completions,
    paste: pasteRef,
    slashContext,
    cancelBusy: () => busyWork.cancel(),
  };

  useInput((input: string, key: Key) => {
    const current = stateRef.current;
    const completion = completions.completionFor(current.composer);
    const intent = keyIntent(input, key, keyContextOf(current, completion, pasteRef.current !== undefined));
    if (current.exitArmed && intent.kind !== 'exit' && intent.kind !== 'arm-exit') {
      dispatch({ type: 'exit-armed', armed: false });
    }
    performIntent(intent, completion, intentDeps);
  });

  return (
    <AppScreen
      state={state}
      columns={columns}
      rows={rows}
      completion={completion ? { items: completion.items, index: completions.index } : undefined}
      onPrinted={onPrinted}
    />
  );
}
