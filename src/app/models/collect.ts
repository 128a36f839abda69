// Gathers what `ossa models` shows: every reachable local server (well-known ports, or
// OSSA_LOCAL_SERVERS) with its models, each with the context window the server will use, whether
// the server says it can call tools, and the provider id to use it with; plus the models of the
// configured providers (their /models).

import type { ProviderSettings } from '../../protocol/provider.js';
import { type ContextWindowSource, detectContextWindow } from '../../servers/context-window.js';
import {
  type DiscoveredServer,
  discoverServers,
  type ProbeTarget,
  providerTargets,
} from '../../servers/discover.js';
import { LlamaCppClient } from '../../servers/llamacpp.js';
import { LmStudioClient } from '../../servers/lmstudio.js';
import { OllamaClient } from '../../servers/ollama.js';
import { listOpenAiModels } from '../../servers/openai-models.js';
import { providerHeaders } from '../../servers/provider-headers.js';
import { SERVER_KINDS, type ServerKind } from '../../servers/server-kind.js';
import { serverRoot } from '../../servers/server-root.js';

export interface ModelEntry {
  id: string;
  /** Tokens the server keeps in context; undefined when it cannot say. */
  context_window?: number;
  context_source: ContextWindowSource;
  trained_context?: number;
  /** The server reports tool support (true/false); undefined: it does not say. */
  tools?: boolean;
  loaded?: boolean;
  /** Download size of the weights, when the server reports it (Ollama). */
  size_bytes?: number;
}

export interface SourceEntry {
  /** `server`: found by probing; `provider`: a configured provider's /models. */
  origin: 'server' | 'provider';
  kind: ServerKind | 'remote';
  label: string;
  url: string;
  base_url: string;
  version?: string;
  /** Provider id to use (`ollama`, `lmstudio`, a configured id); undefined: not configured yet. */
  provider?: string;
  /** A provider id `ossa init` would write for an unconfigured server. */
  suggested_provider?: string;
  models: ModelEntry[];
  error?: string;
}

export interface ModelsReport {
  sources: SourceEntry[];
  probed: string[];
  elapsed_ms: number;
  /** `min_context_window`: windows below it are marked (too small for agent work). */
  min_context_window: number;
}

export interface CollectInput {
  targets: ProbeTarget[];
  /** Built-in local endpoints after the environment (OLLAMA_HOST, OSSA_OSS_BASE_URL). */
  builtInRoots: { ollama: string; lmstudio: string };
  /** Configured custom providers (and the active one), with keys resolved. */
  providers: ProviderSettings[];
  /** Smallest window for agent work (config's min_context_window). */
  minContextWindow: number;
  signal?: AbortSignal;
}

export async function collectModels(input: CollectInput): Promise<ModelsReport> {
  const started = performance.now();
  // Configured providers are asked at their own base_url (any port), with their credentials.
  const configured = providerTargets(
    input.providers.map((provider) => ({ ...provider, headers: providerHeaders(provider) })),
  );
  const discovery = await discoverServers(
    [...input.targets, ...configured],
    input.signal ? { signal: input.signal } : {},
  );
  const providerFor = (server: DiscoveredServer): string | undefined => {
    if (server.kind === 'ollama' && server.root === input.builtInRoots.ollama) return 'ollama';
    if (server.kind === 'lmstudio' && server.root === input.builtInRoots.lmstudio) return 'lmstudio';
    return input.providers.find((provider) => serverRoot(provider.baseUrl) === server.root)?.id;
  };
  const servers = await Promise.all(
    discovery.servers.map(async (server): Promise<SourceEntry> => {
      const provider = providerFor(server);
      const entry: SourceEntry = {
        origin: 'server',
        kind: server.kind,
        label: SERVER_KINDS[server.kind].label,
        url: server.root,
        base_url: server.baseUrl,
        ...(server.version ? { version: server.version } : {}),
        ...(provider ? { provider } : { suggested_provider: suggestProviderId(server.kind, server.root) }),
        models: [],
      };
      try {
        entry.models = await serverModels(server, input.signal);
      } catch (error) {
        entry.error = (error as Error).message;
      }
      return entry;
    }),
  );
  const probedRoots = new Set(discovery.servers.map((server) => server.root));
  const remote = await Promise.all(
    input.providers
      .filter((provider) => !probedRoots.has(serverRoot(provider.baseUrl)))
      .map((provider) => providerModels(provider, input.signal)),
  );
  return {
    sources: [...servers, ...remote],
    probed: discovery.probed.map((target) => target.root),
    elapsed_ms: Math.round(performance.now() - started),
    min_context_window: input.minContextWindow,
  };
}

/** `llamacpp`, `vllm`, `mlx-lm`; with the port when it is not the default (`llamacpp-8081`). */
export function suggestProviderId(kind: ServerKind, root: string): string {
  const base = kind === 'openai-compatible' ? 'local' : kind;
  const url = new URL(root);
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  const defaultPort = SERVER_KINDS[kind].defaultPort;
  if (local && Number(url.port) === defaultPort) return base;
  return `${base}-${local ? url.port : url.hostname.replace(/[^a-z0-9]+/gi, '-')}`;
}

