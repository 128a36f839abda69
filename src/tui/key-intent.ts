// Keys → what the user means, given what is on screen. Pure, so every key binding is tested
// without a terminal. Ink reports Backspace (0x7f) as `delete`; both erase backwards.
import type { Key } from 'ink';
import type { ApprovalDecision } from '../protocol/approval.js';
import type { Completion } from './completion.js';
import type { Movement } from './composer-state.js';
import type { ComposerEdit } from './reducer.js';
import type { TuiState } from './state.js';

export interface KeyContext {
  running: boolean;
  composerEmpty: boolean;
  exitArmed: boolean;
  approvalPending: boolean;
  pickerOpen: boolean;
  /** Host work is running that Esc or Ctrl-C stops (`/review`). */
  busyCancellable: boolean;
  /** Completion candidates are shown; `slash` when they are slash commands. */
  completion?: 'slash' | 'file' | undefined;
  /** Inside a bracketed paste (between ESC[200~ and ESC[201~). */
  pasting: boolean;
  /** The character before the cursor is a backslash and the cursor is at the end. */
  trailingBackslash: boolean;
}

export type Intent =
  | { kind: 'none' }
  | { kind: 'interrupt' }
  /** Stop the slash command's host work (`/review`). */
  | { kind: 'cancel-busy' }
  | { kind: 'exit' }
  | { kind: 'arm-exit' }
  | { kind: 'edit'; edit: ComposerEdit }
  | { kind: 'newline'; replaceBackslash: boolean }
  | { kind: 'submit' }
  /** Text typed faster than keys arrive (or sent by a script) followed by Enter. */
  | { kind: 'insert-and-submit'; text: string }
  | { kind: 'approve'; decision: ApprovalDecision }
  | { kind: 'picker-move'; delta: number }
  | { kind: 'picker-select' }
  | { kind: 'picker-close' }
  | { kind: 'completion-move'; delta: number }
  | { kind: 'completion-accept'; thenSubmit: boolean }
  | { kind: 'completion-dismiss' }
  | { kind: 'expand' }
  | { kind: 'paste-begin' }
  | { kind: 'paste-end' }
  | { kind: 'paste-chunk'; text: string };

/** What is on screen, as keyIntent needs it. */
export function keyContextOf(
  state: TuiState,
  completion: Completion | undefined,
  pasting: boolean,
): KeyContext {
  const { composer } = state;
  return {
    running: state.running,
    composerEmpty: composer.value === '',
    exitArmed: state.exitArmed,
    approvalPending: state.live.approval !== undefined,
    pickerOpen: state.picker !== undefined,
    busyCancellable: !state.running && state.busyCancellable === true,
    completion: completion
      ? completion.items[0]?.startsWith('/') && completion.start === 0
        ? 'slash'
        : 'file'
      : undefined,
    pasting,
    trailingBackslash: composer.cursor === composer.value.length && composer.value.endsWith('\\'),
  };
}

const PASTE_BEGIN = '[200~';
const PASTE_END = '[201~';

/**
 * The first layer that claims the key decides: a paste in progress, the quit and interrupt keys,
 * an open approval, an open picker, the completion list, then the composer.
 */
export function keyIntent(input: string, key: Key, context: KeyContext): Intent {
  if (context.pasting) return pasteIntent(input, key);
  if (input === PASTE_BEGIN) return { kind: 'paste-begin' };
  return (
    controlIntent(input, key, context) ??
    (context.approvalPending ? approvalIntent(input) : undefined) ??
    (context.pickerOpen ? pickerIntent(key) : undefined) ??
    (key.ctrl && input === 'o' ? { kind: 'expand' } : undefined) ??
    (context.completion ? completionIntent(key, context.completion) : undefined) ??
    composerIntent(input, key, context)
  );
}

function pasteIntent(input: string, key: Key): Intent {
  if (input.endsWith(PASTE_END)) return { kind: 'paste-end' };
  return { kind: 'paste-chunk', text: key.return ? '\n' : input };
}

