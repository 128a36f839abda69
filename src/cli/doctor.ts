// `ossa doctor [--profile NAME] [--json]`: runs the checklist (app/doctor/run-doctor.ts) and
// prints it as text or one JSON object. Exits with the report's code.
import { UsageError } from '../errors.js';
import type { CommandHandler } from './command-context.js';

export const runDoctor: CommandHandler = async (ctx) => {
  const { runDoctor: doctor } = await import('../app/doctor/run-doctor.js');
  const { renderDoctorText } = await import('./doctor/render.js');
  const json = Boolean(ctx.options.json);
  const smokeTimeoutMs = smokeTimeout(ctx.options.smokeTimeout);
  const report = await doctor({
    ...(smokeTimeoutMs !== undefined ? { smokeTimeoutMs } : {}),
    cwd: ctx.cwd,
    env: ctx.env,
    flags: ctx.flags,
    smoke: ctx.options.smoke !== false,
    onSmokeStart: () => {
      if (!json) ctx.stderr.write('Running the smoke test (a real session in a temporary directory)…\n');
    },
  });
  ctx.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : renderDoctorText(report));
  return report.exit_code;
};

/** `--smoke-timeout SECONDS` → ms; a value that is not a positive number is a usage error. */
function smokeTimeout(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (typeof value !== 'string' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
    throw new UsageError(
      `--smoke-timeout ${String(value)}: give the smoke test's time limit in seconds, e.g. --smoke-timeout 600.`,
    );
  }
  return Math.round(seconds * 1000);
}
