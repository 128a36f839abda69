// `ossa doctor [--profile NAME] [--json]`: runs the checklist (app/doctor/run-doctor.ts) and
// prints it as text or one JSON object. Exits with the report's code.
import type { CommandHandler } from './command-context.js';

export const runDoctor: CommandHandler = async (ctx) => {
  const { runDoctor: doctor } = await import('../app/doctor/run-doctor.js');
  const { renderDoctorText } = await import('./doctor/render.js');
  const json = Boolean(ctx.options.json);
  const report = await doctor({
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
