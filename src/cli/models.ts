// `ossa models [--json]`: the models on every reachable local server and configured provider,
// with the context window each will really get, tool support, and the provider id to use.
import type { CommandHandler } from './command-context.js';
import { printWarnings } from './print-warnings.js';

export const runModels: CommandHandler = async (ctx) => {
  const { collectModels } = await import('../app/models/collect.js');
  const { discoveryInputs } = await import('../app/models/discovery-inputs.js');
  const inputs = await discoveryInputs(ctx);
  printWarnings(inputs.warnings, ctx.stderr);
  const report = await collectModels({
    targets: inputs.targets,
    builtInRoots: inputs.builtInRoots,
    providers: inputs.providers,
    minContextWindow: inputs.minContextWindow,
  });
  if (ctx.options.json) {
    ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const { renderModelsText } = await import('./models/render.js');
    ctx.stdout.write(renderModelsText(report));
  }
  return 0;
};
