import { describe, expect, it } from 'vitest';
import { fail, pass } from '../../app/doctor/check.js';
import { type DoctorReport, renderDoctorText } from './render.js';

const report = (checks: DoctorReport['checks']): DoctorReport => ({
  ok: false,
  exit_code: 1,
  profile: null,
  provider: 'ollama',
  model: 'm',
  checks,
});

describe('renderDoctorText', () => {
  it('leads with a failed sandbox check and names it first among the failures', () => {
    const text = renderDoctorText(
      report([
        pass('version', 'ossa'),
        fail('server', 'Ollama is not running'),
        fail('sandbox', 'bubblewrap cannot create a user namespace', 'install bubblewrap'),
      ]),
    );
    const lines = text.split('\n');
    expect(lines[2]).toMatch(/^✗ The sandbox cannot run: every command ossa runs will fail/);
    expect(text.trimEnd().split('\n').at(-1)).toBe('2 required check(s) failed: sandbox, server.');
  });

  it('says all passed only when none failed', () => {
    expect(renderDoctorText({ ...report([pass('version', 'ossa')]), ok: true, exit_code: 0 })).toContain(
      'All required checks passed.',
    );
  });

  it('shows control characters a server or model sent as visible escapes', () => {
    const text = renderDoctorText(
      report([fail('smoke-test', 'the server said \u001b]0;owned\u0007', 'retry \u001b[2J now')]),
    );
    expect(text).not.toContain('\u001b');
    expect(text).toContain('the server said \\x1b]0;owned\\x07');
    expect(text).toContain('fix: retry \\x1b[2J now');
  });
});
