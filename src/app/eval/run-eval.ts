// `ossa eval`'s use case: qualify a model + server for agentic coding. For each profile (or the
// plain configuration) and each combination of `--sweep` values: prepare the session target like
// every other command, refuse to score when the window is unknown or too small or the sandbox
// cannot run, gather the setup facts (server and version, speed, cache reuse, truncation) and the
// wire conformance, scale the suite to the measured speed, then run every scenario `repeat` times
// with the real tools and score the results. Each run is saved under $OSSA_HOME/evals/ and
// compared with the previous run of the same model.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GlobalFlags } from '../../config/flags.js';
import { OssaError, UsageError } from '../../errors.js';
import type { SessionTarget } from '../prepare-session.js';
import { loadScenarios } from './load-scenarios.js';
import { runScenario, type ScenarioResult } from './run-scenario.js';
import type { Scenario } from './scenario.js';

export { EvalRefusedError, type SetupFacts } from './setup-facts.js';

import { type Scorecard, score } from './score.js';
import type { SetupFacts } from './setup-facts.js';
import { planSuite, type SuitePlan } from './suite-plan.js';

export interface SweepAxis {
  key: string;
  values: string[];
}

/** More combinations than this is a mistake (a suite per combination): refused with the count. */
export const MAX_SWEEP_COMBINATIONS = 16;

export interface EvalInput {
  cwd: string;
  env: NodeJS.ProcessEnv;
  flags: GlobalFlags;
  /** `-p` values to compare; empty: the configuration as it is. */
  profiles: string[];
  quick: boolean;
  repeat: number;
  /** `--sweep KEY=v1,v2` (repeatable): one run per combination of values (cartesian), as `-c KEY=value`. */
  sweeps?: SweepAxis[];
  /** `--only ID,…`: run only these scenarios. */
  only?: string[];
  /** False with `--no-scale`: run the whole suite whatever the measured speed. */
  scale?: boolean;
  /** One line per finished attempt, for a progress display. */
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
}

export interface EvalRun {
  /** The profile name, or `(config)`; with a sweep also `KEY=value`. */
  label: string;
  /** The swept settings of this run (one per `--sweep` key). */
  settings?: { key: string; value: string }[];
  setup: SetupFacts;
  plan: SuitePlan;
  scorecard: Scorecard;
  results: ScenarioResult[];
  /** The previous saved run of the same provider and model, for comparison. */
  previous?: { at: string; rate: number; verdict: string };
  savedTo: string;
}

export interface EvalReport {
  at: string;
  quick: boolean;
  repeat: number;
  /** `--only`: the scenarios chosen. */
  only?: string[];
  runs: EvalRun[];
  /** With a sweep: the label of the best run (highest pass rate, then fastest). */
  best?: string;
}

export async function runEval(input: EvalInput): Promise<EvalReport> {
  const at = new Date().toISOString();
  const variants = variantsOf(input);
  const runs: EvalRun[] = [];
  for (const variant of variants) runs.push(await runVariant(input, variant, at));
  const best = input.sweeps?.length ? bestOf(runs)?.label : undefined;
  return {
    at,
    quick: input.quick,
    repeat: input.repeat,
    ...(input.only?.length ? { only: input.only } : {}),
    runs,
    ...(best ? { best } : {}),
  };
}

interface Variant {
  label: string;
  flags: GlobalFlags;
  settings?: { key: string; value: string }[];
}

/** Every profile × every combination of the swept values (the cartesian product, in flag order). */
export function variantsOf(input: Pick<EvalInput, 'profiles' | 'flags' | 'sweeps'>): Variant[] {
  const bases: Variant[] =
    input.profiles.length === 0
      ? [{ label: input.flags.profile ?? '(config)', flags: input.flags }]
      : input.profiles.map((profile) => ({ label: profile, flags: { ...input.flags, profile } }));
  let combinations: { key: string; value: string }[][] = [[]];
  for (const axis of input.sweeps ?? []) {
    combinations = combinations.flatMap((combo) =>
      axis.values.map((value) => [...combo, { key: axis.key, value }]),
    );
  }
  if (!input.sweeps?.length) return bases;
  return bases.flatMap((base) =>
    combinations.map((settings) => ({
      label: `${base.label} ${settings.map((s) => `${s.key}=${s.value}`).join(' ')}`,
      flags: { ...base.flags, config: [...base.flags.config, ...settings.map((s) => `${s.key}=${s.value}`)] },
      settings,
    })),
  );
}