/** Ctrl-C, Ctrl-D and Esc: close, interrupt, clear or quit, whatever else is on screen. */
function controlIntent(input: string, key: Key, context: KeyContext): Intent | undefined {
  if (key.ctrl && input === 'c') {
    if (context.pickerOpen) return { kind: 'picker-close' };
    if (context.running) return { kind: 'interrupt' };
    if (context.busyCancellable) return { kind: 'cancel-busy' };
    if (!context.composerEmpty) return { kind: 'edit', edit: { op: 'clear' } };
    return context.exitArmed ? { kind: 'exit' } : { kind: 'arm-exit' };
  }
  if (key.ctrl && input === 'd') {
    return context.composerEmpty ? { kind: 'exit' } : { kind: 'edit', edit: { op: 'delete' } };
  }
  if (key.escape) {
    if (context.pickerOpen) return { kind: 'picker-close' };
    // The composer's completion is hidden while an approval has the keyboard.
    if (context.completion && !context.approvalPending) return { kind: 'completion-dismiss' };
    if (context.running) return { kind: 'interrupt' };
    if (context.busyCancellable) return { kind: 'cancel-busy' };
    return { kind: 'none' };
  }
  return undefined;
}

/** An approval question has the keyboard: y, a or n, nothing else. */
function approvalIntent(input: string): Intent {
  switch (input.toLowerCase()) {
    case 'y':
      return { kind: 'approve', decision: { decision: 'approved' } };
    case 'a':
      return { kind: 'approve', decision: { decision: 'approved-for-session' } };
    case 'n':
      return { kind: 'approve', decision: { decision: 'denied', reason: 'the user declined' } };
    default:
      return { kind: 'none' };
  }
}

/** A picker (/model, /resume) has the keyboard. */
function pickerIntent(key: Key): Intent {
  if (key.upArrow) return { kind: 'picker-move', delta: -1 };
  if (key.downArrow || key.tab) return { kind: 'picker-move', delta: 1 };
  if (key.return) return { kind: 'picker-select' };
  return { kind: 'none' };
}

/** The completion list takes the arrows, Tab and Enter; other keys edit the composer. */
function completionIntent(key: Key, completion: 'slash' | 'file'): Intent | undefined {
  if (key.upArrow) return { kind: 'completion-move', delta: -1 };
  if (key.downArrow) return { kind: 'completion-move', delta: 1 };
  if (key.tab) return { kind: 'completion-accept', thenSubmit: false };
  if (key.return && !key.shift && !key.meta) {
    return { kind: 'completion-accept', thenSubmit: completion === 'slash' };
  }
  return undefined;
}

/** Editing keys of the composer: Enter, erasing, moving, the Emacs-style Ctrl keys, text. */
function composerIntent(input: string, key: Key, context: KeyContext): Intent {
  if (key.return) {
    if (key.shift || key.meta) return { kind: 'newline', replaceBackslash: false };
    if (context.trailingBackslash) return { kind: 'newline', replaceBackslash: true };
    return { kind: 'submit' };
  }
  if (key.backspace || key.delete) {
    return { kind: 'edit', edit: key.meta || key.ctrl ? { op: 'delete-word' } : { op: 'backspace' } };
  }
  const movement = arrowMovement(key);
  if (movement) return { kind: 'edit', edit: { op: 'move', movement } };
  if (key.ctrl) return ctrlKeyIntent(input);
  if (key.tab || input === '' || (key.meta && input.length === 1)) return { kind: 'none' };
  return textIntent(input);
}

function arrowMovement(key: Key): Movement | undefined {
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.home) return 'home';
  if (key.end) return 'end';
  return undefined;
}

function ctrlKeyIntent(input: string): Intent {
  switch (input) {
    case 'a':
      return { kind: 'edit', edit: { op: 'move', movement: 'home' } };
    case 'e':
      return { kind: 'edit', edit: { op: 'move', movement: 'end' } };
    case 'u':
      return { kind: 'edit', edit: { op: 'kill-line-start' } };
    case 'k':
      return { kind: 'edit', edit: { op: 'kill-line-end' } };
    case 'w':
      return { kind: 'edit', edit: { op: 'delete-word' } };
    case 'j':
      return { kind: 'newline', replaceBackslash: false };
    default:
      return { kind: 'none' };
  }
}

/**
 * Several characters in one read: a paste without bracketed-paste mode, or text typed by a
 * script. A single trailing Enter submits (that is what a person or `tmux send-keys … Enter`
 * meant); line breaks inside the text make it a paste.
 */
function textIntent(input: string): Intent {
  if (input.length === 1)
    return input === '\n'
      ? { kind: 'newline', replaceBackslash: false }
      : { kind: 'edit', edit: { op: 'insert', text: input } };
  const body = input.replace(/\r$/, '');
  if (body !== input && !/[\r\n]/.test(body)) return { kind: 'insert-and-submit', text: body };
  return { kind: 'edit', edit: { op: 'paste', text: input } };
}
