// `ossa doctor` output: a checklist for people (✓ / ✗ / ! / - with the fix under each problem)
// or one JSON object.

import type { DoctorReport } from '../../app/doctor/run-doctor.js';

export type { DoctorReport } from '../../app/doctor/run-doctor.js';

const MARK = { pass: '✓', fail: '✗', warn: '!', skip: '-' } as const;

export function renderDoctorText(report: DoctorReport): string {
  const title = [
    report.provider ? `provider ${report.provider}` : undefined,
    report.model ? `model ${report.model}` : undefined,
    report.profile ? `profile ${report.profile}` : undefined,
  ].filter(Boolean);
  const lines = [`ossa doctor${title.length ? ` — ${title.join(', ')}` : ''}`, ''];
  for (const check of report.checks) {
    lines.push(`${MARK[check.status]} ${check.id}: ${check.detail}`);
    if (check.fix && (check.status === 'fail' || check.status === 'warn')) {
      lines.push(`    fix: ${check.fix.replace(/\n/g, '\n    ')}`);
    }
  }
  const failed = report.checks.filter((check) => check.status === 'fail' && check.required).length;
  lines.push('', failed === 0 ? 'All required checks passed.' : `${failed} required check(s) failed.`);
  return `${lines.join('\n')}\n`;
}
