// Decides whether a scenario attempt passed: each check against the workspace after the turn and
// the events the turn produced. Returns the failed checks as sentences for the scorecard.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '../../protocol/events.js';
import type { ScenarioCheck } from './scenario.js';

export interface TurnFacts {
  events: readonly AgentEvent[];
  /** The final answer, when the turn completed with one. */
  answer: string | undefined;
  /** The whole environment of verify scripts and commands (ossa's, with OSSA_EVAL_PARTS and OSSA_EVAL_EXPECTED). */
  scriptEnv?: NodeJS.ProcessEnv;
}

export function failedChecks(checks: readonly ScenarioCheck[], dir: string, facts: TurnFacts): string[] {
  return checks.flatMap((check) => {
    const failure = failureOf(check, dir, facts);
    return failure ? [failure] : [];
  });
}

function failureOf(check: ScenarioCheck, dir: string, facts: TurnFacts): string | undefined {
  const ends = facts.events.filter((event) => event.type === 'tool-call-end');
  switch (check.kind) {
    case 'file-equals': {
      const text = readText(join(dir, check.path));
      if (text === undefined) return `${check.path} was not created`;
      return text.replace(/\n$/, '') === check.text.replace(/\n$/, '')
        ? undefined
        : `${check.path} holds ${JSON.stringify(text.slice(0, 80))}, not the expected text`;
    }
    case 'file-contains': {
      const text = readText(join(dir, check.path));
      if (text === undefined) return `${check.path} is missing`;
      return text.includes(check.text) ? undefined : `${check.path} lacks ${JSON.stringify(check.text)}`;
    }
    case 'file-absent':
      return existsSync(join(dir, check.path)) ? `${check.path} still exists` : undefined;
    case 'answer-contains':
      if (facts.answer === undefined) return 'no final answer';
      return facts.answer.toLowerCase().includes(check.text.toLowerCase())
        ? undefined
        : `the answer does not mention ${JSON.stringify(check.text)}`;
    case 'tool-used':
      return ends.some((event) => event.name === check.name && event.success)
        ? undefined
        : `no successful ${check.name} call`;
    case 'no-tool-calls':
      return ends.length === 0 ? undefined : `called ${ends.length} tool(s) where none was needed`;
    case 'command':
      return commandFailure(check.argv, dir, facts.scriptEnv, `\`${check.argv.join(' ')}\``);
    case 'script':
      return scriptFailure(check.lang, check.source, dir, facts.scriptEnv);
    case 'tool-called-with':
      return ends.some(
        (event) =>
          event.name === check.name &&
          event.success &&
          containsJson(argumentsOf(facts.events, event.callId), check.arguments),
      )
        ? undefined
        : `no successful ${check.name} call with ${JSON.stringify(check.arguments).slice(0, 80)}`;
    case 'tool-failed':
      return ends.some((event) => !event.success)
        ? undefined
        : 'no tool call failed, so recovery was not tested';
    case 'max-tool-calls':
      return ends.length <= check.count
        ? undefined
        : `${ends.length} tool calls where ${check.count} suffice`;
  }
}

function commandFailure(
  argv: readonly string[],
  dir: string,
  env: NodeJS.ProcessEnv | undefined,
  label: string,
): string | undefined {
  const run = spawnSync(argv[0]!, argv.slice(1), {
    cwd: dir,
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 1024 * 1024,
    ...(env ? { env } : {}),
  });
  if (run.status === 0) return undefined;
  const said = `${run.stderr ?? ''}${run.stdout ?? ''}`.trim().split('\n').at(-1)?.slice(0, 120);
  return `${label} failed${said ? `: ${said}` : run.error ? `: ${run.error.message}` : ''}`;
}

/** The script lives in its own temporary directory: the model never saw or could change it. */
function scriptFailure(
  lang: 'node' | 'sh',
  source: string,
  dir: string,
  env: NodeJS.ProcessEnv | undefined,
): string | undefined {
  const scriptDir = mkdtempSync(join(tmpdir(), 'ossa-eval-verify-'));
  try {
    const file = join(scriptDir, lang === 'node' ? 'verify.mjs' : 'verify.sh');
    writeFileSync(file, source);
    return commandFailure([lang === 'node' ? process.execPath : 'sh', file], dir, env, 'the verify script');
  } finally {
    rmSync(scriptDir, { recursive: true, force: true });
  }
}

/** The arguments the call ran with (its `tool-call-begin`, after repair). */
function argumentsOf(events: readonly AgentEvent[], callId: string): unknown {
  const begin = events.find((event) => event.type === 'tool-call-begin' && event.callId === callId);
  if (begin?.type !== 'tool-call-begin') return undefined;
  try {
    return JSON.parse(begin.arguments);
  } catch {
    return undefined;
  }
}

/** `actual` holds `expected`: objects by key (extra keys allowed), arrays element by element. */
export function containsJson(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, index) => containsJson(actual[index], item))
    );
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([key, value]) =>
      containsJson((actual as Record<string, unknown>)[key], value),
    );
  }
  return actual === expected;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
