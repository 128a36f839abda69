// `ossa eval`'s scorecard on a terminal: one block per run (setup facts, per-capability pass rates
// with their 95% interval, speed, the verdict and its reasons), then the comparison.
import type { EvalReport, EvalRun } from '../../app/eval/run-eval.js';
import { formatTokens } from '../../app/format.js';
import { escapeTerminalText } from '../../protocol/terminal-text.js';

const percent = (rate: number) => `${Math.round(rate * 100)}%`;
const SOURCE = { server: " (the server's own timings)", measured: ' (timed by ossa)', none: '' } as const;

/** The scorecard as text; reasons quote model-written files and command output, so every line is
 * escaped for the terminal. */
export function renderEvalText(report: EvalReport): string {
  const blocks = report.runs.map((run) => renderRun(run, report));
  if (report.runs.length > 1) {
    const rows = report.runs.map(
      (run) =>
        `  ${run.label.padEnd(32)} ${percent(run.scorecard.overall.rate).padStart(4)}  ${run.scorecard.verdict}`,
    );
    blocks.push(['compared:', ...rows, ...(report.best ? [`best: ${report.best}`] : [])].join('\n'));
  }
  return `${blocks.map(escapeTerminalText).join('\n\n')}\n`;
}

function speedLine(speed: EvalRun['setup']['speed']): string {
  const ms = (value: number | undefined) => (value === undefined ? '?' : `${value} ms`);
  const parts = [
    `first token ${ms(speed.ttftSmallMs)} (small prompt), ${ms(speed.ttftLargeMs)} (${formatTokens(speed.largePromptTokens)} prompt)`,
    speed.prefillTokensPerSecond !== undefined
      ? `prefill ${speed.prefillTokensPerSecond} tokens/s`
      : 'prefill not measured',
    `${speed.decodeTokensPerSecond !== undefined ? `decode ${speed.decodeTokensPerSecond} tokens/s` : 'decode not measured'}${SOURCE[speed.speedSource]}`,
    speed.cacheReuse !== undefined
      ? `prefix cache reused ${percent(speed.cacheReuse)} of the second turn`
      : speed.cacheSpeedup !== undefined
        ? `prefix cache not reported (second turn's first token ${speed.cacheSpeedup}× faster)`
        : 'prefix cache not reported',
  ];
  return parts.filter(Boolean).join(', ');
}

function conformanceLines(run: EvalRun): string[] {
  const report = run.setup.conformance;
  const lines = [
    `  wire conformance: ${report.wires.map((w) => `${w.wire} ${w.passed}/${w.applicable}${w.wire === report.configured ? ' (configured)' : ''}`).join(', ')}; better here: ${report.recommended}`,
  ];
  for (const wire of report.wires) {
    for (const probe of wire.probes) {
      lines.push(
        `    ${wire.wire.padEnd(9)} ${probe.probe.padEnd(20)} ${probe.outcome.padEnd(4)}  ${probe.detail}`,
      );
    }
  }
  return lines;
}

function renderRun(run: EvalRun, report: EvalReport): string {
  const { setup, scorecard: card } = run;
  const lines: string[] = [];
  lines.push(`${run.label}: ${setup.model} on ${setup.provider} (${setup.baseUrl}, ${setup.wireApi} wire)`);
  lines.push(
    `  server ${setup.serverKind ?? 'unidentified'}${setup.serverVersion ? ` ${setup.serverVersion}` : ' (version not reported)'}; window ${formatTokens(setup.contextWindow)} (${setup.windowSource})${setup.trainedMax ? `, trained maximum ${formatTokens(setup.trainedMax)}` : ', trained maximum not reported'}; sandbox ${setup.sandbox}`,
  );
  lines.push(`  setup: ${speedLine(setup.speed)}`);
  for (const problem of setup.speed.problems) lines.push(`    ! ${problem}`);
  if (setup.speed.truncation) lines.push(`    ! silent truncation: ${setup.speed.truncation}`);
  lines.push(...conformanceLines(run));
  const plan = run.plan;
  lines.push(
    `  plan: ${plan.scenarios.length} scenario(s) × ${plan.repeat}, estimated ${plan.estimatedMinutes} min + ${plan.setupMinutes} min of setup, budget ${plan.budgetMinutes} (${plan.basis})` +
      (plan.repeat < plan.requestedRepeat ? `; repeats lowered from ${plan.requestedRepeat}` : '') +
      (plan.dropped.length
        ? `; left out: ${plan.dropped.map((d) => `${d.id} (~${d.minutes} min)`).join(', ')}`
        : '') +
      (plan.scaled ? '' : '; not scaled (--no-scale)'),
  );
  lines.push(
    `  ${report.only ? 'chosen scenarios' : report.quick ? 'quick suite' : 'full suite'}, ${run.plan.repeat} repeat(s): ${card.overall.passed}/${card.overall.attempts} passed (${percent(card.overall.rate)}, 95% ${percent(card.overall.low)}–${percent(card.overall.high)}); every repeat passed for ${card.passAllRepeats.scenarios}/${card.passAllRepeats.of} scenarios`,
  );
  for (const capability of card.capabilities) {
    lines.push(
      `    ${capability.capability.padEnd(12)} ${`${capability.passed}/${capability.attempts}`.padStart(5)}  ${percent(capability.rate).padStart(4)}  (${percent(capability.low)}–${percent(capability.high)})`,
    );
  }
  const speed = [
    card.speed.ttftMsMedian !== undefined ? `first token ${card.speed.ttftMsMedian} ms` : undefined,
    card.speed.tokensPerSecondMedian !== undefined
      ? `${card.speed.tokensPerSecondMedian} tokens/s`
      : undefined,
    `${card.speed.secondsPerScenarioMedian} s per scenario`,
    card.speed.cacheReuse !== undefined ? `prompt cache reuse ${percent(card.speed.cacheReuse)}` : undefined,
  ].filter(Boolean);
  lines.push(`  speed (medians): ${speed.join(', ')}`);
  lines.push(
    `  tool calls ${card.repairs.toolCalls}, repaired ${card.repairs.calls}${card.truncated ? '; the server truncated prompts' : ''}`,
  );
  if (card.compaction) {
    const c = card.compaction;
    lines.push(
      `  long task: compacted in ${c.compacted}/${c.attempts} attempt(s)${
        c.compacted
          ? ` (${Object.entries(c.stages)
              .map(([stage, n]) => `${stage} ×${n}`)
              .join(', ')})`
          : ''
      }; passed ${c.passed}/${c.attempts}${c.compacted ? `, ${c.passedAfterCompaction} of them after compacting` : ''}`,
    );
  }
  lines.push(`  verdict: ${card.verdict.toUpperCase()}`);
  for (const reason of card.reasons.slice(0, 6)) lines.push(`    - ${reason}`);
  if (run.previous) {
    const delta = Math.round((card.overall.rate - run.previous.rate) * 100);
    lines.push(
      `  previous run ${run.previous.at.slice(0, 16).replace('T', ' ')}: ${percent(run.previous.rate)} (${run.previous.verdict}); now ${delta >= 0 ? '+' : ''}${delta} points`,
    );
  }
  lines.push(`  saved: ${run.savedTo}`);
  return lines.join('\n');
}
