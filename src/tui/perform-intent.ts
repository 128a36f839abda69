// What an intent does: the app's answer to a key once keyIntent has said what it means. Ops go
// to the session, edits and UI changes to the store, slash commands and picker choices to
// run-slash-command.ts.
import type { Completion } from './completion.js';
import { expandedText } from './composer-state.js';
import type { SessionLike } from './host.js';
import type { Intent } from './key-intent.js';
import type { Action } from './reducer.js';
import { runPickerChoice, runSlashCommand, type SlashContext } from './run-slash-command.js';
import { classifyInput, unknownCommandMessage } from './slash-commands.js';
import type { TuiState } from './state.js';
import type { CompletionControls } from './use-completion.js';

export interface IntentDeps {
  /** The store's current state (not the last rendered one). */
  state(): TuiState;
  dispatch(action: Action): void;
  /** Sends an op to the bound session, if any. */
  submit(op: Parameters<SessionLike['submit']>[0]): void;
  exit(): void;
  /** Sends the composer (or the given text) as a message or runs it as a slash command. */
  submitComposer(override?: { text: string; display: string }): void;
  completions: CompletionControls;
  /** The bracketed paste being received, undefined outside one. */
  paste: { current: string | undefined };
  slashContext(): SlashContext;
  /** Stops the slash command's host work, if it can be stopped. */
  cancelBusy(): void;
}

export function performIntent(intent: Intent, completion: Completion | undefined, deps: IntentDeps): void {
  const current = deps.state();
  switch (intent.kind) {
    case 'none':
      return;
    case 'interrupt':
      deps.dispatch({ type: 'interrupt-requested' });
      deps.submit({ type: 'interrupt' });
      return;
    case 'cancel-busy':
      deps.cancelBusy();
      return;
    case 'exit':
      deps.exit();
      return;
    case 'arm-exit':
      deps.dispatch({ type: 'exit-armed', armed: true });
      return;
    case 'edit':
      deps.dispatch({ type: 'composer', edit: intent.edit });
      return;
    case 'newline':
      if (intent.replaceBackslash) deps.dispatch({ type: 'composer', edit: { op: 'backspace' } });
      deps.dispatch({ type: 'composer', edit: { op: 'insert', text: '\n' } });
      return;
    case 'submit':
      deps.submitComposer();
      return;
    case 'insert-and-submit':
      insertAndSubmit(current, intent.text, deps);
      return;
    case 'approve': {
      const approval = current.live.approval;
      if (approval) deps.submit({ type: 'approval', callId: approval.callId, decision: intent.decision });
      return;
    }
    case 'picker-move':
      deps.dispatch({ type: 'picker-move', delta: intent.delta });
      return;
    case 'picker-close':
      deps.dispatch({ type: 'picker-close' });
      return;
    case 'picker-select': {
      const picker = current.picker;
      const item = picker?.items[picker.index];
      deps.dispatch({ type: 'picker-close' });
      if (picker && item) void runPickerChoice(picker.purpose, item.value, deps.slashContext());
      return;
    }
    case 'completion-move':
    case 'completion-accept':
    case 'completion-dismiss':
      performCompletion(intent, completion, current, deps);
      return;
    case 'expand':
      deps.dispatch({ type: 'expand' });
      return;
    case 'paste-begin':
    case 'paste-chunk':
    case 'paste-end':
      performPaste(intent, deps);
      return;
  }
}

/** Text typed faster than keys arrive, then Enter: inserted at the cursor and sent. */
function insertAndSubmit(state: TuiState, typed: string, deps: IntentDeps): void {
  const { composer } = state;
  const display = composer.value.slice(0, composer.cursor) + typed + composer.value.slice(composer.cursor);
  deps.submitComposer({ text: expandedText({ ...composer, value: display }), display });
}

function performCompletion(
  intent: Extract<Intent, { kind: 'completion-move' | 'completion-accept' | 'completion-dismiss' }>,
  completion: Completion | undefined,
  state: TuiState,
  deps: IntentDeps,
): void {
  if (intent.kind === 'completion-move') {
    deps.completions.move(intent.delta, completion);
    return;
  }
  if (intent.kind === 'completion-dismiss') {
    deps.completions.dismiss(state.composer.value);
    return;
  }
  const item = completion?.items[deps.completions.index];
  if (!completion || !item) return;
  const text = intent.thenSubmit ? item : `${item} `;
  deps.dispatch({ type: 'composer', edit: { op: 'replace', start: completion.start, text } });
  if (intent.thenSubmit) deps.submitComposer({ text: item, display: item });
}

/** A bracketed paste is collected whole, then inserted as one edit. */
function performPaste(
  intent: Extract<Intent, { kind: 'paste-begin' | 'paste-chunk' | 'paste-end' }>,
  deps: IntentDeps,
): void {
  if (intent.kind === 'paste-begin') {
    deps.paste.current = '';
    return;
  }
  if (intent.kind === 'paste-chunk') {
    deps.paste.current = (deps.paste.current ?? '') + intent.text;
    return;
  }
  const text = deps.paste.current ?? '';
  deps.paste.current = undefined;
  if (text) deps.dispatch({ type: 'composer', edit: { op: 'paste', text } });
}

export interface SubmitDeps {
  state: TuiState;
  dispatch(action: Action): void;
  /** Sends a message to the session (queued until one is connected). */
  sendToSession(text: string, display: string): void;
  slashContext(): SlashContext;
}

/**
 * Sends the composer (or `override`: text with pastes expanded, and as typed) as a message, or runs
 * it as a slash command; an unknown command gets a notice.
 */
export function submitText(deps: SubmitDeps, override?: { text: string; display: string }): void {
  const display = override?.display ?? deps.state.composer.value;
  const text = override?.text ?? expandedText(deps.state.composer);
  if (text.trim() === '') return;
  const input = classifyInput(text);
  if (input.kind === 'text') {
    deps.sendToSession(input.text, display);
    return;
  }
  deps.dispatch({ type: 'submitted', text, display, toSession: false });
  if (input.kind === 'unknown') {
    deps.dispatch({
      type: 'add-cell',
      cell: { kind: 'notice', tone: 'warning', text: unknownCommandMessage(input.name) },
    });
    return;
  }
  void runSlashCommand(input.invocation, deps.slashContext());
}
