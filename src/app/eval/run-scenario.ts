// One attempt at one scenario: a fresh git workspace with the scenario's files, a real ossa session
// (the configured model, the real tools, the sandbox) running the prompt once, then the checks.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ResolvedConfig } from '../../config/index.js';
import type { AgentEvent } from '../../protocol/events.js';
import type { SessionTarget } from '../prepare-session.js';
import type { Capability, Scenario } from './scenario.js';
import { failedChecks } from './verify.js';
import { windowParts } from './window-parts.js';

export interface ScenarioResult {
  id: string;
  capability: Capability;
  attempt: number;
  passed: boolean;
  /** Why it failed: the failed checks, or the turn's error. */
  failures: string[];
  seconds: number;
  requests: number;
  toolCalls: number;
  /** Repairs the repair stage made, by kind (`json`, `harmony` …). */
  repairs: Record<string, number>;
  /** The server kept fewer prompt tokens than were sent (silent truncation). */
  truncated: boolean;
  /** Compactions the session made (stage and reason each), for the long task's line. */
  compactions: { stage: string; reason: string }[];
  /** The scenario asked for a compaction (`expect_compaction`). */
  expectedCompaction: boolean;
  promptTokens: number;
  cachedTokens: number;
  outputTokens: number;
  ttftMs?: number;
  tokensPerSecond?: number;
}

export interface RunScenarioInput {
  target: SessionTarget;
  scenario: Scenario;
  attempt: number;
  env: NodeJS.ProcessEnv;
  sandboxMode: ResolvedConfig['sandboxMode'];
  signal?: AbortSignal;
}

export async function runScenario(input: RunScenarioInput): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), `ossa-eval-${input.scenario.id}-`));
  const outside = mkdtempSync(join(tmpdir(), `ossa-eval-expected-`));
  try {
    const generated = generatedFiles(input.scenario, input.target.contextWindow.value);
    makeWorkspace(dir, { ...input.scenario.files, ...generated.files });
    const expected = join(outside, 'expected.json');
    const prompt = input.scenario.prompt.replaceAll('{parts}', String(generated.codes.length));
    return await attempt(input, dir, prompt, {
      env: { ...input.env, OSSA_EVAL_PARTS: String(generated.codes.length), OSSA_EVAL_EXPECTED: expected },
      // Written only once the turn is over: the model's commands never had the answers to read.
      writeExpected: () => writeFileSync(expected, JSON.stringify({ codes: generated.codes })),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
}

function generatedFiles(scenario: Scenario, window: number | undefined) {
  if (!scenario.generate || window === undefined) return { files: {}, codes: [] as string[] };
  return windowParts(window, scenario.generate.fraction, scenario.generate.part_fraction);
}

function makeWorkspace(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path);
    if (!full.startsWith(`${dir}/`)) throw new Error(`scenario file ${path} is outside its workspace`);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git(
    '-c',
    'user.email=eval@ossa',
    '-c',
    'user.name=ossa eval',
    'commit',
    '-qm',
    'scenario',
    '--allow-empty',
  );
}

async function attempt(
  input: RunScenarioInput,
  dir: string,
  prompt: string,
  verify: { env: NodeJS.ProcessEnv; writeExpected: () => void },
): Promise<ScenarioResult> {
  const { scenario, target } = input;
  const config: ResolvedConfig = {
    ...target.config,
    cwd: dir,
    projectRoot: dir,
    sandboxMode: input.sandboxMode,
    approvalPolicy: 'never',
    sandboxWorkspaceWrite: { ...target.config.sandboxWorkspaceWrite, writableRoots: [] },
  };
  const { createSession } = await import('../create-session.js');
  const session = createSession({
    target: { ...target, config },
    env: input.env,
    nonInteractive: true,
    ephemeral: true,
  });
  const events: AgentEvent[] = [];
  session.subscribe((event) => events.push(event));
  session.start();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), scenario.timeout_sec * 1000);
  const onAbort = () => controller.abort();
  input.signal?.addEventListener('abort', onAbort, { once: true });
  const started = performance.now();
  let outcome: Awaited<ReturnType<typeof session.runTurn>>;
  try {
    outcome = await session.runTurn(prompt, controller.signal);
  } finally {
    clearTimeout(timer);
    input.signal?.removeEventListener('abort', onAbort);
  }
  const seconds = (performance.now() - started) / 1000;
  const answer = outcome.status === 'completed' ? outcome.lastMessage : undefined;
  verify.writeExpected();
  const failures = failedChecks(scenario.checks, dir, { events, answer, scriptEnv: verify.env });
  if (outcome.status !== 'completed') {
    const timedOut = controller.signal.aborted && !input.signal?.aborted;
    failures.unshift(
      timedOut
        ? `the time limit of ${scenario.timeout_sec} s was reached`
        : `the turn ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}`,
    );
  }
  return {
    ...figures(events),
    id: scenario.id,
    capability: scenario.capability,
    attempt: input.attempt,
    expectedCompaction: scenario.expect_compaction,
    passed: failures.length === 0,
    failures,
    seconds: round(seconds),
  };
}

function figures(events: readonly AgentEvent[]) {
  const repairs: Record<string, number> = {};
  let promptTokens = 0;
  let cachedTokens = 0;
  let outputTokens = 0;
  let ttftMs: number | undefined;
  const rates: number[] = [];
  for (const event of events) {
    if (event.type === 'tool-call-repair')
      for (const kind of event.kinds) repairs[kind] = (repairs[kind] ?? 0) + 1;
    if (event.type === 'usage') {
      promptTokens += event.usage.inputTokens;
      cachedTokens += event.usage.cachedInputTokens;
      outputTokens += event.usage.outputTokens;
      ttftMs ??= event.ttftMs;
      if (event.tokensPerSecond !== undefined) rates.push(event.tokensPerSecond);
    }
  }
  return {
    requests: events.filter((event) => event.type === 'request-begin').length,
    toolCalls: events.filter((event) => event.type === 'tool-call-end').length,
    repairs,
    truncated: events.some((event) => event.type === 'warning' && event.code === 'server-truncation'),
    compactions: events.flatMap((event) =>
      event.type === 'compaction' ? [{ stage: event.stage, reason: event.reason }] : [],
    ),
    promptTokens,
    cachedTokens,
    outputTokens,
    ...(ttftMs !== undefined ? { ttftMs: Math.round(ttftMs) } : {}),
    ...(rates.length ? { tokensPerSecond: round(rates.reduce((a, b) => a + b, 0) / rates.length) } : {}),
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
