// `ossa eval --report FILE.html`: one self-contained page (no server, no scripts, no network) with
// per-capability bars for each run side by side, time per scenario, and the verdicts. Every text
// from the run (labels, reasons, model names) is HTML-escaped.
import type { EvalReport, EvalRun } from '../../app/eval/run-eval.js';

const COLOURS = ['#2f6fdf', '#e0892b', '#3a9d5d', '#b44fc2', '#c23b3b', '#6b7280'];

export function renderEvalHtml(report: EvalReport): string {
  const capabilities = [
    ...new Set(report.runs.flatMap((run) => run.scorecard.capabilities.map((c) => c.capability))),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ossa eval ${escapeHtml(report.at.slice(0, 16))}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1f2328;max-width:1100px}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}table{border-collapse:collapse}
td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left}
.verdict{font-weight:600}.legend span{display:inline-block;margin-right:16px}
.swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
</style></head><body>
<h1>ossa eval — ${escapeHtml(report.at.slice(0, 16).replace('T', ' '))}</h1>
<p>${report.quick ? 'Quick suite' : 'Full suite'}, ${report.repeat} repeat(s) per scenario.</p>
<table><tr><th>run</th><th>model</th><th>window</th><th>passed</th><th>verdict</th></tr>
${report.runs.map((run) => `<tr><td>${escapeHtml(run.label)}</td><td>${escapeHtml(run.setup.model)} (${escapeHtml(run.setup.provider)})</td><td>${run.setup.contextWindow}</td><td>${run.scorecard.overall.passed}/${run.scorecard.overall.attempts}</td><td class="verdict">${escapeHtml(run.scorecard.verdict)}</td></tr>`).join('\n')}
</table>
<h2>Setup and wire conformance</h2>
${setupTable(report.runs)}
<h2>Pass rate per capability</h2>
<div class="legend">${report.runs.map((run, i) => `<span><i class="swatch" style="background:${COLOURS[i % COLOURS.length]}"></i>${escapeHtml(run.label)}</span>`).join('')}</div>
${capabilityChart(report.runs, capabilities)}
<h2>Time per scenario (seconds, mean over repeats)</h2>
${timeChart(report.runs)}
${report.runs.map(reasonsBlock).join('\n')}
</body></html>
`;
}

function capabilityChart(runs: EvalRun[], capabilities: string[]): string {
  const barHeight = 14;
  const groupHeight = runs.length * (barHeight + 2) + 12;
  const width = 720;
  const left = 130;
  // Room on the right for the "100% (12/12)" label.
  const scale = (width - left - 100) / 100;
  const rows = capabilities.map((capability, index) => {
    const y = index * groupHeight + 6;
    const bars = runs.map((run, i) => {
      const score = run.scorecard.capabilities.find((c) => c.capability === capability);
      const pct = score ? Math.round(score.rate * 100) : 0;
      const by = y + i * (barHeight + 2);
      return `<rect class="bar" x="${left}" y="${by}" width="${Math.max(1, pct * scale)}" height="${barHeight}" fill="${COLOURS[i % COLOURS.length]}"><title>${escapeHtml(run.label)}: ${pct}%</title></rect><text x="${left + pct * scale + 4}" y="${by + 11}" font-size="11">${score ? `${pct}% (${score.passed}/${score.attempts})` : '—'}</text>`;
    });
    return `<text x="0" y="${y + 12}" font-size="12">${escapeHtml(capability)}</text>${bars.join('')}`;
  });
  const height = capabilities.length * groupHeight + 10;
  return `<svg role="img" aria-label="pass rate per capability" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${rows.join('')}</svg>`;
}

function timeChart(runs: EvalRun[]): string {
  const ids = [...new Set(runs.flatMap((run) => run.results.map((result) => result.id)))];
  const means = runs.map((run) =>
    ids.map((id) => {
      const mine = run.results.filter((result) => result.id === id);
      return mine.length ? mine.reduce((sum, r) => sum + r.seconds, 0) / mine.length : 0;
    }),
  );
  const max = Math.max(1, ...means.flat());
  const width = 720;
  const left = 170;
  const barHeight = 10;
  const groupHeight = runs.length * (barHeight + 2) + 8;
  const scale = (width - left - 60) / max;
  const rows = ids.map((id, index) => {
    const y = index * groupHeight + 4;
    const bars = runs.map((run, i) => {
      const seconds = means[i]![index]!;
      const by = y + i * (barHeight + 2);
      return `<rect class="bar" x="${left}" y="${by}" width="${Math.max(1, seconds * scale)}" height="${barHeight}" fill="${COLOURS[i % COLOURS.length]}"><title>${escapeHtml(run.label)}: ${seconds.toFixed(1)} s</title></rect>`;
    });
    return `<text x="0" y="${y + 10}" font-size="11">${escapeHtml(id)}</text>${bars.join('')}`;
  });
  const height = ids.length * groupHeight + 10;
  return `<svg role="img" aria-label="time per scenario" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${rows.join('')}</svg>`;
}

function setupTable(runs: EvalRun[]): string {
  const cell = (value: string | number | undefined) =>
    `<td>${value === undefined ? '—' : escapeHtml(String(value))}</td>`;
  const rows = runs.map((run) => {
    const { setup, plan, scorecard } = run;
    const speed = setup.speed;
    const wires = setup.conformance.wires.map((w) => `${w.wire} ${w.passed}/${w.applicable}`).join(', ');
    const compaction = scorecard.compaction
      ? `compacted ${scorecard.compaction.compacted}/${scorecard.compaction.attempts}, passed ${scorecard.compaction.passed}/${scorecard.compaction.attempts}`
      : plan.dropped.some((d) => d.id === 'long-task-compaction')
        ? 'left out (speed)'
        : undefined;
    return `<tr>${[
      run.label,
      `${setup.serverKind ?? 'unidentified'}${setup.serverVersion ? ` ${setup.serverVersion}` : ''}`,
      `${setup.contextWindow}${setup.trainedMax ? ` of ${setup.trainedMax}` : ''}`,
      speed.ttftSmallMs !== undefined ? `${speed.ttftSmallMs} / ${speed.ttftLargeMs ?? '?'} ms` : undefined,
      speed.prefillTokensPerSecond,
      speed.decodeTokensPerSecond,
      speed.cacheReuse !== undefined ? `${Math.round(speed.cacheReuse * 100)}%` : undefined,
      speed.truncation ? 'yes' : 'no',
      `${wires} → ${setup.conformance.recommended}`,
      compaction,
      `${plan.scenarios.length}×${plan.repeat}, ~${plan.estimatedMinutes} min${plan.dropped.length ? `, ${plan.dropped.length} left out` : ''}`,
    ]
      .map(cell)
      .join('')}</tr>`;
  });
  return `<table><tr><th>run</th><th>server</th><th>window (of trained)</th><th>first token small / large</th><th>prefill tok/s</th><th>decode tok/s</th><th>cache reuse</th><th>silent truncation</th><th>wire probes</th><th>long task</th><th>plan</th></tr>
${rows.join('\n')}</table>`;
}

function reasonsBlock(run: EvalRun): string {
  if (run.scorecard.reasons.length === 0) return '';
  return `<h2>${escapeHtml(run.label)}: why ${escapeHtml(run.scorecard.verdict)}</h2><ul>${run.scorecard.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('')}</ul>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
