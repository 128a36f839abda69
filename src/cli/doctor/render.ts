// `ossa doctor` output: a checklist for people (✓ / ✗ / ! / - with the fix under each problem)
// or one JSON object.

import type { DoctorReport } from '../../app/doctor/run-doctor.js';
import { escapeTerminalText } from '../../protocol/terminal-text.js';

export type { DoctorReport } from '../../app/doctor/run-doctor.js';

const MARK = { pass: '✓', fail: '✗', warn: '!', skip: '-' } as const;

export function renderDoctorText(report: DoctorReport): string {
  const title = [
    report.provider ? `provider ${report.provider}` : undefined,
    report.model ? `model ${report.model}` : undefined,
    report.profile ? `profile ${report.profile}` : undefined,
  ].filter(Boolean);
  const lines = [`ossa doctor${title.length ? ` — ${title.join(', ')}` : ''}`, ''];
  // A sandbox that cannot run makes every command the agent runs fail: said first, not buried.
  const sandbox = report.checks.find((check) => check.id === 'sandbox' && check.status === 'fail');
  if (sandbox)
    lines.push(
      '✗ The sandbox cannot run: every command ossa runs will fail until it is fixed (see sandbox below).',
      '',
    );
  for (const check of report.checks) {
    // Details quote servers, models and config files: never raw to the terminal.
    lines.push(`${MARK[check.status]} ${check.id}: ${escapeTerminalText(check.detail)}`);
    if (check.fix && (check.status === 'fail' || check.status === 'warn')) {
      lines.push(`    fix: ${escapeTerminalText(check.fix).replace(/\n/g, '\n    ')}`);
    }
  }
  const failed = report.checks
    .filter((check) => check.status === 'fail' && check.required)
    .map((check) => check.id)
    .sort((a, b) => Number(b === 'sandbox') - Number(a === 'sandbox'));
  lines.push(
    '',
    failed.length === 0
      ? 'All required checks passed.'
      : `${failed.length} required check(s) failed: ${[...new Set(failed)].join(', ')}.`,
  );
  return `${lines.join('\n')}\n`;
}
