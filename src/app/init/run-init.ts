// `ossa init`'s use case: find the model servers running here, probe which wire each answers,
// plan a profile file per server (`local`, `local-small`, …) and write them into $OSSA_HOME. An
// existing file is overwritten only when `overwrite` says yes.
import type { GlobalFlags } from '../../config/flags.js';
import type { WireApi } from '../../protocol/provider.js';
import type { WireChoice } from '../../servers/wire-probe.js';

export interface InitInput {
  cwd: string;
  env: NodeJS.ProcessEnv;
  flags: GlobalFlags;
  /** Asked for each existing file; undefined when nobody can be asked (the file is kept). */
  overwrite?: (file: string) => Promise<boolean>;
  warn: (lines: string[]) => void;
}

export type InitFileResult =
  | { action: 'wrote'; file: string; name: string; server: string; model: string; warning?: string }
  | { action: 'kept'; file: string; asked: boolean };

export type InitOutcome =
  | { status: 'no-servers'; probed: string[] }
  | { status: 'no-tool-models' }
  | { status: 'done'; files: InitFileResult[] };

export async function runInit(input: InitInput): Promise<InitOutcome> {
  const { existsSync } = await import('node:fs');
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { discoveryInputs } = await import('../models/discovery-inputs.js');
  const { collectModels } = await import('../models/collect.js');
  const { planProfiles } = await import('./plan-profiles.js');
  const { DEFAULT_MIN_CONTEXT_WINDOW, ossaHome } = await import('../../config/index.js');

  const inputs = await discoveryInputs(input);
  input.warn(inputs.warnings);
  const report = await collectModels(inputs);
  const servers = report.sources.filter((source) => source.origin === 'server' && !source.error);
  if (servers.length === 0) return { status: 'no-servers', probed: report.probed };

  // Per server, the wire that reports best (servers/wire-probe.ts chooseWire), for every server
  // that gets a provider table.
  const wires = new Map<string, WireChoice>();
  const { chooseWire, probeWire } = await import('../../servers/wire-probe.js');
  await Promise.all(
    servers
      .filter((server) => !server.provider && server.models[0])
      .map(async (server) => {
        const model = server.models[0]!.id;
        const probe = (wire: WireApi) =>
          probeWire(server.base_url, wire, model, { timeoutMs: 60_000, cutOff: true });
        // One after the other: a single-slot local server would queue the second anyway.
        const responses = await probe('responses');
        const chat = await probe('chat');
        wires.set(server.url, chooseWire([responses, chat]));
      }),
  );
  const plans = planProfiles({
    servers,
    wires,
    minimum: inputs.config?.minContextWindow ?? DEFAULT_MIN_CONTEXT_WINDOW,
    now: new Date(),
  });
  if (plans.length === 0) return { status: 'no-tool-models' };

  const home = ossaHome(input.env);
  await mkdir(home, { recursive: true });
  const files: InitFileResult[] = [];
  for (const plan of plans) {
    const file = join(home, `${plan.name}.config.toml`);
    if (existsSync(file)) {
      const overwrite = input.overwrite ? await input.overwrite(file) : false;
      if (!overwrite) {
        files.push({ action: 'kept', file, asked: Boolean(input.overwrite) });
        continue;
      }
    }
    await writeFile(file, plan.text);
    files.push({
      action: 'wrote',
      file,
      name: plan.name,
      server: plan.server,
      model: plan.model,
      ...(plan.warning ? { warning: plan.warning } : {}),
    });
  }
  return { status: 'done', files };
}
