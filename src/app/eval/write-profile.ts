// `--write-profile NAME`: the best run's settings as a profile file ($OSSA_HOME/NAME.config.toml)
// with a comment saying what was measured. An existing file is never overwritten.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import type { EvalReport, EvalRun } from './run-eval.js';

export function writeEvalProfile(
  home: string,
  name: string,
  report: EvalReport,
): { file: string; run: EvalRun } {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new UsageError(
      `--write-profile ${JSON.stringify(name)}: use letters, digits, '.', '_' and '-' only.`,
    );
  }
  const run = report.runs.find((candidate) => candidate.label === report.best) ?? report.runs[0];
  if (!run) throw new UsageError('--write-profile: nothing was measured.');
  const file = join(home, `${name}.config.toml`);
  if (existsSync(file)) {
    throw new UsageError(
      `--write-profile: ${file} exists; ossa does not overwrite it. Choose another name or remove the file.`,
    );
  }
  const card = run.scorecard;
  const lines = [
    `# Written by \`ossa eval\` on ${report.at.slice(0, 10)}: ${run.label} scored ${card.overall.passed}/${card.overall.attempts}`,
    `# (${Math.round(card.overall.rate * 100)} %, verdict: ${card.verdict}) over ${report.repeat} repeat(s)${report.quick ? ' of the quick suite' : ''}.`,
  ];
  if (report.runs.length > 1) {
    lines.push(
      `# Compared: ${report.runs.map((r) => `${r.label} ${Math.round(r.scorecard.overall.rate * 100)} %`).join(', ')}.`,
    );
  }
  lines.push(
    `model_provider = ${JSON.stringify(run.setup.provider)}`,
    `model = ${JSON.stringify(run.setup.model)}`,
  );
  if (run.setting) lines.push(`${run.setting.key} = ${tomlValue(run.setting.value)}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, run };
}

/** A `-c` value as TOML: numbers, booleans and quoted or structured values as written, bare words quoted. */
function tomlValue(value: string): string {
  return /^(-?\d+(\.\d+)?|true|false|".*"|'.*'|\[.*\]|\{.*\})$/s.test(value.trim())
    ? value.trim()
    : JSON.stringify(value);
}
