// `ossa debug config [--json]`: every effective setting with its value and origin, the active
// provider, and the warnings (the report itself is app/debug-config.ts). `--oss` follows the one
// rule of every command that talks to a model: --local-provider, else oss_provider, else the
// local server that is running (resolveConfigWithOss).
import { debugConfigReport, renderDebugConfigText } from '../app/debug-config.js';
import { resolveConfigWithOss } from '../app/prepare-session.js';
import type { CommandHandler } from './command-context.js';
import { printWarnings } from './print-warnings.js';

export const runDebugConfig: CommandHandler = async (ctx) => {
  const config = await resolveConfigWithOss({ cwd: ctx.cwd, env: ctx.env, flags: ctx.flags });
  const report = debugConfigReport(config, ctx.env);
  printWarnings(config.warnings, ctx.stderr);
  ctx.stdout.write(ctx.options.json ? `${JSON.stringify(report, null, 2)}\n` : renderDebugConfigText(report));
  return 0;
};
