// The one ensure-ready pipeline (exec, the TUI and doctor all go through it, via
// app/prepare-session.ts): before a session against a local server (any local provider, or
// --oss), make sure the server runs, has the model, and gives it a context window big enough for
// agent work — or say exactly why not. Remote providers get the configured window, no traffic.
//
//   ensureOssReady(options)      per server: Ollama (version gate, pull, num_ctx fix), LM Studio
//                                (download, load with context), others (model listed, window).
//   (detect-oss.ts)              for --oss without a named server: the one that is running.

import type { ResolvedConfig } from '../config/index.js';
import { noModelError } from '../config/no-model.js';
import { OssaError } from '../errors.js';
import { checkContextWindow } from './context-guard.js';
import { type ContextWindowInfo, detectContextWindow } from './context-window.js';
import { identifyServer } from './identify.js';
import type { LlamaCppProps } from './llamacpp.js';
import { listOpenAiModels, type OpenAiModelEntry } from './openai-models.js';
import { providerHeaders } from './provider-headers.js';
import type { DownloadPolicy } from './provision/download-consent.js';
import type { Confirm, NoticeSink, PullProgressFactory } from './provision/io.js';
import { ensureLmStudioReady } from './provision/lmstudio-ready.js';
import { ensureOllamaReady, type FixPolicy } from './provision/ollama-ready.js';
import { LocalServerNotRunningError } from './server-errors.js';
import { type ServerFacts, serverFactsCache } from './server-facts-cache.js';
import { kindForProvider, SERVER_KINDS, type ServerKind } from './server-kind.js';
import { openAiBaseUrl, serverRoot } from './server-root.js';

export interface EnsureOssReadyOptions {
  config: ResolvedConfig;
  stderr: NoticeSink;
  /** Somebody can answer `confirm` (a terminal): fixes are asked about instead of skipped. */
  isTTY: boolean;
  signal?: AbortSignal;
  /** `--yes`: apply fixes (Ollama derived model, LM Studio reload) without asking. */
  assumeYes?: boolean;
  /** Process environment (finding the `lms` CLI). Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Asks yes/no (the command line passes a terminal question when there is a terminal). */
  confirm?: Confirm;
  /** Shows download progress; default: nothing shown. */
  progress?: PullProgressFactory;
}

export interface OssReady {
  /** The model the session must use: config.model, or the derived `<model>-64k` ossa created. */
  model: string;
  contextWindow: ContextWindowInfo;
  /** Print these before the session starts. */
  warnings: string[];
}

export async function ensureOssReady(options: EnsureOssReadyOptions): Promise<OssReady> {
  const { config } = options;
  const model = config.model;
  if (!model) throw noModelError(config);
  const configured = config.contextWindow;
  if (!config.provider.isLocal && !config.oss) {
    const contextWindow: ContextWindowInfo =
      configured !== undefined
        ? { value: configured, source: 'config model_context_window' }
        : { source: 'unknown' };
    return { model, contextWindow, warnings: [] };
  }
  const root = serverRoot(config.provider.baseUrl);
  const cache = serverFactsCache(config.home);
  const cached = await cache.get(root);
  const attempt = async (known: ServerFacts | undefined): Promise<OssReady> => {
    const { facts, ...ready } = await readyAt(options, root, known);
    await cache.remember(root, facts);
    return ready;
  };
  try {
    return await attempt(cached);
  } catch (error) {
    if (!cached || options.signal?.aborted) throw error;
    // What the server said a few minutes ago no longer holds (another server, an upgrade): ask again.
    await cache.forget(root);
    return attempt(undefined);
  }
}

