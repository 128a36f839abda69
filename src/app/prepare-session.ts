// The one step every front-end takes before a session: resolve the configuration once, resolve
// the API key, get a local server ready (running, model present, window big enough), and hand
// back one SessionTarget that owns the facts the session runs on — the provider, the model and
// the context window. exec, the TUI (on start and on /model, /profile switches) and doctor all go
// through it, so the same config gets the same checks, pulls, loads and window everywhere.
import type { ResolvedConfig, ResolveInput } from '../config/index.js';
import type { ProviderSettings } from '../protocol/provider.js';
import type { ContextWindowInfo } from '../servers/context-window.js';
import type { DetectOssOptions, OssServer, OtherOssKind } from '../servers/detect-oss.js';
import type { Confirm, NoticeSink, PullProgressFactory } from '../servers/provision/io.js';

export interface SessionTarget {
  /** The configuration, resolved once (with --oss's server filled in). */
  config: ResolvedConfig;
  /** The provider with its API key resolved. */
  provider: ProviderSettings;
  /** The model the session uses: the configured one, or the `<model>-64k` ossa created. */
  model: string;
  /** The window the server really serves (or the configured one, or unknown). The only owner. */
  contextWindow: ContextWindowInfo;
  /** Config and server warnings, to show once before (or at the start of) the session. */
  warnings: string[];
}

/** Who answers provisioning's questions and sees its progress. */
export interface PrepareIo {
  /** Notices while preparing (pull progress lines, "Loading …"). */
  notices: NoticeSink;
  /** Somebody can answer `confirm`. */
  interactive: boolean;
  confirm?: Confirm;
  progress?: PullProgressFactory;
  /** `--yes`: apply fixes without asking. */
  assumeYes: boolean;
  /**
   * Shows warnings as soon as they are known (config ones before any server traffic, so they are
   * seen even when the server then fails). Every warning is also in SessionTarget.warnings.
   */
  warn?: (lines: string[]) => void;
}

export interface PrepareSessionInput extends ResolveInput {
  io: PrepareIo;
  signal?: AbortSignal;
}

export async function prepareSession(input: PrepareSessionInput): Promise<SessionTarget> {
  const { io, signal, ...resolveInput } = input;
  const config = await resolveConfigWithOss(resolveInput);
  io.warn?.(config.warnings);
  // What a killed ossa left in this workspace (an apply_patch cut off) is finished or undone first.
  const { recoverWorkspace } = await import('./recover-workspace.js');
  const recovered = await recoverWorkspace(config.home, config.cwd);
  io.warn?.(recovered);
  const { noModelError, requireApiKey } = await import('../config/index.js');
  if (!config.model) throw noModelError(config);
  // A missing API key is a configuration error: reported before any traffic.
  const apiKey = requireApiKey(config.provider);
  const provider = { ...config.provider, ...(apiKey ? { apiKey } : {}) };
  const { ensureOssReady } = await import('../servers/ensure-ready.js');
  const ready = await ensureOssReady({
    config: { ...config, provider },
    stderr: io.notices,
    isTTY: io.interactive,
    assumeYes: io.assumeYes,
    env: input.env,
    ...(io.confirm ? { confirm: io.confirm } : {}),
    ...(io.progress ? { progress: io.progress } : {}),
    ...(signal ? { signal } : {}),
  });
  io.warn?.(ready.warnings);
  return {
    config,
    provider,
    model: ready.model,
    contextWindow: ready.contextWindow,
    warnings: [...config.warnings, ...recovered, ...ready.warnings],
  };
}

/**
 * resolveConfig, except that `--oss` with no --local-provider and no oss_provider picks the
 * running server (servers/detect-oss.ts) instead of failing. `roots`: where to look (tests).
 */
export async function resolveConfigWithOss(
  input: ResolveInput,
  roots?: DetectOssOptions['roots'],
): Promise<ResolvedConfig> {
  const { ConfigError, resolveConfig } = await import('../config/index.js');
  try {
    return await resolveConfig(input);
  } catch (error) {
    const missingOssProvider = error instanceof ConfigError && error.file === '--oss' && input.flags.oss;
    if (!missingOssProvider || input.flags.localProvider) throw error;
  }
  const { detectOssServer } = await import('../servers/detect-oss.js');
  const found = await detectOssServer(input.env, roots ? { roots } : {});
  if ('root' in found) return resolveConfig(await providerForOss(input, found));
  return resolveConfig({ ...input, flags: { ...input.flags, localProvider: found.kind } });
}

/**
 * --oss found a server without a built-in provider (llama-server, vLLM): a configured provider at
 * that address is used as it is; otherwise one is made for it (-c layer) on the wire the server
 * table names for it (protocol/server-kinds.ts `ossWire`). The model: the configured one, else the
 * one the server lists.
 */
async function providerForOss(
  input: ResolveInput,
  found: Extract<OssServer, { kind: OtherOssKind }>,
): Promise<ResolveInput> {
  const { providerSettingsFor, resolveConfig } = await import('../config/index.js');
  const { serverRoot } = await import('../servers/server-root.js');
  const { SERVER_KINDS } = await import('../protocol/server-kinds.js');
  const plain = await resolveConfig({ ...input, flags: { ...input.flags, oss: false } });
  const ids = plain.customProviderIds;
  const configured = ids.find(
    (id) => serverRoot(providerSettingsFor(plain, id, input.env).baseUrl) === found.root,
  );
  const id = configured ?? (ids.includes(found.kind) ? `${found.kind}-oss` : found.kind);
  const table = `{name=${JSON.stringify(SERVER_KINDS[found.kind].label)},base_url=${JSON.stringify(found.baseUrl)},wire_api=${JSON.stringify(found.wire)}}`;
  const overrides = [
    ...(configured ? [] : [`model_providers.${id}=${table}`]),
    `model_provider=${JSON.stringify(id)}`,
    ...(plain.model === undefined && found.model ? [`model=${JSON.stringify(found.model)}`] : []),
  ];
  return { ...input, flags: { ...input.flags, oss: false, config: [...input.flags.config, ...overrides] } };
}
