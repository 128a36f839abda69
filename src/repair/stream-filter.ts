// An incremental filter for streamed text deltas: passes ordinary text through at once and holds
// back only what might be the start of tool-call markup or a special token (`<|`, `<tool_call`,
// `<function=`, `[TOOL_CALLS]`, a code fence that may hold a JSON call, …) until it can tell.
// Markup is swallowed; harmony `final` / preamble bodies stream, `analysis` and calls do not.
// Markup inside code (fences, inline code) is shown, as repairResponse leaves it in the text.
// Display only: the repaired `message` at the end of the response is authoritative.
import type { ToolCallFormat } from './families.js';
import { TOOL_CALL_FORMATS } from './families.js';
import {
  type Action,
  classifyBareJson,
  classifyFence,
  classifyToolCallTag,
  DROP,
  DROPPED_TOKENS,
  fixed,
  HARMONY_CLOSERS,
  HARMONY_TOKENS,
  HEADER_END,
  HIDE_REST,
  harmonyBodyVisibility,
  type Match,
} from './stream-markers.js';

export interface VisibleTextFilter {
  /** Feed one delta; returns the text that is safe to show now (possibly empty). */
  push(delta: string): string;
  /** End of stream: returns whatever was held back and is ordinary text. */
  flush(): string;
}

export interface VisibleTextFilterOptions {
  /** The model family's formats (default: all). Without `harmony`, harmony markup is recognised only at the start. */
  formats?: readonly ToolCallFormat[];
  /** Declared tool names: JSON that names another tool is shown as it streams instead of held. */
  toolNames?: readonly string[];
}

