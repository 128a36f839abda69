// The scorecard from scenario results (pure): pass rates per capability with a 95% Wilson
// interval, pass^k per scenario (every repeat passed), speed figures, and the verdict with its
// reasons, most important first.

import type { ScenarioResult } from './run-scenario.js';
import { CAPABILITIES, type Capability } from './scenario.js';
import type { ConformanceReport } from './wire-conformance.js';

export interface ScoreExtras {
  /** The setup's large-prompt probe found silent truncation (its sentence). */
  setupTruncation?: string;
  conformance?: ConformanceReport;
}

export type Verdict = 'qualified' | 'usable with caveats' | 'not qualified';

export interface CapabilityScore {
  capability: Capability;
  passed: number;
  attempts: number;
  rate: number;
  /** 95% Wilson score interval of the pass rate. */
  low: number;
  high: number;
}

export interface Scorecard {
  verdict: Verdict;
  reasons: string[];
  overall: { passed: number; attempts: number; rate: number; low: number; high: number };
  capabilities: CapabilityScore[];
  /** Scenarios whose every repeat passed, of all scenarios (pass^k, k = repeats). */
  passAllRepeats: { scenarios: number; of: number };
  repairs: { calls: number; toolCalls: number; byKind: Record<string, number> };
  speed: {
    ttftMsMedian?: number;
    tokensPerSecondMedian?: number;
    secondsPerScenarioMedian: number;
    cacheReuse?: number;
  };
  truncated: boolean;
  /** Wire conformance of the configured wire, and the wire that worked better here. */
  conformance?: {
    wire: string;
    passed: number;
    applicable: number;
    recommended: string;
    failed: string[];
    /** Failed probes that keep the run from qualifying (all but parallel calls). */
    blocking: number;
  };
  /** Attempts of scenarios meant to compact: how many compacted, and how many of those passed. */
  compaction?: {
    attempts: number;
    compacted: number;
    passedAfterCompaction: number;
    passed: number;
    /** Compactions by stage (`prune`, `summary`) over all those attempts. */
    stages: Record<string, number>;
  };
}

const NON_BLOCKING = new Set<string>(['parallel-calls']);
const QUALIFIED_RATE = 0.8;
const CAPABILITY_FLOOR = 0.6;
const USABLE_RATE = 0.5;
const MAX_REPAIR_SHARE = 0.2;

export function wilson(passed: number, attempts: number): { low: number; high: number } {
  if (attempts === 0) return { low: 0, high: 0 };
  const z = 1.96;
  const p = passed / attempts;
  const denominator = 1 + (z * z) / attempts;
  const centre = p + (z * z) / (2 * attempts);
  const margin = z * Math.sqrt((p * (1 - p)) / attempts + (z * z) / (4 * attempts * attempts));
  return { low: round3((centre - margin) / denominator), high: round3((centre + margin) / denominator) };
}

export function score(results: readonly ScenarioResult[], extras: ScoreExtras = {}): Scorecard {
  const capabilities = CAPABILITIES.flatMap((capability) => {
    const mine = results.filter((result) => result.capability === capability);
    if (mine.length === 0) return [];
    const passed = mine.filter((result) => result.passed).length;
    return [
      {
        capability,
        passed,
        attempts: mine.length,
        rate: round3(passed / mine.length),
        ...wilson(passed, mine.length),
      },
    ];
  });
  const passed = results.filter((result) => result.passed).length;
  const overall = {
    passed,
    attempts: results.length,
    rate: results.length ? round3(passed / results.length) : 0,
    ...wilson(passed, results.length),
  };
  const ids = [...new Set(results.map((result) => result.id))];
  const passAll = ids.filter((id) => results.filter((r) => r.id === id).every((r) => r.passed)).length;
  const byKind: Record<string, number> = {};
  let repairedCalls = 0;
  for (const result of results) {
    for (const [kind, count] of Object.entries(result.repairs)) {
      byKind[kind] = (byKind[kind] ?? 0) + count;
      repairedCalls += count;
    }
  }
  const toolCalls = results.reduce((sum, result) => sum + result.toolCalls, 0);
  const truncated = results.some((result) => result.truncated) || extras.setupTruncation !== undefined;
  const prompt = results.reduce((sum, r) => sum + r.promptTokens, 0);
  const cached = results.reduce((sum, r) => sum + r.cachedTokens, 0);
  const ttft = median(results.flatMap((r) => (r.ttftMs !== undefined ? [r.ttftMs] : [])));
  const tps = median(results.flatMap((r) => (r.tokensPerSecond !== undefined ? [r.tokensPerSecond] : [])));
  const card: Omit<Scorecard, 'verdict' | 'reasons'> = {
    overall,
    capabilities,
    passAllRepeats: { scenarios: passAll, of: ids.length },
    repairs: { calls: repairedCalls, toolCalls, byKind },
    speed: {
      ...(ttft !== undefined ? { ttftMsMedian: ttft } : {}),
      ...(tps !== undefined ? { tokensPerSecondMedian: tps } : {}),
      secondsPerScenarioMedian: median(results.map((r) => r.seconds)) ?? 0,
      ...(prompt > 0 && cached > 0 ? { cacheReuse: round3(cached / prompt) } : {}),
    },
    truncated,
    ...conformanceOf(extras.conformance),
    ...compactionOf(results),
  };
  return { ...card, ...judge(card, results) };
}

