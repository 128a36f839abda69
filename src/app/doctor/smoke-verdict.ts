// The smoke test's line in the report, from what its run recorded (smoke-run.ts): pass when the
// command ran, the file holds the line and a final answer came; otherwise what is missing, why the
// run ended (a stop, the time limit — with the limit and how to change it), the server's own error
// messages, quoted, escaped and bounded, and the speed as the server measured it.
import type { AgentEvent } from '../../protocol/events.js';
import { escapeTerminalText } from '../../protocol/terminal-text.js';
import { type DoctorCheck, fail, pass, warn } from './check.js';
import { SMOKE_FILE, SMOKE_LINE, SMOKE_MARKER, type SmokeEnd, type SmokeRun } from './smoke-run.js';

/** At most this much of one server message or model text is quoted. */
const QUOTE_CHARACTERS = 300;
/** Distinct server messages quoted. */
const MAX_SERVER_MESSAGES = 3;

/** The model, and what the server said about its tool support (what `ossa models` shows). */
export interface SmokeModel {
  model: string;
  supportsTools?: boolean;
}

export function smokeVerdict(run: SmokeRun, sandbox: string, model: SmokeModel): DoctorCheck {
  const timing = timings(run.events);
  const data = {
    sandbox,
    seconds: Number(run.seconds.toFixed(1)),
    ...timing,
    status: run.outcome.status,
    turns: run.turns,
    ...(run.stopped ? { stopped: run.stopped.kind } : {}),
    ...(run.stopped?.kind === 'time-limit' ? { time_limit_s: run.stopped.limitMs / 1000 } : {}),
  };
  const timingText = timingLine(timing, run.seconds);
  const truncation = run.events.flatMap((event) =>
    event.type === 'warning' && event.code === 'server-truncation' ? [event.message] : [],
  )[0];
  const { shellRan, fileText } = run.progress;
  const fileOk = fileText?.trim() === SMOKE_LINE;
  const answered = run.outcome.status === 'completed' && Boolean(run.outcome.lastMessage?.trim());
  if (shellRan && fileOk && answered && !run.stopped) {
    const reminded = run.turns > 1 ? ` after ${run.turns - 1} reminder(s)` : '';
    const line = `shell ran, ${SMOKE_FILE} written with apply_patch, final answer${reminded} (${timingText})`;
    if (truncation) return warn('smoke-test', `${line}; but ${truncation}`, undefined, data);
    if (reminded)
      return warn(
        'smoke-test',
        line,
        'the model stopped before the steps were done: it may lose track of multi-step tasks',
        data,
      );
    return pass('smoke-test', line, data);
  }
  const missing: string[] = [];
  if (!shellRan) missing.push(`no successful shell call printing ${SMOKE_MARKER}`);
  if (!fileOk)
    missing.push(
      fileText === undefined ? `${SMOKE_FILE} was not created` : `${SMOKE_FILE} holds ${quote(fileText, 60)}`,
    );
  const ending = endText(run);
  if (!answered && !ending) missing.push('no final answer');
  const detail = [ending, missing.join('; ')].filter(Boolean).join(': ');
  return fail('smoke-test', `${detail} (${timingText})`, fixText(run, truncation, model), data);
}

/** Why the run ended early, in words; undefined when it ran to its own end. */
function endText(run: SmokeRun): string | undefined {
  const stop = run.stopped;
  if (stop) return stopText(stop, run);
  if (run.outcome.status === 'failed')
    return `the turn failed: ${quote(run.outcome.error ?? 'no reason given', QUOTE_CHARACTERS)}`;
  if (run.outcome.status === 'interrupted') return 'interrupted';
  return undefined;
}

function stopText(stop: SmokeEnd, run: SmokeRun): string {
  switch (stop.kind) {
    case 'time-limit': {
      const writing =
        run.replyCharacters > 0
          ? `request ${run.requests} had streamed ${run.replyCharacters} characters`
          : `request ${run.requests} had streamed nothing yet`;
      return `stopped at the time limit of ${stop.limitMs / 1000} s (${writing})`;
    }
    case 'repetition':
      return `stopped early: reply ${stop.request} repeats itself (${quote(stop.piece, 60)} ${stop.times} times in a row)`;
    case 'runaway':
      return `stopped early: reply ${stop.request} ran past ${stop.characters} characters without finishing`;
    case 'runaway-call':
      return `stopped early: reply ${stop.request} wrote a ${stop.name} call of over ${stop.characters} characters (the steps need under 200)`;
    case 'repeated-call':
      return `stopped early: the model sent the same ${stop.name} call ${stop.times} times (${quote(stop.arguments, 120)})`;
    case 'too-many-requests':
      return `stopped early: no progress after ${stop.requests - 1} model requests (the task takes 3)`;
    case 'no-tool-call':
      return `stopped early: the model answered ${stop.turns} times in a row without doing a step${stop.answer ? ` (its answer: ${quote(stop.answer, 120)})` : ''}`;
  }
}

