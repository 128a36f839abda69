// Decides whether a scenario attempt passed: each check against the workspace after the turn and
// the events the turn produced. Returns the failed checks as sentences for the scorecard.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentEvent } from '../../protocol/events.js';
import type { ScenarioCheck } from './scenario.js';

export interface TurnFacts {
  events: readonly AgentEvent[];
  /** The final answer, when the turn completed with one. */
  answer: string | undefined;
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
    case 'command': {
      const run = spawnSync(check.argv[0]!, check.argv.slice(1), {
        cwd: dir,
        encoding: 'utf8',
        timeout: 30_000,
      });
      if (run.status === 0) return undefined;
      const said = `${run.stderr ?? ''}${run.stdout ?? ''}`.trim().split('\n').at(-1)?.slice(0, 120);
      return `\`${check.argv.join(' ')}\` failed${said ? `: ${said}` : ''}`;
    }
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