function conformanceOf(report: ConformanceReport | undefined): Pick<Scorecard, 'conformance'> {
  const mine = report?.wires.find((wire) => wire.wire === report.configured);
  if (!report || !mine) return {};
  return {
    conformance: {
      wire: mine.wire,
      passed: mine.passed,
      applicable: mine.applicable,
      recommended: report.recommended,
      failed: mine.probes.filter((p) => p.outcome === 'fail').map((p) => `${p.probe}: ${p.detail}`),
      // A model that calls one tool at a time still works: ossa runs calls in turn.
      blocking: mine.probes.filter((p) => p.outcome === 'fail' && !NON_BLOCKING.has(p.probe)).length,
    },
  };
}

function compactionOf(results: readonly ScenarioResult[]): Pick<Scorecard, 'compaction'> {
  const long = results.filter((result) => result.expectedCompaction);
  if (long.length === 0) return {};
  const compacted = long.filter((result) => result.compactions.length > 0);
  const stages: Record<string, number> = {};
  for (const record of long.flatMap((result) => result.compactions))
    stages[record.stage] = (stages[record.stage] ?? 0) + 1;
  return {
    compaction: {
      stages,
      attempts: long.length,
      compacted: compacted.length,
      passedAfterCompaction: compacted.filter((result) => result.passed).length,
      passed: long.filter((result) => result.passed).length,
    },
  };
}

function judge(
  card: Omit<Scorecard, 'verdict' | 'reasons'>,
  results: readonly ScenarioResult[],
): { verdict: Verdict; reasons: string[] } {
  const reasons: string[] = [];
  if (card.truncated) {
    reasons.push(
      'the server cut prompts silently (it reported far fewer prompt tokens than were sent): raise its context window — results above it are meaningless',
    );
  }
  if (card.repairs.toolCalls === 0 && results.length > 0) {
    reasons.push(
      'the model never called a tool: it cannot act as an agent (is it trained for tool calling? does the server pass tools to it?)',
    );
  }
  const weak = [...card.capabilities].sort((a, b) => a.rate - b.rate).filter((c) => c.rate < 1);
  for (const capability of weak) {
    const failing = results.filter((r) => r.capability === capability.capability && !r.passed);
    const examples = [...new Map(failing.map((r) => [r.id, r.failures[0] ?? 'failed'])).entries()]
      .slice(0, 2)
      .map(([id, why]) => `${id}: ${why}`)
      .join('; ');
    reasons.push(
      `${capability.capability}: ${capability.passed}/${capability.attempts} passed — ${examples}`,
    );
  }
  if (card.conformance && card.conformance.failed.length > 0) {
    reasons.push(
      `wire conformance on ${card.conformance.wire}: ${card.conformance.passed}/${card.conformance.applicable} probes passed — ${card.conformance.failed.slice(0, 2).join('; ')}`,
    );
  }
  if (card.conformance && card.conformance.recommended !== card.conformance.wire) {
    reasons.push(
      `the ${card.conformance.recommended} wire worked better on this server than ${card.conformance.wire}: set wire_api = "${card.conformance.recommended}" for this provider (\`--write-profile\` does)`,
    );
  }
  if (card.compaction && card.compaction.compacted < card.compaction.attempts) {
    reasons.push(
      `the long task did not compact in ${card.compaction.attempts - card.compaction.compacted} of ${card.compaction.attempts} attempt(s): working past the window was not tested there`,
    );
  }
  if (card.repairs.calls > 0) {
    const kinds = Object.entries(card.repairs.byKind)
      .map(([kind, count]) => `${kind} ×${count}`)
      .join(', ');
    reasons.push(
      `${card.repairs.calls} tool call(s) were misformatted and recovered by ossa's repair stage (${kinds})`,
    );
  }
  let verdict: Verdict;
  const floorMet = card.capabilities.every((c) => c.rate >= CAPABILITY_FLOOR);
  // Recovered calls still work, but a model that needs repair for many of its calls is one
  // misformat away from failing: above this share it does not qualify.
  const repairShare = card.repairs.toolCalls ? card.repairs.calls / card.repairs.toolCalls : 0;
  // A capability with no pass at all (it cannot edit, cannot recover …) rules the model out.
  const missing = card.capabilities.some((c) => c.attempts > 0 && c.passed === 0);
  if (card.truncated || card.repairs.toolCalls === 0 || repairShare > MAX_REPAIR_SHARE || missing)
    verdict = 'not qualified';
  else if (
    card.overall.rate >= QUALIFIED_RATE &&
    floorMet &&
    card.repairs.calls === 0 &&
    (card.conformance?.blocking ?? 0) === 0
  )
    verdict = 'qualified';
  else if (card.overall.rate >= USABLE_RATE) verdict = 'usable with caveats';
  else verdict = 'not qualified';
  return { verdict, reasons };
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : round3((sorted[middle - 1]! + sorted[middle]!) / 2);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