const TRIGGER = /[<[`{\n]/g;
const MAYBE_MARKUP = /[<[`{\n]/;
const LOOKAHEAD = 400;
/** gpt-oss output whose special tokens the detokenizer dropped: `analysisWe need…assistantfinal…`. */
const STRIPPED_ANALYSIS = /^\s*analysis\S/;

/** One step of the filter: text to show, then the next position — or the position from which to hold back. */
type Step = { emit: string; next: number } | { emit: string; hold: number };

export function createVisibleTextFilter(options: VisibleTextFilterOptions = {}): VisibleTextFilter {
  return new StreamFilter(new Set(options.formats ?? TOOL_CALL_FORMATS), options.toolNames);
}

class StreamFilter implements VisibleTextFilter {
  private pending = '';
  private mode: 'text' | 'code' | 'hidden' | 'header' | 'peek' = 'text';
  private closers: readonly string[] = [];
  /** How many trailing characters to keep while hidden: a closer may be split across deltas. */
  private closerTail = 0;
  private resumeAtCloser = false;
  private header = '';
  /** The character before the current position (for line starts). */
  private previous = '\n';
  private inlineCode = false;
  /** Whether any non-blank text has gone by (leading `<think>` / harmony detection). */
  private started = false;
  private harmony: boolean;

  constructor(
    private readonly formats: ReadonlySet<ToolCallFormat>,
    private readonly toolNames: readonly string[] | undefined,
  ) {
    this.harmony = formats.has('harmony');
  }

  push(delta: string): string {
    // Fast path for the common delta: ordinary text with nothing that could start markup.
    if (
      this.mode === 'text' &&
      this.started &&
      this.pending === '' &&
      delta !== '' &&
      !MAYBE_MARKUP.test(delta)
    ) {
      this.previous = delta[delta.length - 1]!;
      return delta;
    }
    return this.run(this.pending + delta, false);
  }

  flush(): string {
    const out = this.run(this.pending, true);
    this.pending = '';
    return out;
  }

  private run(buffer: string, final: boolean): string {
    this.pending = '';
    let out = '';
    let i = 0;
    while (i < buffer.length) {
      const start = i;
      const step = this.step(buffer, i, final);
      out += step.emit;
      if ('hold' in step) {
        this.pending = buffer.slice(step.hold);
        return out;
      }
      i = step.next;
      this.note(buffer, start, i);
    }
    return out;
  }

  /** One step of the mode machine from `i`: text to show, then where to go on or what to hold back. */
  private step(buffer: string, i: number, final: boolean): Step {
    switch (this.mode) {
      case 'text':
        return this.stepText(buffer, i, final);
      case 'code':
        return this.stepCode(buffer, i, final);
      case 'peek':
        return this.stepPeek(buffer, i, final);
      case 'hidden':
        return this.stepHidden(buffer, i, final);
      default:
        return this.stepHeader(buffer, i, final);
    }
  }

  /** Ordinary text up to the next possible markup, then that markup classified. */
  private stepText(buffer: string, i: number, final: boolean): Step {
    if (!this.started && this.formats.has('harmony')) {
      const lead = buffer.slice(i).trimStart();
      if (STRIPPED_ANALYSIS.test(lead)) this.hide(['assistantfinal'], false);
      else if (!final && lead.length < 9 && 'analysis'.startsWith(lead)) return { emit: '', hold: i };
      if (this.mode !== 'text') {
        this.started = true;
        return { emit: '', next: i };
      }
    }
    const trigger = this.findTrigger(buffer, i);
    const end = trigger < 0 ? buffer.length : trigger;
    let emit = buffer.slice(i, end);
    this.note(buffer, i, end);
    if (trigger < 0) return { emit, next: end };
    const match = this.matchAt(buffer, trigger, final);
    if (match === 'maybe') return { emit, hold: end };
    if (match === 'no') {
      if (buffer[end] === '`') this.inlineCode = !this.inlineCode;
      return { emit: emit + buffer[end], next: end + 1 };
    }
    if (match.action.type === 'code') emit += buffer.slice(end, end + match.length);
    return { emit, next: this.apply(match, end) };
  }

  /** Inside a code block: everything shows, up to and including the closing fence. */
  private stepCode(buffer: string, i: number, final: boolean): Step {
    const close = this.findFenceClose(buffer, i);
    if (close < 0) {
      const until = final ? buffer.length : heldFenceTail(buffer, i);
      this.note(buffer, i, until);
      return { emit: buffer.slice(i, until), hold: until };
    }
    this.mode = 'text';
    return { emit: buffer.slice(i, close + 3), next: close + 3 };
  }

  /** A recipient-less commentary body: prose is a preamble, JSON is an unroutable call. */
  private stepPeek(buffer: string, i: number, final: boolean): Step {
    const first = buffer.slice(i).search(/\S/);
    if (first < 0) return final ? { emit: buffer.slice(i), next: buffer.length } : { emit: '', hold: i };
    if (/[{[]/.test(buffer[i + first]!)) this.hide(HARMONY_CLOSERS, true);
    else this.mode = 'text';
    return { emit: '', next: i };
  }

  /** Hidden markup: nothing shows until one of its closers. */
  private stepHidden(buffer: string, i: number, final: boolean): Step {
    const found = earliest(buffer, i, this.closers);
    if (!found) {
      const until = final ? buffer.length : Math.max(i, buffer.length - this.closerTail);
      this.note(buffer, i, until);
      return { emit: '', hold: until };
    }
    this.mode = 'text';
    return { emit: '', next: this.resumeAtCloser ? found.index : found.index + found.text.length };
  }

  /** A harmony header (`<|start|>assistant<|channel|>final`): collected, then its body's visibility decided. */
  private stepHeader(buffer: string, i: number, final: boolean): Step {
    const found = earliest(buffer, i, HEADER_END);
    if (!found) {
      const until = final ? buffer.length : Math.max(i, buffer.length - 10);
      this.header += buffer.slice(i, until);
      return { emit: '', hold: until };
    }
    this.header += buffer.slice(i, found.index);
    if (found.text !== '<|message|>') {
      this.mode = 'text';
      return { emit: '', next: found.index };
    }
    const visibility = harmonyBodyVisibility(this.header);
    if (visibility === 'hidden') this.hide(HARMONY_CLOSERS, true);
    else this.mode = visibility === 'visible' ? 'text' : 'peek';
    return { emit: '', next: found.index + found.text.length };
  }

  /** Records what went by between `from` and `to` (for line starts and leading-text checks). */
  private note(buffer: string, from: number, to: number): void {
    if (to <= from) return;
    this.previous = buffer[to - 1]!;
    if (!this.started && buffer.slice(from, to).trim() !== '') this.started = true;
  }

  private hide(closers: readonly string[], resumeAtCloser: boolean): void {
    this.mode = 'hidden';
    this.closers = closers;
    this.closerTail = closers.reduce((longest, closer) => Math.max(longest, closer.length - 1), 0);
    this.resumeAtCloser = resumeAtCloser;
    this.inlineCode = false;
  }

  private apply(match: { length: number; action: Action }, at: number): number {
    const { action } = match;
    if (action.type === 'hide') this.hide(action.closers, action.resumeAtCloser);
    else if (action.type === 'code') this.mode = 'code';
    else if (action.type === 'harmony-header') {
      this.mode = 'header';
      this.header = action.header;
    }
    this.started = true;
    return at + match.length;
  }

  private atLineStart(buffer: string, index: number): boolean {
    return (index === 0 ? this.previous : buffer[index - 1]) === '\n';
  }

  /** The next position that may start markup; tracks inline code spans on the way. */
  private findTrigger(buffer: string, from: number): number {
    TRIGGER.lastIndex = from;
    for (let match = TRIGGER.exec(buffer); match; match = TRIGGER.exec(buffer)) {
      const index = match.index;
      switch (match[0]) {
        case '\n':
          this.inlineCode = false;
          break;
        case '`':
          if (this.atLineStart(buffer, index)) return index;
          this.inlineCode = !this.inlineCode;
          break;
        case '<':
          if (!this.inlineCode) return index;
          break;
        case '[':
          if (!this.inlineCode && this.formats.has('mistral')) return index;
          break;
        default:
          if (!this.inlineCode && this.formats.has('bare_json') && this.atLineStart(buffer, index))
            return index;
      }
    }
    return -1;
  }

  private matchAt(buffer: string, index: number, final: boolean): Match {
    const rest = buffer.slice(index, index + LOOKAHEAD);
    const restIsAll = buffer.length - index <= LOOKAHEAD;
    const result = this.classify(rest, restIsAll);
    if (result !== 'maybe' || !final) return result;
    // Undecided at the end of the stream: a cut-off call stays hidden, anything else shows.
    return /^<tool_call>\s*$/.test(rest) ? { length: rest.length, action: DROP } : 'no';
  }

  private classify(rest: string, restIsAll: boolean): Match {
    switch (rest[0]) {
      case '<':
        return this.classifyAngle(rest);
      case '[':
        return fixed(rest, [['[TOOL_CALLS]', HIDE_REST]]);
      case '`':
        return classifyFence(rest, restIsAll, this.formats.has('fenced_json'), this.toolNames);
      default:
        return classifyBareJson(rest, restIsAll, this.toolNames);
    }
  }

  private classifyAngle(rest: string): Match {
    const candidates: [string, Action][] = DROPPED_TOKENS.map((token) => [token, DROP]);
    if (this.harmony || !this.started) {
      candidates.push(['<|start|>', { type: 'harmony-header', header: '' }]);
      candidates.push(['<|channel|>', { type: 'harmony-header', header: '<|channel|>' }]);
      for (const token of HARMONY_TOKENS.slice(2)) candidates.push([token, DROP]);
    }
    if (this.formats.has('function_xml'))
      candidates.push(['<function=', { type: 'hide', closers: ['</function>'], resumeAtCloser: false }]);
    if (this.formats.has('deepseek'))
      candidates.push([
        '<｜tool▁calls▁begin｜>',
        { type: 'hide', closers: ['<｜tool▁calls▁end｜>'], resumeAtCloser: false },
      ]);
    if (this.formats.has('bare_json')) candidates.push(['<|python_tag|>', HIDE_REST]);
    if (!this.started)
      candidates.push(['<think>', { type: 'hide', closers: ['</think>'], resumeAtCloser: false }]);
    const result = fixed(rest, candidates);
    if (typeof result === 'object' && HARMONY_TOKENS.includes(rest.slice(0, result.length)))
      this.harmony = true;
    if (result !== 'no' || !this.formats.has('tool_call_tag')) return result;
    return classifyToolCallTag(rest);
  }

  /** A closing fence: three backticks at the start of a line, at or after `from`. */
  private findFenceClose(buffer: string, from: number): number {
    let index = buffer.indexOf('```', from);
    while (index >= 0) {
      if (this.atLineStart(buffer, index)) return index;
      index = buffer.indexOf('```', index + 1);
    }
    return -1;
  }
}

/** Where to stop emitting inside a code block so that a closing fence split across deltas is seen whole. */
function heldFenceTail(buffer: string, from: number): number {
  const lastNewline = buffer.lastIndexOf('\n');
  if (lastNewline < from - 1) return buffer.length;
  const tail = buffer.slice(lastNewline + 1);
  return tail.length < 3 && '```'.startsWith(tail) ? Math.max(from, lastNewline + 1) : buffer.length;
}

function earliest(
  buffer: string,
  from: number,
  needles: readonly string[],
): { index: number; text: string } | undefined {
  let best: { index: number; text: string } | undefined;
  for (const needle of needles) {
    const index = buffer.indexOf(needle, from);
    if (index >= 0 && (!best || index < best.index)) best = { index, text: needle };
  }
  return best;
}