/** One attempt: with `cached` facts, identification and Ollama's version check are skipped. */
async function readyAt(
  options: EnsureOssReadyOptions,
  root: string,
  cached: ServerFacts | undefined,
): Promise<OssReady & { facts: ServerFacts }> {
  const { config } = options;
  const model = config.model!;
  const minimum = config.minContextWindow;
  const configured = config.contextWindow;
  const identified = await identifyProviderServer(config, root, cached, options.signal);
  const { kind } = identified;
  const common = {
    root,
    model,
    minimum,
    fix: fixPolicy(options),
    download: downloadPolicy(options),
    stderr: options.stderr,
    isTTY: options.isTTY,
    locationHint: locationHint(config, kind),
    ...(configured !== undefined ? { configuredWindow: configured } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.confirm ? { confirm: options.confirm } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  };
  if (kind === 'ollama') {
    const knownVersion = cached?.kind === 'ollama' ? cached.version : undefined;
    const { version, ...ready } = await ensureOllamaReady({
      ...common,
      wireApi: config.provider.wireApi,
      ...(knownVersion ? { knownVersion } : {}),
    });
    return { ...ready, facts: { kind, version } };
  }
  if (kind === 'lmstudio') {
    const ready = await ensureLmStudioReady({ ...common, env: options.env ?? process.env });
    return { ...ready, facts: { kind } };
  }
  const ready = await genericReady(config, identified, root, model, minimum, options.signal);
  return { ...ready, facts: { kind } };
}

/** Downloading a missing model: --yes or oss_pull_models = true; else ask on a terminal; else no. */
function downloadPolicy(options: EnsureOssReadyOptions): DownloadPolicy {
  const configured = options.config.ossPullModels;
  if (options.assumeYes || configured === true) return 'yes';
  if (configured === false) return 'no';
  return options.isTTY && options.confirm ? 'ask' : 'no';
}

function fixPolicy(options: EnsureOssReadyOptions): FixPolicy {
  const configured = options.config.ossFixContext;
  if (options.assumeYes || configured === true) return 'yes';
  if (configured === false) return 'no';
  return options.isTTY && options.confirm ? 'ask' : 'no';
}

interface ProviderServer {
  kind: ServerKind;
  /** The provider's /models listing, when identification already has it. */
  models?: OpenAiModelEntry[];
  llamacppProps?: LlamaCppProps;
  /** The kind came from the cache: nothing was asked yet. */
  fromCache: boolean;
}

/**
 * Which server the provider points at: the built-in providers say, the cache may know, else the
 * probes ask. They already list `{root}/v1/models` and read llama.cpp's /props; when that is the
 * provider's own base URL, the answers come back too so nobody asks for them again.
 */
async function identifyProviderServer(
  config: ResolvedConfig,
  root: string,
  cached: ServerFacts | undefined,
  signal?: AbortSignal,
): Promise<ProviderServer> {
  const id = config.provider.id;
  if (id === 'ollama' || id === 'lmstudio') return { kind: id, fromCache: false };
  if (cached) return { kind: cached.kind, fromCache: true };
  const identified = await identifyServer(root, {
    timeoutMs: 1000,
    ...(signal ? { signal } : {}),
    headers: providerHeaders(config.provider),
  });
  if (identified.ok) {
    const { kind, models, llamacppProps } = identified.server;
    const sameUrl = openAiBaseUrl(root) === config.provider.baseUrl;
    return {
      kind,
      fromCache: false,
      ...(sameUrl && models ? { models } : {}),
      ...(llamacppProps ? { llamacppProps } : {}),
    };
  }
  if (identified.problem === 'unreachable') {
    const kind = kindForProvider(id, root);
    throw new LocalServerNotRunningError(
      kind,
      root,
      identified.cause,
      `Check base_url of [model_providers.${id}].`,
    );
  }
  return { kind: 'openai-compatible', fromCache: false };
}

function locationHint(config: ResolvedConfig, kind: ServerKind): string {
  if (config.provider.builtIn) {
    return kind === 'ollama'
      ? 'If it runs elsewhere, set OLLAMA_HOST or OSSA_OSS_BASE_URL.'
      : 'If it runs elsewhere, set OSSA_OSS_BASE_URL (or OSSA_OSS_PORT).';
  }
  return `Check base_url of [model_providers.${config.provider.id}].`;
}

/** Where a server of this kind reports its window: without that answer it is not that server. */
const OWN_WINDOW_SOURCE: Partial<Record<ServerKind, ContextWindowInfo['source']>> = {
  llamacpp: 'llama.cpp /props n_ctx',
  vllm: 'vllm max_model_len',
};

/** llama.cpp, vLLM, MLX-LM and other OpenAI-compatible servers: model listed, window big enough. */
async function genericReady(
  config: ResolvedConfig,
  server: ProviderServer,
  root: string,
  model: string,
  minimum: number,
  signal?: AbortSignal,
): Promise<OssReady> {
  const { kind } = server;
  const warnings: string[] = [];
  const headers = providerHeaders(config.provider);
  // The listing and the window are independent questions: asked together.
  const listing =
    server.models ??
    listOpenAiModels(config.provider.baseUrl, {
      timeoutMs: 2000,
      headers,
      ...(signal ? { signal } : {}),
    });
  const [listed, contextWindow] = await Promise.all([
    Promise.resolve(listing).catch(() => undefined),
    detectContextWindow({
      providerId: config.provider.id,
      serverKind: kind,
      baseUrl: config.provider.baseUrl,
      model,
      ...(config.contextWindow !== undefined ? { configured: config.contextWindow } : {}),
      headers,
      models: listing,
      ...(server.llamacppProps ? { known: { llamacppProps: server.llamacppProps } } : {}),
      ...(signal ? { signal } : {}),
    }),
  ]);
  const ownAnswer = OWN_WINDOW_SOURCE[kind];
  if (server.fromCache && (listed === undefined || (ownAnswer && contextWindow.source !== ownAnswer))) {
    throw new OssaError(`${SERVER_KINDS[kind].label} at ${root} no longer answers as it did`);
  }
  if (listed && listed.length > 0 && !listed.some((entry) => entry.id === model) && kind !== 'llamacpp') {
    warnings.push(
      `${SERVER_KINDS[kind].label} at ${root} does not list ${model} (it has: ${listed.map((entry) => entry.id).join(', ')}). Requests will likely fail with "model not found".`,
    );
  }
  const check = checkContextWindow({ info: contextWindow, model, minimum });
  if (check.message) warnings.push(check.message);
  return { model, contextWindow, warnings };
}