async function runVariant(input: EvalInput, given: Variant, at: string): Promise<EvalRun> {
  const { prepareSession } = await import('../prepare-session.js');
  const prepare = (flags: GlobalFlags) =>
    prepareSession({
      cwd: input.cwd,
      env: input.env,
      flags,
      io: { notices: { write: () => true }, interactive: false, assumeYes: Boolean(flags.yes) },
      ...(input.signal ? { signal: input.signal } : {}),
    });
  const variant = await expandShorthands(given, input, prepare);
  const target = await prepare(variant.flags);
  const { setupFacts } = await import('./setup-facts.js');
  const setupStarted = performance.now();
  const setup = await setupFacts(target, input.env, input.quick, input.signal);
  const plan = planSuite({
    setupMinutes: (performance.now() - setupStarted) / 60_000,
    scenarios: selected(loadScenarios(target.config.home, { quick: input.quick && !input.only }), input.only),
    repeat: input.repeat,
    quick: input.quick,
    speed: { ...setup.speed, window: setup.contextWindow },
    scale: input.scale ?? true,
  });
  input.onProgress?.(
    `${variant.label}: ${plan.scenarios.length} scenario(s) × ${plan.repeat}, about ${plan.estimatedMinutes} min (${plan.basis})${plan.dropped.length ? `; left out to stay within ${plan.budgetMinutes} min: ${plan.dropped.map((d) => d.id).join(', ')}` : ''}`,
  );
  const results = await runScenarios(input, variant.label, target, plan);
  const scorecard = score(results, {
    ...(setup.speed.truncation ? { setupTruncation: setup.speed.truncation } : {}),
    conformance: setup.conformance,
  });
  const dir = join(target.config.home, 'evals');
  const previous = previousRun(dir, setup);
  mkdirSync(dir, { recursive: true });
  const savedTo = join(dir, `${at.replace(/[:.]/g, '-')}-${slug(variant.label)}.json`);
  const run: EvalRun = {
    label: variant.label,
    ...(variant.settings ? { settings: variant.settings } : {}),
    setup,
    plan,
    scorecard,
    results,
    ...(previous ? { previous } : {}),
    savedTo,
  };
  writeFileSync(savedTo, `${JSON.stringify({ at, ...run }, null, 2)}\n`);
  return run;
}

/** Every planned scenario `plan.repeat` times, in order, one progress line per attempt. */
async function runScenarios(
  input: EvalInput,
  label: string,
  target: SessionTarget,
  plan: SuitePlan,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (let attempt = 1; attempt <= plan.repeat; attempt++) {
    for (const scenario of plan.scenarios) {
      if (input.signal?.aborted) throw new OssaError('eval interrupted', 130);
      // Setup refused to score without the sandbox: every attempt runs in it.
      const result = await runScenario({
        target,
        scenario,
        attempt,
        env: input.env,
        sandboxMode: 'workspace-write',
        ...(input.signal ? { signal: input.signal } : {}),
      });
      results.push(result);
      input.onProgress?.(
        `${label}: ${scenario.id}${plan.repeat > 1 ? ` #${attempt}` : ''} ${result.passed ? 'passed' : `FAILED — ${result.failures[0]}`} (${result.seconds} s)`,
      );
    }
  }
  return results;
}

/**
 * A variant whose swept keys include shorthands (`temperature`, `wire_api` …): the target without
 * them says which family and provider they stand for, and the variant gets the real keys — the
 * ones `--write-profile` writes. The label keeps what the user typed.
 */
async function expandShorthands(
  variant: Variant,
  input: EvalInput,
  prepare: (flags: GlobalFlags) => Promise<SessionTarget>,
): Promise<Variant> {
  const { expandSweepKey, isShorthand } = await import('./sweep-keys.js');
  if (!variant.settings?.some((setting) => isShorthand(setting.key))) return variant;
  const plain = variant.settings.filter((setting) => !isShorthand(setting.key));
  const base = await prepare({
    ...variant.flags,
    config: [...input.flags.config, ...plain.map((s) => `${s.key}=${s.value}`)],
  });
  const settings = variant.settings.map((setting) => ({
    ...setting,
    key: expandSweepKey(setting.key, base),
  }));
  return {
    ...variant,
    settings,
    flags: {
      ...variant.flags,
      config: [...input.flags.config, ...settings.map((s) => `${s.key}=${s.value}`)],
    },
  };
}

function selected(scenarios: Scenario[], only: string[] | undefined): Scenario[] {
  if (!only?.length) return scenarios;
  const unknown = only.filter((id) => !scenarios.some((s) => s.id === id));
  if (unknown.length) {
    throw new UsageError(
      `--only ${unknown.join(',')}: no such scenario. Known: ${scenarios.map((s) => s.id).join(', ')}.`,
    );
  }
  return scenarios.filter((s) => only.includes(s.id));
}

function previousRun(dir: string, setup: SetupFacts): EvalRun['previous'] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .reverse();
  } catch {
    return undefined;
  }
  for (const name of names) {
    try {
      const saved = JSON.parse(readFileSync(join(dir, name), 'utf8')) as EvalRun & { at: string };
      if (saved.setup?.provider === setup.provider && saved.setup?.model === setup.model) {
        return { at: saved.at, rate: saved.scorecard.overall.rate, verdict: saved.scorecard.verdict };
      }
    } catch {
      // A file that is not a saved run is not compared with.
    }
  }
  return undefined;
}

function bestOf(runs: EvalRun[]): EvalRun | undefined {
  return [...runs].sort(
    (a, b) =>
      b.scorecard.overall.rate - a.scorecard.overall.rate ||
      a.scorecard.speed.secondsPerScenarioMedian - b.scorecard.speed.secondsPerScenarioMedian,
  )[0];
}

function slug(label: string): string {
  return label.replace(/[^A-Za-z0-9._=-]+/g, '_').slice(0, 60);
}
