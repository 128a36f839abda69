import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../protocol/events.js';
import { SMOKE_WATCH_LIMITS, SmokeWatch, trailingLoop } from './smoke-watch.js';

const turnId = 't';
const request = (step: number): AgentEvent => ({ type: 'request-begin', turnId, step, bytes: 1 });
const text = (piece: string): AgentEvent => ({ type: 'text-delta', turnId, text: piece });
const call = (name: string, args: string): AgentEvent => ({
  type: 'tool-call-begin',
  turnId,
  callId: `c${Math.random()}`,
  name,
  arguments: args,
});

/** Feeds `pieces` until the watch says stop; the stop and how many characters it took. */
function feed(watch: SmokeWatch, pieces: string[]) {
  let characters = 0;
  for (const piece of pieces) {
    characters += piece.length;
    const stop = watch.observe(text(piece));
    if (stop) return { stop, characters };
  }
  return { stop: undefined, characters };
}

describe('trailingLoop', () => {
  const limits = { maxPeriod: 1024, minRepeats: 6, minCharacters: 384 };
  it('finds short and long periods at the end of the text', () => {
    expect(trailingLoop(`Sure! ${' la'.repeat(200)}`, limits)).toEqual({ period: 3, repeats: 200 });
    const sentence = 'I will now run the command as you asked me to do. ';
    expect(trailingLoop(`intro ${sentence.repeat(8)}`, limits)?.period).toBe(sentence.length);
  });

  it('leaves ordinary prose, code and short runs alone', () => {
    const prose =
      'The shell tool runs a command in the sandbox; apply_patch edits files. I will first run echo, then create hello.txt, then answer. '.repeat(
        2,
      );
    expect(trailingLoop(prose, limits)).toBeUndefined();
    expect(trailingLoop(`${'x'.repeat(300)}`, limits)).toBeUndefined();
    expect(
      trailingLoop('for (let i = 0; i < 10; i++) {\n  total += values[i];\n}\n', limits),
    ).toBeUndefined();
  });
});

describe('SmokeWatch', () => {
  it('stops a reply that loops soon after the loop starts, quoting the piece', () => {
    const watch = new SmokeWatch();
    watch.observe(request(1));
    const { stop, characters } = feed(watch, [' Hello', ...Array.from({ length: 5000 }, () => ' la')]);
    expect(stop).toMatchObject({ kind: 'repetition', piece: ' la', request: 1 });
    expect(characters).toBeLessThan(1200);
  });

  it('stops a reply that runs past the character budget without looping', () => {
    const watch = new SmokeWatch({ ...SMOKE_WATCH_LIMITS, maxReplyCharacters: 2000 });
    watch.observe(request(1));
    const pieces = Array.from({ length: 1000 }, (_, index) => ` word${index}`);
    expect(feed(watch, pieces).stop).toMatchObject({ kind: 'runaway', request: 1 });
  });

  it('counts tool-call arguments being written toward the reply', () => {
    const watch = new SmokeWatch({ ...SMOKE_WATCH_LIMITS, maxReplyCharacters: 2000 });
    watch.observe(request(1));
    const delta = (characters: number): AgentEvent => ({
      type: 'tool-call-delta',
      turnId,
      callId: 'c1',
      name: 'apply_patch',
      characters,
    });
    expect(watch.observe(delta(1500))).toBeUndefined();
    expect(watch.observe(delta(2500))).toMatchObject({ kind: 'runaway', characters: 2500 });
  });

  it('stops one tool call far longer than the steps need (a stuck model writing " la" into its arguments)', () => {
    const watch = new SmokeWatch();
    watch.observe(request(1));
    const delta = (characters: number): AgentEvent => ({
      type: 'tool-call-delta',
      turnId,
      callId: 'c1',
      name: 'shell',
      characters,
    });
    expect(watch.observe(delta(3900))).toBeUndefined();
    expect(watch.observe(delta(4100))).toEqual({
      kind: 'runaway-call',
      name: 'shell',
      characters: 4100,
      request: 1,
    });
  });

  it('a new request starts a new reply', () => {
    const watch = new SmokeWatch({ ...SMOKE_WATCH_LIMITS, maxReplyCharacters: 2000 });
    for (let step = 1; step <= 4; step++) {
      watch.observe(request(step));
      expect(
        feed(
          watch,
          Array.from({ length: 150 }, (_, index) => ` w${index}`),
        ).stop,
      ).toBeUndefined();
    }
  });

  it('stops the same call sent three times, not two', () => {
    const watch = new SmokeWatch();
    expect(watch.observe(call('shell', '{"command":["echo","x"]}'))).toBeUndefined();
    expect(watch.observe(call('shell', '{"command":["echo","y"]}'))).toBeUndefined();
    expect(watch.observe(call('shell', '{"command":["echo","x"]}'))).toBeUndefined();
    expect(watch.observe(call('shell', '{"command":["echo","x"]}'))).toMatchObject({
      kind: 'repeated-call',
      name: 'shell',
      times: 3,
    });
  });

  it('stops past the request budget', () => {
    const watch = new SmokeWatch({ ...SMOKE_WATCH_LIMITS, maxRequests: 3 });
    for (let step = 1; step <= 3; step++) expect(watch.observe(request(step))).toBeUndefined();
    expect(watch.observe(request(4))).toEqual({ kind: 'too-many-requests', requests: 4 });
  });
});
