// `ossa eval`'s scorecard on a terminal: one block per run (setup facts, per-capability pass rates
// with their 95% interval, speed, the verdict and its reasons), then the comparison.
import type { EvalReport, EvalRun } from '../../app/eval/run-eval.js';
import { formatTokens } from '../../app/format.js';
import { escapeTerminalText } from '../../protocol/terminal-text.js';

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

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

function renderRun(run: EvalRun, report: EvalReport): string {
  const { setup, scorecard: card } = run;
  const lines: string[] = [];
  lines.push(`${run.label}: ${setup.model} on ${setup.provider} (${setup.baseUrl}, ${setup.wireApi} wire)`);
  lines.push(
    `  window ${formatTokens(setup.contextWindow)} (${setup.windowSource})${setup.trainedMax ? `, trained ${formatTokens(setup.trainedMax)}` : ''}; sandbox ${setup.sandbox}`,
  );
  lines.push(
    `  ${report.quick ? 'quick suite' : 'full suite'}, ${report.repeat} repeat(s): ${card.overall.passed}/${card.overall.attempts} passed (${percent(card.overall.rate)}, 95% ${percent(card.overall.low)}–${percent(card.overall.high)}); every repeat passed for ${card.passAllRepeats.scenarios}/${card.passAllRepeats.of} scenarios`,
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
