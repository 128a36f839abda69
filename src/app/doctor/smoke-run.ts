// Runs the smoke test's session to an end: the task as one turn, a reminder turn when the model
// stops before the steps are done (once more if that made progress), and a stop as soon as the
// model clearly fails (smoke-watch.ts), the time limit passes or the user interrupts. The result
// is the record smoke-verdict.ts judges; nothing here decides pass or fail.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentEvent } from '../../protocol/events.js';
import type { Session, TurnOutcome } from '../../session/session.js';
import { type SmokeStop, SmokeWatch } from './smoke-watch.js';

export const SMOKE_MARKER = 'ossa-doctor-ok';
export const SMOKE_FILE = 'hello.txt';
export const SMOKE_LINE = 'hello from ossa';

const STEPS = {
  shell: `Use the shell tool to run the command: echo ${SMOKE_MARKER}`,
  patch: `Use the apply_patch tool to create the file ${SMOKE_FILE} containing exactly one line: ${SMOKE_LINE}`,
  answer: 'Answer with the single word DONE.',
};

export const SMOKE_PROMPT = [
  'This is an automated check of your tools. Do exactly these three steps, in order, one tool call at a time:',
  `1. ${STEPS.shell}`,
  `2. ${STEPS.patch}`,
  `3. ${STEPS.answer}`,
].join('\n');

/** Turns in a row that end without a new step done before the model is judged not to use its tools. */
const IDLE_TURNS = 2;

export type SmokeEnd =
  | SmokeStop
  | { kind: 'time-limit'; limitMs: number }
  /** Turns in a row ended with an answer but no new step done: the model does not call the tools. */
  | { kind: 'no-tool-call'; turns: number; answer: string | undefined };

export interface SmokeProgress {
  shellRan: boolean;
  /** The file's text; undefined when it was not created. */
  fileText: string | undefined;
}

export interface SmokeRun {
  events: AgentEvent[];
  /** The last turn's outcome. */
  outcome: TurnOutcome;
  progress: SmokeProgress;
  turns: number;
  seconds: number;
  /** Why it was stopped early; undefined when the turns ran to their own end. */
  stopped?: SmokeEnd;
  /** At the stop: the model requests so far and the characters of the reply being written. */
  requests: number;
  replyCharacters: number;
}

export interface SmokeRunInput {
  session: Session;
  dir: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export async function runSmokeSession(input: SmokeRunInput): Promise<SmokeRun> {
  const { session } = input;
  const events: AgentEvent[] = [];
  const watch = new SmokeWatch();
  const controller = new AbortController();
  let stopped: SmokeEnd | undefined;
  const stop = (reason: SmokeEnd) => {
    stopped ??= reason;
    controller.abort();
  };
  session.subscribe((event) => {
    events.push(event);
    const verdict = watch.observe(event);
    if (verdict) stop(verdict);
  });
  session.start();
  const timer = setTimeout(() => stop({ kind: 'time-limit', limitMs: input.timeoutMs }), input.timeoutMs);
  const onAbort = () => controller.abort();
  input.signal?.addEventListener('abort', onAbort, { once: true });
  const started = performance.now();
  try {
    const { outcome, turns, idle } = await runTurns(session, input.dir, events, controller.signal);
    if (!stopped && idle) stop(idle);
    return {
      events,
      outcome,
      progress: progressOf(events, input.dir),
      turns,
      seconds: (performance.now() - started) / 1000,
      ...(stopped ? { stopped } : {}),
      requests: watch.requestCount,
      replyCharacters: watch.currentReplyCharacters,
    };
  } finally {
    clearTimeout(timer);
    input.signal?.removeEventListener('abort', onAbort);
  }
}

/** The task, then reminders while turns make progress; `idle` when they stopped making any. */
async function runTurns(
  session: Session,
  dir: string,
  events: AgentEvent[],
  signal: AbortSignal,
): Promise<{ outcome: TurnOutcome; turns: number; idle?: SmokeEnd }> {
  let prompt = SMOKE_PROMPT;
  let done = 0;
  let idleTurns = 0;
  for (let turns = 1; ; turns++) {
    const outcome = await session.runTurn(prompt, signal);
    if (outcome.status !== 'completed' || signal.aborted) return { outcome, turns };
    const progress = progressOf(events, dir);
    const now = stepsDone(progress);
    if (now === 2) return { outcome, turns };
    idleTurns = now > done ? 0 : idleTurns + 1;
    done = now;
    if (idleTurns >= IDLE_TURNS) {
      return {
        outcome,
        turns,
        idle: { kind: 'no-tool-call', turns: idleTurns, answer: outcome.lastMessage },
      };
    }
    prompt = reminder(progress);
  }
}

function stepsDone(progress: SmokeProgress): number {
  return Number(progress.shellRan) + Number(progress.fileText?.trim() === SMOKE_LINE);
}

/** The steps still to do, said again: some models stop after the first one or answer in words. */
function reminder(progress: SmokeProgress): string {
  const missing = [
    progress.shellRan ? undefined : STEPS.shell,
    progress.fileText?.trim() === SMOKE_LINE ? undefined : STEPS.patch,
    STEPS.answer,
  ].filter((step): step is string => step !== undefined);
  return [
    'You have not done all the steps yet: call the tools, do not describe them. Do these now, one tool call at a time:',
    ...missing.map((step, index) => `${index + 1}. ${step}`),
  ].join('\n');
}

export function progressOf(events: AgentEvent[], dir: string): SmokeProgress {
  const shellRan = events.some(
    (event) =>
      event.type === 'tool-call-end' &&
      event.name === 'shell' &&
      event.success &&
      event.output.includes(SMOKE_MARKER),
  );
  return { shellRan, fileText: readText(join(dir, SMOKE_FILE)) };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
