import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { type KeyContext, keyIntent } from './key-intent.js';

const noKey: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};
const key = (k: Partial<Key>): Key => ({ ...noKey, ...k });
const idle: KeyContext = {
  running: false,
  composerEmpty: true,
  exitArmed: false,
  approvalPending: false,
  pickerOpen: false,
  busyCancellable: false,
  pasting: false,
  trailingBackslash: false,
};

describe('key intents', () => {
  it('Esc and Ctrl-C stop stoppable host work (/review) when no turn runs', () => {
    const busy = { ...idle, busyCancellable: true };
    expect(keyIntent('', key({ escape: true }), busy)).toEqual({ kind: 'cancel-busy' });
    expect(keyIntent('c', key({ ctrl: true }), busy)).toEqual({ kind: 'cancel-busy' });
    // An open picker still closes first; a running turn is interrupted as before.
    expect(keyIntent('', key({ escape: true }), { ...busy, pickerOpen: true })).toEqual({
      kind: 'picker-close',
    });
    expect(keyIntent('', key({ escape: true }), { ...busy, running: true })).toEqual({ kind: 'interrupt' });
    expect(keyIntent('', key({ escape: true }), idle)).toEqual({ kind: 'none' });
  });

  it('Ctrl-C interrupts a turn, clears text, then arms and exits', () => {
    const ctrlC = key({ ctrl: true });
    expect(keyIntent('c', ctrlC, { ...idle, running: true, composerEmpty: false })).toEqual({
      kind: 'interrupt',
    });
    expect(keyIntent('c', ctrlC, { ...idle, composerEmpty: false })).toEqual({
      kind: 'edit',
      edit: { op: 'clear' },
    });
    expect(keyIntent('c', ctrlC, idle)).toEqual({ kind: 'arm-exit' });
    expect(keyIntent('c', ctrlC, { ...idle, exitArmed: true })).toEqual({ kind: 'exit' });
  });

  it('Esc interrupts a running turn; Ctrl-D exits only on an empty composer', () => {
    expect(keyIntent('', key({ escape: true }), { ...idle, running: true })).toEqual({ kind: 'interrupt' });
    expect(keyIntent('', key({ escape: true }), idle)).toEqual({ kind: 'none' });
    expect(keyIntent('d', key({ ctrl: true }), idle)).toEqual({ kind: 'exit' });
    expect(keyIntent('d', key({ ctrl: true }), { ...idle, composerEmpty: false })).toMatchObject({
      kind: 'edit',
      edit: { op: 'delete' },
    });
  });

  it('Enter submits; Shift+Enter, Alt+Enter, Ctrl-J and a trailing backslash add a line', () => {
    expect(keyIntent('\r', key({ return: true }), idle)).toEqual({ kind: 'submit' });
    expect(keyIntent('\r', key({ return: true, shift: true }), idle)).toEqual({
      kind: 'newline',
      replaceBackslash: false,
    });
    expect(keyIntent('\r', key({ return: true, meta: true }), idle)).toEqual({
      kind: 'newline',
      replaceBackslash: false,
    });
    expect(keyIntent('\n', noKey, idle)).toEqual({ kind: 'newline', replaceBackslash: false });
    expect(keyIntent('\r', key({ return: true }), { ...idle, trailingBackslash: true })).toEqual({
      kind: 'newline',
      replaceBackslash: true,
    });
  });

  it('takes y / a / n as the approval answer and ignores other keys meanwhile', () => {
    const asking = { ...idle, approvalPending: true };
    expect(keyIntent('y', noKey, asking)).toEqual({ kind: 'approve', decision: { decision: 'approved' } });
    expect(keyIntent('a', noKey, asking)).toEqual({
      kind: 'approve',
      decision: { decision: 'approved-for-session' },
    });
    expect(keyIntent('n', noKey, asking)).toMatchObject({
      kind: 'approve',
      decision: { decision: 'denied' },
    });
    expect(keyIntent('q', noKey, asking)).toEqual({ kind: 'none' });
    expect(keyIntent('', key({ escape: true }), { ...asking, running: true })).toEqual({ kind: 'interrupt' });
    // A completion for text typed ahead is hidden while asking, so Esc still interrupts.
    expect(keyIntent('', key({ escape: true }), { ...asking, running: true, completion: 'file' })).toEqual({
      kind: 'interrupt',
    });
  });

  it('treats a chunk ending in one Enter as typed-then-submitted, and multi-line chunks as a paste', () => {
    expect(keyIntent('hello world\r', noKey, idle)).toEqual({
      kind: 'insert-and-submit',
      text: 'hello world',
    });
    expect(keyIntent('a\rb\r', noKey, idle)).toEqual({ kind: 'edit', edit: { op: 'paste', text: 'a\rb\r' } });
    expect(keyIntent('abc', noKey, idle)).toEqual({ kind: 'edit', edit: { op: 'paste', text: 'abc' } });
  });

  it('collects a bracketed paste verbatim, Enter keys included', () => {
    expect(keyIntent('[200~', noKey, idle)).toEqual({ kind: 'paste-begin' });
    const pasting = { ...idle, pasting: true };
    expect(keyIntent('\r', key({ return: true }), pasting)).toEqual({ kind: 'paste-chunk', text: '\n' });
    expect(keyIntent('y', noKey, { ...pasting, approvalPending: true })).toEqual({
      kind: 'paste-chunk',
      text: 'y',
    });
    expect(keyIntent('[201~', noKey, pasting)).toEqual({ kind: 'paste-end' });
  });

  it('routes arrows and Enter to an open completion or picker', () => {
    const completing = { ...idle, completion: 'file' as const };
    expect(keyIntent('', key({ downArrow: true }), completing)).toEqual({
      kind: 'completion-move',
      delta: 1,
    });
    expect(keyIntent('', key({ tab: true }), completing)).toEqual({
      kind: 'completion-accept',
      thenSubmit: false,
    });
    expect(keyIntent('\r', key({ return: true }), { ...idle, completion: 'slash' })).toEqual({
      kind: 'completion-accept',
      thenSubmit: true,
    });
    expect(keyIntent('', key({ escape: true }), completing)).toEqual({ kind: 'completion-dismiss' });
    const picking = { ...idle, pickerOpen: true };
    expect(keyIntent('', key({ upArrow: true }), picking)).toEqual({ kind: 'picker-move', delta: -1 });
    expect(keyIntent('\r', key({ return: true }), picking)).toEqual({ kind: 'picker-select' });
    expect(keyIntent('c', key({ ctrl: true }), picking)).toEqual({ kind: 'picker-close' });
  });

  it('maps editing keys (Backspace arrives as delete from Ink)', () => {
    expect(keyIntent('', key({ delete: true }), idle)).toEqual({ kind: 'edit', edit: { op: 'backspace' } });
    expect(keyIntent('w', key({ ctrl: true }), idle)).toEqual({ kind: 'edit', edit: { op: 'delete-word' } });
    expect(keyIntent('a', key({ ctrl: true }), idle)).toEqual({
      kind: 'edit',
      edit: { op: 'move', movement: 'home' },
    });
    expect(keyIntent('o', key({ ctrl: true }), idle)).toEqual({ kind: 'expand' });
    expect(keyIntent('x', key({ ctrl: true }), idle)).toEqual({ kind: 'none' });
  });
});
