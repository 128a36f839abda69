// The one ensure-ready pipeline (exec, the TUI and doctor all go through it, via
// app/prepare-session.ts): before a session against a local server (any local provider, or
// --oss), make sure the server runs, has the model, and gives it a context window big enough for
// agent work — or say exactly why not. Remote providers get the configured window, no traffic.
//
//   ensureOssReady(options)      per server: Ollama (version gate, pull, num_ctx fix), LM Studio
//                                (download, load with context), others (model listed, window).
//   detectOssProvider(env)       for --oss without a named server: the one that is running.

import type { ResolvedConfig } from '../config/index.js';
import { localEndpoint } from '../config/local-endpoints.js';
import { OssaError, UsageError } from '../errors.js';
import { checkContextWindow } from './context-guard.js';
import { type ContextWindowInfo, detectContextWindow } from './context-window.js';
import { identifyServer } from './identify.js';
import { listOpenAiModels, type OpenAiModelEntry } from './openai-models.js';
import { providerHeaders } from './provider-headers.js';
import type { Confirm, NoticeSink, PullProgressFactory } from './provision/io.js';
import { ensureLmStudioReady } from './provision/lmstudio-ready.js';
import { ensureOllamaReady, type FixPolicy } from './provision/ollama-ready.js';
import { LocalServerNotRunningError } from './server-errors.js';
import { kindByPort, SERVER_KINDS, type ServerKind } from './server-kind.js';
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
  if (!model) {
    throw new UsageError(
      `No model configured for provider \`${config.provider.id}\`. Pass -m MODEL or set model in config.`,
    );
  }
  const minimum = config.minContextWindow;
  const configured = config.contextWindow;
  if (!config.provider.isLocal && !config.oss) {
    const contextWindow: ContextWindowInfo =
      configured !== undefined
        ? { value: configured, source: 'config model_context_window' }
        : { source: 'unknown' };
    return { model, contextWindow, warnings: [] };
  }
  const root = serverRoot(config.provider.baseUrl);
  const { kind, models } = await identifyProviderServer(config, root, options.signal);
  const common = {
    root,
    model,
    minimum,
    fix: fixPolicy(options),
    stderr: options.stderr,
    isTTY: options.isTTY,
    locationHint: locationHint(config, kind),
    ...(configured !== undefined ? { configuredWindow: configured } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.confirm ? { confirm: options.confirm } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  };
  if (kind === 'ollama') return ensureOllamaReady({ ...common, wireApi: config.provider.wireApi });
  if (kind === 'lmstudio') return ensureLmStudioReady({ ...common, env: options.env ?? process.env });
  return genericReady(config, kind, root, model, minimum, models, options.signal);
}

/** For --oss without --local-provider or oss_provider: the one of Ollama / LM Studio that runs. */
export async function detectOssProvider(
  env: NodeJS.ProcessEnv,
  options: { signal?: AbortSignal; timeoutMs?: number; roots?: { ollama?: string; lmstudio?: string } } = {},
): Promise<'ollama' | 'lmstudio'> {
  const candidates = (['ollama', 'lmstudio'] as const).map((id) => ({
    id,
    root: serverRoot(options.roots?.[id] ?? localEndpoint(id, env).baseUrl),
  }));
  const results = await Promise.all(
    candidates.map((candidate) =>
      identifyServer(candidate.root, {
        timeoutMs: options.timeoutMs ?? 800,
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    ),
  );
  const running = candidates.filter((candidate, index) => {
    const result = results[index]!;
    return result.ok && result.server.kind === candidate.id;
  });
  if (running.length === 1) return running[0]!.id;
  const where = candidates
    .map((candidate) => `${SERVER_KINDS[candidate.id].label} at ${candidate.root}`)
    .join(' and ');
  if (running.length === 2) {
    throw new UsageError(
      `--oss: both ${where} are running. Choose one with --local-provider ollama (or lmstudio), or set oss_provider = "ollama" in config.toml.`,
    );
  }
  throw new OssaError(
    `--oss: no local model server is running (tried ${where}). Start one — \`ollama serve\`, or \`lms server start\` for LM Studio — or pass --local-provider to say which to use.`,
  );
}

function fixPolicy(options: EnsureOssReadyOptions): FixPolicy {
  const configured = options.config.ossFixContext;
  if (options.assumeYes || configured === true) return 'yes';
  if (configured === false) return 'no';
  return options.isTTY && options.confirm ? 'ask' : 'no';
}

/**
 * Which server the provider points at. The probe already lists `{root}/v1/models`; when that is
 * the provider's own base URL, the listing comes back too so nobody asks for it again.
 */
async function identifyProviderServer(
  config: ResolvedConfig,
  root: string,
  signal?: AbortSignal,
): Promise<{ kind: ServerKind; models?: OpenAiModelEntry[] }> {
  const id = config.provider.id;
  if (id === 'ollama' || id === 'lmstudio') return { kind: id };
  const identified = await identifyServer(root, {
    timeoutMs: 1000,
    ...(signal ? { signal } : {}),
    headers: providerHeaders(config.provider),
  });
  if (identified.ok) {
    const { kind, models } = identified.server;
    const sameUrl = openAiBaseUrl(root) === config.provider.baseUrl;
    return sameUrl && models ? { kind, models } : { kind };
  }
  if (identified.problem === 'unreachable') {
    const kind = kindByPort(root);
    throw new LocalServerNotRunningError(
      kind,
      root,
      identified.cause,
      `Check base_url of [model_providers.${id}].`,
    );
  }
  return { kind: 'openai-compatible' };
}

function locationHint(config: ResolvedConfig, kind: ServerKind): string {
  if (config.provider.builtIn) {
    return kind === 'ollama'
      ? 'If it runs elsewhere, set OLLAMA_HOST or OSSA_OSS_BASE_URL.'
      : 'If it runs elsewhere, set OSSA_OSS_BASE_URL (or OSSA_OSS_PORT).';
  }
  return `Check base_url of [model_providers.${config.provider.id}].`;
}

/** llama.cpp, vLLM, MLX-LM and other OpenAI-compatible servers: model listed, window big enough. */
async function genericReady(
  config: ResolvedConfig,
  kind: ServerKind,
  root: string,
  model: string,
  minimum: number,
  known: OpenAiModelEntry[] | undefined,
  signal?: AbortSignal,
): Promise<OssReady> {
  const warnings: string[] = [];
  const headers = providerHeaders(config.provider);
  const listed =
    known ??
    (await listOpenAiModels(config.provider.baseUrl, {
      timeoutMs: 2000,
      headers,
      ...(signal ? { signal } : {}),
    }).catch(() => undefined));
  if (listed && listed.length > 0 && !listed.some((entry) => entry.id === model) && kind !== 'llamacpp') {
    warnings.push(
      `${SERVER_KINDS[kind].label} at ${root} does not list ${model} (it has: ${listed.map((entry) => entry.id).join(', ')}). Requests will likely fail with "model not found".`,
    );
  }
  const contextWindow = await detectContextWindow({
    providerId: config.provider.id,
    serverKind: kind,
    baseUrl: config.provider.baseUrl,
    model,
    ...(config.contextWindow !== undefined ? { configured: config.contextWindow } : {}),
    headers,
    ...(listed ? { models: listed } : {}),
    ...(signal ? { signal } : {}),
  });
  const check = checkContextWindow({ info: contextWindow, model, minimum });
  if (check.message) warnings.push(check.message);
  return { model, contextWindow, warnings };
}