function fixText(run: SmokeRun, truncation: string | undefined, model: SmokeModel): string {
  const repairs = run.events.filter((event) => event.type === 'tool-call-repair').length;
  const messages = serverMessages(run.events);
  return [
    messages.length
      ? `the server said: ${messages.map((message) => quote(message, QUOTE_CHARACTERS)).join('; ')}`
      : undefined,
    truncation,
    repairs > 0
      ? `the model formatted ${repairs} tool call(s) badly: it may not be trained for tool calling`
      : undefined,
    run.stopped?.kind === 'time-limit'
      ? `a slow model may need longer: \`ossa doctor --smoke-timeout ${Math.max(600, (run.stopped.limitMs / 1000) * 2)}\``
      : undefined,
    toolsAdvice(model),
  ]
    .filter(Boolean)
    .join('; ');
}

/** Matches what `ossa models` prints for the model: tools: yes / no / ?. */
function toolsAdvice({ model, supportsTools }: SmokeModel): string {
  if (supportsTools === false)
    return `the server says ${model} has no tool support (\`ossa models\` shows it as tools: no): pick a model it shows as tools: yes`;
  if (supportsTools === true)
    return `the server reports tool support for ${model} (\`ossa models\`: tools: yes), yet the steps were not done: it may be too small for agent work; try a larger model trained for tool calls, and check the context window above`;
  return 'try a model trained for tool calls (this server does not say which are: `ossa models` shows tools: ?), and check the context window above';
}

/** The server's own words: the turn's error and the reasons of retried requests, each once. */
function serverMessages(events: AgentEvent[]): string[] {
  const messages = events.flatMap((event) =>
    event.type === 'retry' ? [event.reason] : event.type === 'error' ? [event.message] : [],
  );
  return [...new Set(messages)].slice(0, MAX_SERVER_MESSAGES);
}

/** Text from the model or the server, escaped for the terminal, cut to `limit` characters, in quotes. */
function quote(text: string, limit: number): string {
  const cut =
    text.length > limit ? `${text.slice(0, limit)}… (${text.length - limit} more characters)` : text;
  return `«${escapeTerminalText(cut).replace(/\n/g, '\\n')}»`;
}

interface Timing {
  requests: number;
  ttft_ms?: number;
  tokens_per_second?: number;
  /** `server`: the server's own timings; `stream`: measured by ossa from a long enough stream. */
  tokens_per_second_source?: 'server' | 'stream';
}

function timings(events: AgentEvent[]): Timing {
  const usage = events.flatMap((event) => (event.type === 'usage' ? [event] : []));
  const requests = events.filter((event) => event.type === 'request-begin').length;
  const ttft = usage.find((event) => event.ttftMs !== undefined)?.ttftMs;
  // The server's measurements when it gave any; ossa's own only otherwise.
  const measured = usage.filter((event) => event.tokensPerSecond !== undefined);
  const server = measured.filter((event) => event.tokensPerSecondSource === 'server');
  const rates = (server.length ? server : measured).map((event) => event.tokensPerSecond!);
  const tps = rates.length ? rates.reduce((sum, rate) => sum + rate, 0) / rates.length : undefined;
  return {
    requests,
    ...(ttft !== undefined ? { ttft_ms: Math.round(ttft) } : {}),
    ...(tps !== undefined
      ? {
          tokens_per_second: Number(tps.toFixed(1)),
          tokens_per_second_source: server.length ? 'server' : 'stream',
        }
      : {}),
  };
}

function timingLine(timing: Timing, seconds: number): string {
  const rate =
    timing.tokens_per_second === undefined
      ? undefined
      : `${timing.tokens_per_second} tokens/s${timing.tokens_per_second_source === 'server' ? ' (server timings)' : ''}`;
  return [
    `${timing.requests} request(s), ${seconds.toFixed(1)} s`,
    timing.ttft_ms !== undefined ? `first token ${timing.ttft_ms} ms` : undefined,
    rate,
  ]
    .filter(Boolean)
    .join(', ');
}