async function serverModels(server: DiscoveredServer, signal?: AbortSignal): Promise<ModelEntry[]> {
  const withSignal = signal ? { signal } : {};
  switch (server.kind) {
    case 'ollama': {
      const client = new OllamaClient(server.root);
      const [tags, running] = await Promise.all([client.tags(signal), client.ps(signal)]);
      const loaded = new Set(running.map((entry) => entry.name));
      return Promise.all(
        tags.map(async (tag) => {
          const window = await detectContextWindow({
            providerId: 'ollama',
            serverKind: 'ollama',
            baseUrl: server.baseUrl,
            model: tag.name,
            ...withSignal,
          });
          const entry = modelEntry(tag.name, window, loaded.has(tag.name));
          return tag.sizeBytes ? { ...entry, size_bytes: tag.sizeBytes } : entry;
        }),
      );
    }
    case 'lmstudio': {
      const models = await new LmStudioClient(server.root).listModels(signal);
      return models
        .filter((model) => !model.type?.startsWith('embedding'))
        .map((model) => ({
          id: model.id,
          ...(model.loaded && model.loadedContextLength
            ? {
                context_window: model.loadedContextLength,
                context_source: 'lmstudio loaded_context_length' as const,
              }
            : { context_source: 'unknown' as const }),
          ...(model.maxContextLength ? { trained_context: model.maxContextLength } : {}),
          ...(model.supportsTools !== undefined ? { tools: model.supportsTools } : {}),
          loaded: model.loaded,
        }));
    }
    case 'llamacpp':
      return llamaCppModels(server, signal);
    default: {
      const models =
        listingOf(server) ??
        (await listOpenAiModels(server.baseUrl, {
          ...withSignal,
          ...(server.headers ? { headers: server.headers } : {}),
        }));
      return models.map((model) => ({
        id: model.id,
        ...(model.maxModelLen
          ? { context_window: model.maxModelLen, context_source: 'vllm max_model_len' as const }
          : { context_source: 'unknown' as const }),
        loaded: true,
      }));
    }
  }
}

/** llama-server: the window per slot and the chat template's tool support, both from /props. */
async function llamaCppModels(server: DiscoveredServer, signal?: AbortSignal): Promise<ModelEntry[]> {
  const headers = server.headers ? { headers: server.headers } : {};
  const [props, models] = await Promise.all([
    server.llamacppProps ?? new LlamaCppClient(server.root, headers).props(signal),
    listingOf(server) ?? listOpenAiModels(server.baseUrl, { ...headers, ...(signal ? { signal } : {}) }),
  ]);
  return models.map((model) => ({
    id: model.id,
    ...(props.nCtx
      ? { context_window: props.nCtx, context_source: 'llama.cpp /props n_ctx' as const }
      : { context_source: 'unknown' as const }),
    ...(model.trainedContext ? { trained_context: model.trainedContext } : {}),
    ...(props.supportsTools !== undefined ? { tools: props.supportsTools } : {}),
    loaded: true,
  }));
}

/** What identification listed at `root/v1/models`, when that is the server's base URL. */
function listingOf(server: DiscoveredServer) {
  return server.baseUrl === `${server.root}/v1` ? server.models : undefined;
}

function modelEntry(
  id: string,
  window: Awaited<ReturnType<typeof detectContextWindow>>,
  loaded: boolean,
): ModelEntry {
  return {
    id,
    ...(window.value !== undefined ? { context_window: window.value } : {}),
    context_source: window.source,
    ...(window.trainedMax ? { trained_context: window.trainedMax } : {}),
    ...(window.supportsTools !== undefined ? { tools: window.supportsTools } : {}),
    loaded,
  };
}

async function providerModels(provider: ProviderSettings, signal?: AbortSignal): Promise<SourceEntry> {
  const entry: SourceEntry = {
    origin: 'provider',
    kind: 'remote',
    label: provider.name,
    url: provider.baseUrl,
    base_url: provider.baseUrl,
    provider: provider.id,
    models: [],
  };
  if (provider.envKey && !provider.apiKey) {
    entry.error = `${provider.envKey} is not set, so ossa cannot list this provider's models`;
    return entry;
  }
  try {
    const models = await listOpenAiModels(provider.baseUrl, {
      timeoutMs: provider.isLocal ? 1000 : 5000,
      headers: providerHeaders(provider),
      ...(signal ? { signal } : {}),
    });
    entry.models = models.map((model) => {
      const window = model.maxModelLen ?? model.contextLength;
      return {
        id: model.id,
        ...(window !== undefined
          ? {
              context_window: window,
              context_source: model.maxModelLen
                ? ('vllm max_model_len' as const)
                : ('models list context_length' as const),
            }
          : { context_source: 'unknown' as const }),
      };
    });
  } catch (error) {
    entry.error = (error as Error).message;
  }
  return entry;
}
