// The live end-to-end check (docs: cli-contract.md, "ossa doctor smoke test"): in a fresh
// temporary git repository a real session asks the model to (1) run a command with `shell`,
// (2) create a file with `apply_patch`, (3) answer. It passes when the command ran, the file
// holds the requested line and a final answer arrived; it reports time to first token and tokens
// per second, and whether the server cut the prompt.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResolvedConfig } from '../../config/index.js';
import type { AgentEvent } from '../../protocol/events.js';
import type { SessionTarget } from '../prepare-session.js';
import { type DoctorCheck, fail, pass, warn } from './check.js';

export const SMOKE_MARKER = 'ossa-doctor-ok';
export const SMOKE_FILE = 'hello.txt';
export const SMOKE_LINE = 'hello from ossa';

const PROMPT = [
  'This is an automated check of your tools. Do exactly these three steps, in order, one tool call at a time:',
  `1. Use the shell tool to run the command: echo ${SMOKE_MARKER}`,
  `2. Use the apply_patch tool to create the file ${SMOKE_FILE} containing exactly one line: ${SMOKE_LINE}`,
  '3. Answer with the single word DONE.',
].join('\n');

export interface SmokeInput {
  /** Provider (with the base_url that answered), model and window, as the checks found them. */
  target: SessionTarget;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export async function smokeTest(input: SmokeInput): Promise<DoctorCheck> {
  const dir = mkdtempSync(join(tmpdir(), 'ossa-doctor-'));
  try {
    return await runSmoke(input, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runSmoke(input: SmokeInput, dir: string): Promise<DoctorCheck> {
  const git = spawnSync('git', ['init', '-q'], { cwd: dir });
  if (git.status !== 0) mkdirSync(join(dir, '.git'));
  // The sandbox check passed before this runs (run-doctor.ts); a sandbox that cannot start
  // makes the command fail, which this check reports — it never falls back to no sandbox.
  const sandboxMode: ResolvedConfig['sandboxMode'] = 'workspace-write';
  const config: ResolvedConfig = {
    ...input.target.config,
    cwd: dir,
    projectRoot: dir,
    sandboxMode,
    approvalPolicy: 'never',
    sandboxWorkspaceWrite: { ...input.target.config.sandboxWorkspaceWrite, writableRoots: [] },
  };
  const { createSession } = await import('../create-session.js');
  const session = createSession({
    target: { ...input.target, config },
    env: input.env,
    nonInteractive: true,
    ephemeral: true,
  });

  const events: AgentEvent[] = [];
  session.subscribe((event) => events.push(event));
  session.start();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), input.timeoutMs ?? 300_000);
  const onAbort = () => controller.abort();
  input.signal?.addEventListener('abort', onAbort, { once: true });
  const started = performance.now();
  let outcome: Awaited<ReturnType<typeof session.runTurn>>;
  try {
    outcome = await session.runTurn(PROMPT, controller.signal);
  } finally {
    clearTimeout(timer);
    input.signal?.removeEventListener('abort', onAbort);
  }
  const seconds = (performance.now() - started) / 1000;

  const ends = events.filter((event) => event.type === 'tool-call-end');
  const shellRan = ends.some(
    (event) => event.name === 'shell' && event.success && event.output.includes(SMOKE_MARKER),
  );
  const fileText = readText(join(dir, SMOKE_FILE));
  const fileOk = fileText?.trim() === SMOKE_LINE;
  const answered = outcome.status === 'completed' && Boolean(outcome.lastMessage?.trim());
  const timing = timings(events);
  const data = {
    sandbox: sandboxMode,
    seconds: Number(seconds.toFixed(1)),
    ...timing,
    status: outcome.status,
  };
  const timingText = [
    `${timing.requests} request(s), ${seconds.toFixed(1)} s`,
    timing.ttft_ms !== undefined ? `first token ${timing.ttft_ms} ms` : undefined,
    timing.tokens_per_second !== undefined ? `${timing.tokens_per_second} tokens/s` : undefined,
  ]
    .filter(Boolean)
    .join(', ');

  // The session judged each reply against the window; its verdict is the one reported.
  const truncation = events.flatMap((event) =>
    event.type === 'warning' && event.code === 'server-truncation' ? [event.message] : [],
  )[0];
  if (shellRan && fileOk && answered) {
    const line = `shell ran, ${SMOKE_FILE} written with apply_patch, final answer (${timingText})`;
    return truncation
      ? warn('smoke-test', `${line}; but ${truncation}`, undefined, data)
      : pass('smoke-test', line, data);
  }
  const missing: string[] = [];
  if (!shellRan) missing.push(`no successful shell call printing ${SMOKE_MARKER}`);
  if (!fileOk)
    missing.push(
      fileText === undefined
        ? `${SMOKE_FILE} was not created`
        : `${SMOKE_FILE} holds ${JSON.stringify(fileText.slice(0, 60))}`,
    );
  if (!answered)
    missing.push(outcome.error ? `the turn ${outcome.status}: ${outcome.error}` : 'no final answer');
  const repairs = events.filter((event) => event.type === 'tool-call-repair').length;
  return fail(
    'smoke-test',
    `${missing.join('; ')} (${timingText})`,
    [
      truncation,
      repairs > 0
        ? `the model formatted ${repairs} tool call(s) badly: it may not be trained for tool calling`
        : undefined,
      'try a model trained for tool calls (`ossa models` shows which have tools: yes), and check the context window above',
    ]
      .filter(Boolean)
      .join('; '),
    data,
  );
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function timings(events: AgentEvent[]): { requests: number; ttft_ms?: number; tokens_per_second?: number } {
  const usage = events.filter((event) => event.type === 'usage');
  const requests = events.filter((event) => event.type === 'request-begin').length;
  const ttft = usage.find((event) => event.ttftMs !== undefined)?.ttftMs;
  const rates = usage.flatMap((event) =>
    event.tokensPerSecond !== undefined ? [event.tokensPerSecond] : [],
  );
  const tps = rates.length ? rates.reduce((sum, rate) => sum + rate, 0) / rates.length : undefined;
  return {
    requests,
    ...(ttft !== undefined ? { ttft_ms: Math.round(ttft) } : {}),
    ...(tps !== undefined ? { tokens_per_second: Number(tps.toFixed(1)) } : {}),
  };
}
