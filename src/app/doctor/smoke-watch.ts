// Watches the smoke test's session as it runs and says when the model has clearly failed, so
// doctor stops at once instead of waiting out its time limit: a reply that repeats itself, a reply
// far longer than three small steps need, the same tool call again and again, or more requests than
// the task can take. (A deterministic server error ends the turn by itself; a model that answers
// without calling a tool is judged per turn by smoke-run.ts.) Pure: events in, a verdict out.
import type { AgentEvent } from '../../protocol/events.js';

export type SmokeStop =
  /** The reply loops: `piece` came `times` times in a row at its end. */
  | { kind: 'repetition'; piece: string; times: number; request: number }
  /** One reply (text, reasoning and tool-call arguments) grew past `characters` without ending. */
  | { kind: 'runaway'; characters: number; request: number }
  /** One tool call's arguments grew past `characters`: the steps' calls take under 200. */
  | { kind: 'runaway-call'; name: string; characters: number; request: number }
  /** The model sent the same call (name and arguments) `times` times. */
  | { kind: 'repeated-call'; name: string; arguments: string; times: number }
  /** More model requests than three steps can need. */
  | { kind: 'too-many-requests'; requests: number };

export interface SmokeWatchLimits {
  /** Characters of one reply; the three steps need a few hundred, a reasoning model a few thousand. */
  maxReplyCharacters: number;
  /** Characters of one tool call's arguments (the command and the one-line patch need under 200). */
  maxCallCharacters: number;
  maxRequests: number;
  /** Identical calls before it is no progress. */
  maxSameCall: number;
  /** The reply's end repeating a piece of up to `loopMaxPeriod` characters `loopMinRepeats` times, over at least `loopMinCharacters`, is a loop. */
  loopMaxPeriod: number;
  loopMinRepeats: number;
  loopMinCharacters: number;
}

export const SMOKE_WATCH_LIMITS: SmokeWatchLimits = {
  maxReplyCharacters: 40_000,
  maxCallCharacters: 4_000,
  maxRequests: 12,
  maxSameCall: 3,
  loopMaxPeriod: 1024,
  loopMinRepeats: 6,
  loopMinCharacters: 384,
};

/** How much of the reply's end is kept to look for a loop (and how often it is looked at). */
const TAIL_CHARACTERS = 8192;
const CHECK_EVERY = 256;

export class SmokeWatch {
  private requests = 0;
  /** The current reply: its size and its last characters (text and reasoning). */
  private replyCharacters = 0;
  private tail = '';
  private sinceCheck = 0;
  /** Characters of each tool call being written in this reply (the delta events carry totals). */
  private callCharacters = new Map<string, number>();
  private calls = new Map<string, number>();

  constructor(private readonly limits: SmokeWatchLimits = SMOKE_WATCH_LIMITS) {}

  /** The model requests seen so far. */
  get requestCount(): number {
    return this.requests;
  }

  /** Characters of the reply being written now (0 before its first delta). */
  get currentReplyCharacters(): number {
    return this.replyCharacters;
  }

  observe(event: AgentEvent): SmokeStop | undefined {
    switch (event.type) {
      case 'request-begin':
        this.requests++;
        this.newReply();
        return this.requests > this.limits.maxRequests
          ? { kind: 'too-many-requests', requests: this.requests }
          : undefined;
      case 'stream-reset':
        this.newReply();
        return undefined;
      case 'text-delta':
      case 'reasoning-delta':
        return this.grow(event.text);
      case 'tool-call-delta': {
        const before = this.callCharacters.get(event.callId) ?? 0;
        this.callCharacters.set(event.callId, event.characters);
        this.replyCharacters += Math.max(0, event.characters - before);
        if (event.characters > this.limits.maxCallCharacters) {
          return {
            kind: 'runaway-call',
            name: event.name,
            characters: event.characters,
            request: this.requests,
          };
        }
        return this.runaway();
      }
      case 'tool-call-begin':
        return this.sameCall(event.name, event.arguments);
      default:
        return undefined;
    }
  }

  private newReply(): void {
    this.replyCharacters = 0;
    this.tail = '';
    this.sinceCheck = 0;
    this.callCharacters.clear();
  }

  private grow(text: string): SmokeStop | undefined {
    this.replyCharacters += text.length;
    this.tail = (this.tail + text).slice(-TAIL_CHARACTERS);
    this.sinceCheck += text.length;
    if (this.sinceCheck >= CHECK_EVERY) {
      this.sinceCheck = 0;
      const loop = trailingLoop(this.tail, {
        maxPeriod: this.limits.loopMaxPeriod,
        minRepeats: this.limits.loopMinRepeats,
        minCharacters: this.limits.loopMinCharacters,
      });
      if (loop) {
        const piece = this.tail.slice(-loop.period);
        return { kind: 'repetition', piece, times: loop.repeats, request: this.requests };
      }
    }
    return this.runaway();
  }

  private runaway(): SmokeStop | undefined {
    return this.replyCharacters > this.limits.maxReplyCharacters
      ? { kind: 'runaway', characters: this.replyCharacters, request: this.requests }
      : undefined;
  }

  private sameCall(name: string, args: string): SmokeStop | undefined {
    const key = `${name}\u0000${args}`;
    const times = (this.calls.get(key) ?? 0) + 1;
    this.calls.set(key, times);
    return times >= this.limits.maxSameCall
      ? { kind: 'repeated-call', name, arguments: args, times }
      : undefined;
  }
}

/**
 * The loop the text ends in, if any: the shortest period p (up to `maxPeriod`) with which its end
 * repeats at least `minRepeats` times and over at least `minCharacters` (" la la la …" has period
 * 3). Returns the period and how many times it came.
 */
export function trailingLoop(
  text: string,
  limits: { maxPeriod: number; minRepeats: number; minCharacters: number },
): { period: number; repeats: number } | undefined {
  const end = text.length;
  for (let period = 1; period <= limits.maxPeriod && period * limits.minRepeats <= end; period++) {
    let length = 0;
    while (length + period < end && text[end - 1 - length] === text[end - 1 - length - period]) length++;
    // The last `length + period` characters repeat with this period.
    const span = length + period;
    const repeats = Math.floor(span / period);
    if (repeats >= limits.minRepeats && span >= limits.minCharacters) return { period, repeats };
  }
  return undefined;
}
