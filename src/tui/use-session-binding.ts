// The app's tie to its session: binding a session (subscribing to its events, starting it),
// connecting the first one after the first frame, sending input (queued until connected), and
// leaving. Session switches (/model, /resume …) bind a fresh session through the same `bind`.
import { useCallback, useEffect, useRef } from 'react';
import type { SessionBinding, SessionLike, TuiHost } from './host.js';
import { classifyInput } from './slash-commands.js';
import type { UiStore } from './ui-store.js';

export type BindReason = 'connect' | 'model' | 'profile' | 'new' | 'resume' | 'review';

export interface SessionBindingOptions {
  host: TuiHost;
  store: UiStore;
  now: () => number;
  /** Sent as the first message once connected (a slash command runs once connected). */
  initialPrompt?: string | undefined;
  onExit?: (() => void) | undefined;
  /** The state says the app is leaving: unmount (with the error that ended it, if any). */
  exiting: boolean;
  exitApp: (error?: Error) => void;
}

export function useSessionBinding({
  host,
  store,
  now,
  initialPrompt,
  onExit,
  exiting,
  exitApp,
}: SessionBindingOptions) {
  const { dispatch } = store;
  const sessionRef = useRef<BoundSession | undefined>(undefined);
  const pendingRef = useRef<string[]>([]);
  /** The command-line prompt when it is a slash command: run once the first session is bound. */
  const initialCommandRef = useRef<string | undefined>(undefined);
  /** Why the app ends when it cannot start (e.g. an invalid config): rethrown by waitUntilExit. */
  const exitErrorRef = useRef<Error | undefined>(undefined);

  const bind = useCallback(
    (binding: SessionBinding, reason: BindReason) => bindSession(binding, reason, { store, now, sessionRef }),
    [now, store],
  );

  const exit = useCallback(() => {
    dispatch({ type: 'exiting' });
    const current = sessionRef.current;
    if (store.getState().running) current?.session.submit({ type: 'interrupt' });
    current?.unsubscribe();
    onExit?.();
  }, [onExit, dispatch, store]);
  // Unmount after the frame without the composer is drawn, so the terminal keeps only the transcript.
  useEffect(() => {
    if (exiting) exitApp(exitErrorRef.current);
  }, [exiting, exitApp]);

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

  return { sessionRef, bind, exit, sendToSession, initialCommandRef };
}

type BoundSession = { session: SessionLike; unsubscribe: () => void };

/**
 * Makes `binding` the app's session: the old one's events stop, the state starts the new session
 * (with what it replays), its events flow into the store, and a late context-window probe
 * updates the status line of this session only.
 */
function bindSession(
  binding: SessionBinding,
  reason: BindReason,
  {
    store,
    now,
    sessionRef,
  }: { store: UiStore; now: () => number; sessionRef: { current: BoundSession | undefined } },
): void {
  const { dispatch } = store;
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
}
