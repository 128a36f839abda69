// Scales the suite to the measured speed (pure): each scenario's minutes are estimated from its
// expected model steps and the server's decode and prefill rates; when the run would pass its
// budget (15 minutes, `--quick` 3, less what the setup probes took), repeats are lowered first, then scenarios are dropped —
// those outside the quick suite first, the costliest first — never the last one of a capability. The plan says what it did, for the scorecard.
import type { Scenario } from './scenario.js';

export interface SpeedInput {
  decodeTokensPerSecond?: number;
  prefillTokensPerSecond?: number;
  ttftSmallMs?: number;
  window: number;
}

export interface SuitePlan {
  scenarios: Scenario[];
  repeat: number;
  requestedRepeat: number;
  /** The scenarios' estimated minutes (the setup's own time not included). */
  estimatedMinutes: number;
  /** The whole run's budget: 15 minutes, 3 with `--quick`. */
  budgetMinutes: number;
  /** What the setup probes took; the scenarios get the rest of the budget. */
  setupMinutes: number;
  dropped: { id: string; minutes: number }[];
  /** How the speeds behind the estimate were known. */
  basis: string;
  /** False with `--no-scale`: the whole suite runs whatever the estimate. */
  scaled: boolean;
}

/** Used when the server's speed could not be measured: a slow local GPU. */
const ASSUMED_DECODE = 15;
const ASSUMED_PREFILL = 300;
/** Tokens a model writes per step (a call or a short answer). */
const OUTPUT_PER_STEP = 150;
/** New prompt tokens per step (the tool output and the call), and the fixed prompt once. */
const NEW_PROMPT_PER_STEP = 600;
const FIXED_PROMPT = 4000;
/** Seconds of tool running, checks and session set-up per step. */
const OVERHEAD_PER_STEP = 0.5;

export function scenarioMinutes(scenario: Scenario, speed: SpeedInput): number {
  const decode = speed.decodeTokensPerSecond ?? ASSUMED_DECODE;
  const prefill = speed.prefillTokensPerSecond ?? ASSUMED_PREFILL;
  const ttft = (speed.ttftSmallMs ?? 500) / 1000;
  let steps = scenario.est_steps;
  let newPrompt = NEW_PROMPT_PER_STEP;
  if (scenario.generate) {
    // Two steps per part (read, append), each adding about a part to the prompt.
    const partTokens = Math.min(3000, speed.window * scenario.generate.part_fraction);
    const parts = Math.ceil((speed.window * scenario.generate.fraction) / partTokens);
    steps = Math.max(steps, 2 * parts + 2);
    newPrompt = partTokens / 2 + NEW_PROMPT_PER_STEP;
  }
  const seconds =
    FIXED_PROMPT / prefill +
    steps * (ttft + OUTPUT_PER_STEP / decode + newPrompt / prefill + OVERHEAD_PER_STEP);
  return seconds / 60;
}

export function planSuite(input: {
  scenarios: Scenario[];
  repeat: number;
  quick: boolean;
  speed: SpeedInput;
  scale: boolean;
  setupMinutes?: number;
}): SuitePlan {
  const budgetMinutes = input.quick ? 3 : 15;
  const setupMinutes = round(input.setupMinutes ?? 0);
  const room = Math.max(0, budgetMinutes - (input.setupMinutes ?? 0));
  const cost = new Map(input.scenarios.map((s) => [s.id, scenarioMinutes(s, input.speed)]));
  const total = (scenarios: Scenario[], repeat: number) =>
    scenarios.reduce((sum, s) => sum + (cost.get(s.id) ?? 0), 0) * repeat;
  const { decodeTokensPerSecond: decode, prefillTokensPerSecond: prefill } = input.speed;
  const basis = [
    decode !== undefined
      ? `${decode} tokens/s decode measured`
      : `decode not measured, ${ASSUMED_DECODE} tokens/s assumed`,
    prefill !== undefined
      ? `${prefill} tokens/s prefill measured`
      : `prefill not measured, ${ASSUMED_PREFILL} tokens/s assumed`,
  ].join(', ');
  let scenarios = [...input.scenarios];
  let repeat = input.repeat;
  const dropped: SuitePlan['dropped'] = [];
  if (input.scale) {
    while (repeat > 1 && total(scenarios, repeat) > room) repeat--;
    // Scenarios outside the quick suite go first, the costliest first.
    const byCost = [...scenarios].sort(
      (a, b) => Number(a.quick) - Number(b.quick) || (cost.get(b.id) ?? 0) - (cost.get(a.id) ?? 0),
    );
    for (const candidate of byCost) {
      if (total(scenarios, repeat) <= room) break;
      const sameCapability = scenarios.filter((s) => s.capability === candidate.capability).length;
      if (sameCapability <= 1) continue;
      scenarios = scenarios.filter((s) => s.id !== candidate.id);
      dropped.push({ id: candidate.id, minutes: round(cost.get(candidate.id) ?? 0) });
    }
  }
  return {
    scenarios,
    repeat,
    requestedRepeat: input.repeat,
    estimatedMinutes: round(total(scenarios, repeat)),
    budgetMinutes,
    setupMinutes,
    dropped,
    basis,
    scaled: input.scale,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
