// What the stream filter recognises at a trigger position: fixed tokens, `<tool_call>` (a call
// only when JSON or XML follows), code fences that may hold a JSON call, `{"name": …}` at a line
// start, and harmony header routing. Each classifier answers `no`, `maybe` (need more text) or a
// match with the action to take.
import { isToolRecipient, parseHarmonyHeader } from './harmony.js';
import { CALL_FENCE_INFOS, CALL_START } from './json-calls.js';
import { resolveToolName } from './tool-name.js';

export type Action =
  | { type: 'drop' }
  | { type: 'hide'; closers: readonly string[]; resumeAtCloser: boolean }
  | { type: 'code' }
  | { type: 'harmony-header'; header: string };

export type Match = 'no' | 'maybe' | { length: number; action: Action };

export const DROP: Action = { type: 'drop' };
export const HIDE_REST: Action = { type: 'hide', closers: [], resumeAtCloser: false };
export const HARMONY_CLOSERS = ['<|end|>', '<|call|>', '<|return|>', '<|start|>', '<|channel|>'];
export const HEADER_END = ['<|message|>', '<|end|>', '<|call|>', '<|return|>', '<|start|>'];
export const HARMONY_TOKENS = [
  '<|start|>',
  '<|channel|>',
  '<|message|>',
  '<|end|>',
  '<|call|>',
  '<|return|>',
  '<|constrain|>',
];
/** Special tokens that never carry visible text. */
export const DROPPED_TOKENS = [
  '</tool_call>',
  '</think>',
  '<|im_end|>',
  '<|im_start|>',
  '<|eot_id|>',
  '<|eom_id|>',
  '<|endoftext|>',
  '<｜end▁of▁sentence｜>',
];

const CALL_KEY_PREFIX = /^(?:\[\s*)?(?:\{\s*(?:["']?[a-z]*["']?\s*)?)?$/;
const NAME_VALUE = /^\s*(["'])([^"'\n\\]*)(["']?)/;

/** `rest` starts with one of `candidates` (a match), could still become one (`maybe`), or not. */
export function fixed(rest: string, candidates: readonly [string, Action][]): Match {
  let maybe = false;
  for (const [token, action] of candidates) {
    if (rest.startsWith(token)) return { length: token.length, action };
    if (rest.length < token.length && token.startsWith(rest)) maybe = true;
  }
  return maybe ? 'maybe' : 'no';
}

/** `<tool_call>` starts a call only when JSON, a `<function=` block or a fence follows; prose shows. */
export function classifyToolCallTag(rest: string): Match {
  const tag = '<tool_call>';
  if (rest.length < tag.length) return tag.startsWith(rest) ? 'maybe' : 'no';
  if (!rest.startsWith(tag)) return 'no';
  const after = rest.slice(tag.length).trimStart();
  if (after === '' || (after.length < 3 && '```'.startsWith(after))) return 'maybe';
  const call = /^(?:[{[<]|```|~~~)/.test(after);
  return call
    ? { length: tag.length, action: { type: 'hide', closers: ['</tool_call>'], resumeAtCloser: false } }
    : 'no';
}

/**
 * Whether JSON text starts like a call (`{"name": …`, `{"function": …`, `[{"type": …`). With
 * `toolNames`, a `name` must also match a declared tool, so examples of other tools stay visible.
 */
export function jsonCallStart(
  content: string,
  restIsAll: boolean,
  toolNames?: readonly string[],
): 'call' | 'not' | 'maybe' {
  const key = CALL_START.exec(content);
  if (!key) return restIsAll && content.length < 40 && CALL_KEY_PREFIX.test(content) ? 'maybe' : 'not';
  if (key[1] !== 'name' || !toolNames) return 'call';
  const afterKey = content.slice(key[0].length);
  const value = NAME_VALUE.exec(afterKey);
  if (!value) return restIsAll && afterKey.trim() === '' ? 'maybe' : 'not';
  if (!value[3]) return restIsAll && value[2]!.length < 100 ? 'maybe' : 'not';
  return resolveToolName(value[2]!, toolNames).ok ? 'call' : 'not';
}

/** A code fence at a line start: an ordinary block (shown) or a fenced JSON call (hidden). */
export function classifyFence(
  rest: string,
  restIsAll: boolean,
  fencedJson: boolean,
  toolNames?: readonly string[],
): Match {
  if (rest.length < 3) return '```'.startsWith(rest) ? 'maybe' : 'no';
  if (!rest.startsWith('```')) return 'no';
  const code: Match = { length: 3, action: { type: 'code' } };
  if (!fencedJson) return code;
  const lineEnd = rest.indexOf('\n');
  if (lineEnd < 0) return restIsAll && rest.length < 80 ? 'maybe' : code;
  const info = rest.slice(3, lineEnd).trim().split(/\s+/)[0]!.toLowerCase();
  if (!CALL_FENCE_INFOS.has(info)) return code;
  const start = jsonCallStart(rest.slice(lineEnd + 1).trimStart(), restIsAll, toolNames);
  if (start === 'call')
    return { length: 3, action: { type: 'hide', closers: ['\n```'], resumeAtCloser: false } };
  return start === 'maybe' ? 'maybe' : code;
}

/** `{"name": …}` at the start of a line begins a Llama-style call that runs to the end of the reply. */
export function classifyBareJson(rest: string, restIsAll: boolean, toolNames?: readonly string[]): Match {
  if (!rest.startsWith('{')) return 'no';
  const start = jsonCallStart(rest, restIsAll, toolNames);
  if (start === 'call') return { length: rest.length, action: HIDE_REST };
  return start === 'maybe' ? 'maybe' : 'no';
}

/** Same routing as harmony.ts: analysis, calls and tool messages hidden; commentary decided by its body. */
export function harmonyBodyVisibility(header: string): 'visible' | 'hidden' | 'peek' {
  const { role, channel, recipient } = parseHarmonyHeader(header);
  if (role !== 'assistant' || (recipient && isToolRecipient(recipient))) return 'hidden';
  if (channel === 'analysis') return 'hidden';
  return channel === 'commentary' ? 'peek' : 'visible';
}
