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
  writeFileSync(file, `${profileText(report, run).join('\n')}\n`);
  return { file, run };
}

/** The profile's lines: what was measured (as comments), then the settings that scored best. */
export function profileText(report: EvalReport, run: EvalRun): string[] {
  const card = run.scorecard;
  const speed = run.setup.speed;
  const lines = [
    `# Written by \`ossa eval\` on ${report.at.slice(0, 10)}: ${run.label} scored ${card.overall.passed}/${card.overall.attempts}`,
    `# (${Math.round(card.overall.rate * 100)} %, verdict: ${card.verdict}) over ${run.plan.repeat} repeat(s)${report.quick ? ' of the quick suite' : ''},`,
    `# on ${run.setup.serverKind ?? 'an unidentified server'}${run.setup.serverVersion ? ` ${run.setup.serverVersion}` : ''} with a ${run.setup.contextWindow}-token window` +
      `${speed.decodeTokensPerSecond ? `, ${speed.decodeTokensPerSecond} tokens/s decode` : ''}${speed.ttftSmallMs !== undefined ? `, first token ${speed.ttftSmallMs} ms` : ''}.`,
  ];
  if (report.runs.length > 1) {
    lines.push(
      `# Compared: ${report.runs.map((r) => `${r.label} ${Math.round(r.scorecard.overall.rate * 100)} %`).join(', ')}.`,
    );
  }
  const conformance = run.setup.conformance;
  if (conformance) {
    lines.push(
      `# Wire conformance: ${conformance.wires.map((w) => `${w.wire} ${w.passed}/${w.applicable}`).join(', ')} → ${conformance.recommended}.`,
    );
  }
  lines.push(
    `model_provider = ${JSON.stringify(run.setup.provider)}`,
    `model = ${JSON.stringify(run.setup.model)}`,
  );
  const settings = run.settings ?? [];
  for (const setting of settings) lines.push(`${setting.key} = ${tomlValue(setting.value)}`);
  const wireSwept = settings.some((setting) => setting.key.endsWith('.wire_api'));
  if (conformance && conformance.recommended !== conformance.configured && !wireSwept) {
    if (run.setup.providerBuiltIn) {
      lines.push(
        `# The ${conformance.recommended} wire worked better here; ${run.setup.provider} is built in, so define your own provider with wire_api = "${conformance.recommended}" to use it.`,
      );
    } else {
      lines.push(
        `model_providers.${run.setup.provider}.wire_api = ${JSON.stringify(conformance.recommended)}`,
      );
    }
  }
  return lines;
}

/** A `-c` value as TOML: numbers, booleans and quoted or structured values as written, bare words quoted. */
function tomlValue(value: string): string {
  return /^(-?\d+(\.\d+)?|true|false|".*"|'.*'|\[.*\]|\{.*\})$/s.test(value.trim())
    ? value.trim()
    : JSON.stringify(value);
}
