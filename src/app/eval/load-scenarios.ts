// The scenarios a run uses: the built-ins, then the user's own from $OSSA_HOME/evals/scenarios/
// (a user file with a built-in's id replaces it). A file that does not parse or match the format
// is an error naming the file and what is wrong — never silently skipped.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { BUILT_IN_SCENARIOS } from './builtin-scenarios.js';
import { type Scenario, scenarioSchema } from './scenario.js';

export function userScenarioDir(home: string): string {
  return join(home, 'evals', 'scenarios');
}

export function loadScenarios(home: string, options: { quick: boolean }): Scenario[] {
  const byId = new Map<string, Scenario>();
  for (const [index, data] of BUILT_IN_SCENARIOS.entries()) {
    byId.set(...withId(parse(data, `built-in scenario #${index + 1}`)));
  }
  const dir = userScenarioDir(home);
  let names: string[] = [];
  try {
    names = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch {
    // No user scenarios.
  }
  for (const name of names) {
    const file = join(dir, name);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new UsageError(`${file} is not valid JSON: ${(error as Error).message}. Fix it or remove it.`);
    }
    byId.set(...withId(parse(data, file)));
  }
  const all = [...byId.values()];
  return options.quick ? all.filter((scenario) => scenario.quick) : all;
}

function parse(data: unknown, where: string): Scenario {
  const result = scenarioSchema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : '(the whole file)';
  throw new UsageError(
    `${where}: ${path}: ${issue?.message ?? 'does not match the scenario format'}. See docs/eval.md, "Writing a scenario".`,
  );
}

function withId(scenario: Scenario): [string, Scenario] {
  return [scenario.id, scenario];
}
