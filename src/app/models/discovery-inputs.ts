// What `ossa models` and `ossa init` probe: OSSA_LOCAL_SERVERS when set, else the well-known
// local ports (Ollama and LM Studio where the environment moved them), plus the configured
// providers. A broken config does not stop discovery: it becomes a warning.

import type { GlobalFlags } from '../../config/flags.js';
import type { ResolvedConfig } from '../../config/index.js';
import { localEndpoint } from '../../config/local-endpoints.js';
import type { ProviderSettings } from '../../protocol/provider.js';
import { type ProbeTarget, targetsFromList, wellKnownTargets } from '../../servers/discover.js';
import { serverRoot } from '../../servers/server-root.js';

export interface DiscoveryInputs {
  targets: ProbeTarget[];
  builtInRoots: { ollama: string; lmstudio: string };
  /** Custom providers from config (and the active provider when it is not a built-in local one). */
  providers: ProviderSettings[];
  config?: ResolvedConfig;
  /** `min_context_window` from config (the default when config could not be read). */
  minContextWindow: number;
  warnings: string[];
}

export async function discoveryInputs(ctx: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  flags: GlobalFlags;
}): Promise<DiscoveryInputs> {
  const { ConfigError, DEFAULT_MIN_CONTEXT_WINDOW, providerSettingsFor, resolveConfig } = await import(
    '../../config/index.js'
  );
  const warnings: string[] = [];
  const endpoint = (id: 'ollama' | 'lmstudio') => {
    try {
      return serverRoot(localEndpoint(id, ctx.env).baseUrl);
    } catch (error) {
      warnings.push((error as Error).message);
      return serverRoot(localEndpoint(id, {}).baseUrl);
    }
  };
  const builtInRoots = { ollama: endpoint('ollama'), lmstudio: endpoint('lmstudio') };
  const targets = targetsFromList(ctx.env.OSSA_LOCAL_SERVERS) ?? wellKnownTargets(builtInRoots);

  const input = { cwd: ctx.cwd, env: ctx.env, flags: { ...ctx.flags, oss: false } };
  let config: ResolvedConfig | undefined;
  try {
    config = await resolveConfig(input);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    warnings.push(`config not read, so configured providers are not listed: ${error.message}`);
    return { targets, builtInRoots, providers: [], minContextWindow: DEFAULT_MIN_CONTEXT_WINDOW, warnings };
  }
  warnings.push(...config.warnings);
  const ids = config.customProviderIds;
  const providers: ProviderSettings[] = ids.map((id) => providerSettingsFor(config, id, ctx.env));
  const active = config.provider;
  // The built-in openai provider is listed only with a key: without one it is just the default.
  const listable =
    active.id === 'openai' ? Boolean(active.apiKey) : active.id !== 'ollama' && active.id !== 'lmstudio';
  if (!ids.includes(active.id) && listable) providers.push(active);
  return { targets, builtInRoots, providers, config, minContextWindow: config.minContextWindow, warnings };
}
