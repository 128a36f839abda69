// The context window a server will actually use for a model — not the model's trained maximum,
// which servers rarely give. Where it comes from, per server:
//   Ollama     /api/ps `context_length` of the loaded model; else `num_ctx` of its Modelfile
//              (/api/show); else the server default, which ossa cannot see: OLLAMA_CONTEXT_LENGTH
//              in the server's environment, or by VRAM (4K below 24 GiB, 32K up to 48 GiB, 256K
//              above; 2048 in older versions). Loading the model (`load: true`) settles it.
//   LM Studio  `loaded_context_length` of the loaded instance; unloaded models get LM Studio's
//              default load settings on first use.
//   llama.cpp  /props `default_generation_settings.n_ctx` (per slot).
//   vLLM       /v1/models `max_model_len`.
// `model_context_window` from config is used only when the server cannot say.
import { BackendHttpError } from './http.js';
import { identifyServer } from './identify.js';
import { LlamaCppClient, type LlamaCppProps } from './llamacpp.js';
import { LmStudioClient } from './lmstudio.js';
import { OllamaClient, type OllamaRunningModel, type OllamaShow, sameOllamaModel } from './ollama.js';
import { type ModelArchitecture, ollamaModelFacts } from './ollama-model-facts.js';
import { listOpenAiModels, type OpenAiModelEntry } from './openai-models.js';
import type { ServerKind } from './server-kind.js';
import { serverRoot } from './server-root.js';

export type ContextWindowSource =
  | 'ollama /api/ps'
  | 'ollama /api/show num_ctx'
  | 'ollama default (OLLAMA_CONTEXT_LENGTH unknown)'
  | 'lmstudio loaded_context_length'
  | 'lmstudio load'
  | 'llama.cpp /props n_ctx'
  | 'vllm max_model_len'
  | 'models list context_length'
  | 'config model_context_window'
  | 'unknown';

export interface ContextWindowInfo {
  /** Tokens the server keeps in context for this model; undefined when nobody can say. */
  value?: number;
  source: ContextWindowSource;
  /** The model's trained maximum, when the server reports it. */
  trainedMax?: number;
  serverKind?: ServerKind;
  /** A sentence for people: caveats, disagreements with config. */
  note?: string;
  /** Attention shape (Ollama), for the KV-cache estimate. */
  architecture?: ModelArchitecture;
  /** What the server says about tool calling; undefined when it says nothing. */
  supportsTools?: boolean;
  /** llama.cpp: parallel slots (/props total_slots), for the right `-c` advice. */
  slots?: number;
}

export interface DetectContextWindowInput {
  providerId: string;
  /** The provider's OpenAI-compatible base URL. */
  baseUrl: string;
  model: string;
  /** `model_context_window` from config. */
  configured?: number;
  /** Skip identification when the caller knows which server it is. */
  serverKind?: ServerKind;
  /** Headers for the provider's /models (authorization for gateways). */
  headers?: Record<string, string>;
  /** The provider's /models listing when the caller already has it or asked for it (no second request). */
  models?: OpenAiModelEntry[] | Promise<OpenAiModelEntry[]>;
  /** Answers the caller already has from this start-up: the same request is never sent twice. */
  known?: KnownAnswers;
  /** Ollama: load the model when it is not loaded, so /api/ps gives the exact window. */
  load?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface KnownAnswers {
  /** Ollama /api/show for the model; null: it answered 404 (no such model). */
  ollamaShow?: OllamaShow | null;
  /** Ollama /api/ps. */
  ollamaPs?: OllamaRunningModel[];
  /** llama.cpp /props. */
  llamacppProps?: LlamaCppProps;
}

/** Ollama's smallest automatic default (below 24 GiB of VRAM). */
export const OLLAMA_SMALLEST_DEFAULT_CONTEXT = 4096;

export async function detectContextWindow(input: DetectContextWindowInput): Promise<ContextWindowInfo> {
  const kind = input.serverKind ?? (await kindOf(input));
  let found: ContextWindowInfo | undefined;
  try {
    found = kind ? await fromServer(kind, input) : undefined;
  } catch (error) {
    if (input.signal?.aborted) throw error;
    found = undefined;
  }
  if (found?.value !== undefined) {
    if (input.configured !== undefined && input.configured > found.value) {
      found.note = joinNotes(
        found.note,
        `model_context_window = ${input.configured} in config, but the server keeps only ${found.value} tokens; ossa uses ${found.value}.`,
      );
    }
    return found;
  }
  if (input.configured !== undefined) {
    return {
      ...found,
      value: input.configured,
      source: 'config model_context_window',
      ...(kind ? { serverKind: kind } : {}),
    };
  }
  return found ?? { source: 'unknown', ...(kind ? { serverKind: kind } : {}) };
}

async function kindOf(input: DetectContextWindowInput): Promise<ServerKind | undefined> {
  if (input.providerId === 'ollama' || input.providerId === 'lmstudio') return input.providerId;
  const identified = await identifyServer(serverRoot(input.baseUrl), {
    timeoutMs: input.timeoutMs ?? 1000,
    ...(input.signal ? { signal: input.signal } : {}),
    ...(input.headers ? { headers: input.headers } : {}),
  }).catch(() => undefined);
  return identified?.ok ? identified.server.kind : undefined;
}

async function fromServer(
  kind: ServerKind,
  input: DetectContextWindowInput,
): Promise<ContextWindowInfo | undefined> {
  const root = serverRoot(input.baseUrl);
  const timeoutMs = input.timeoutMs ?? 3000;
  switch (kind) {
    case 'ollama':
      return fromOllama(new OllamaClient(root, { timeoutMs }), input);
    case 'lmstudio': {
      const models = await new LmStudioClient(root, { timeoutMs }).listModels(input.signal);
      const model = models.find((entry) => entry.id === input.model);
      if (!model) return { source: 'unknown', serverKind: kind };
      const base = {
        serverKind: kind,
        ...(model.maxContextLength ? { trainedMax: model.maxContextLength } : {}),
        ...(model.supportsTools !== undefined ? { supportsTools: model.supportsTools } : {}),
      };
      if (model.loaded && model.loadedContextLength) {
        return { ...base, value: model.loadedContextLength, source: 'lmstudio loaded_context_length' };
      }
      return {
        ...base,
        source: 'unknown',
        note: 'The model is not loaded; LM Studio loads it on first use with its default context length (often 4096) unless ossa loads it first.',
      };
    }
    case 'llamacpp': {
      const [props, trained] = await Promise.all([
        input.known?.llamacppProps ??
          new LlamaCppClient(root, {
            timeoutMs,
            ...(input.headers ? { headers: input.headers } : {}),
          }).props(input.signal, input.model),
        listModels(input, timeoutMs)
          .then(
            (models) =>
              models.find((entry) => entry.id === input.model)?.trainedContext ?? models[0]?.trainedContext,
          )
          .catch(() => undefined),
      ]);
      const tools = props.supportsTools !== undefined ? { supportsTools: props.supportsTools } : {};
      return props.nCtx
        ? {
            value: props.nCtx,
            source: 'llama.cpp /props n_ctx',
            serverKind: kind,
            ...tools,
            ...(trained ? { trainedMax: trained } : {}),
            ...(props.totalSlots && props.totalSlots > 1
              ? {
                  slots: props.totalSlots,
                  note: `llama-server runs ${props.totalSlots} parallel slots; each gets this window.`,
                }
              : {}),
          }
        : { source: 'unknown', serverKind: kind, ...tools };
    }
    default: {
      const models = await listModels(input, timeoutMs);
      const model = models.find((entry) => entry.id === input.model);
      if (model?.maxModelLen)
        return { value: model.maxModelLen, source: 'vllm max_model_len', serverKind: kind };
      if (model?.contextLength)
        return { value: model.contextLength, source: 'models list context_length', serverKind: kind };
      return { source: 'unknown', serverKind: kind };
    }
  }
}

async function fromOllama(client: OllamaClient, input: DetectContextWindowInput): Promise<ContextWindowInfo> {
  const known = input.known?.ollamaShow;
  const show =
    known !== undefined
      ? (known ?? undefined)
      : await client.show(input.model, input.signal).catch((error: unknown) => {
          if (error instanceof BackendHttpError && error.status === 404) return undefined;
          throw error;
        });
  const facts = show ? ollamaModelFacts(show) : undefined;
  const base: ContextWindowInfo = {
    source: 'unknown',
    serverKind: 'ollama',
    ...(facts?.trainedContext ? { trainedMax: facts.trainedContext } : {}),
    ...(facts?.architecture ? { architecture: facts.architecture } : {}),
    ...(facts ? { supportsTools: facts.supportsTools } : {}),
  };
  if (!facts) return { ...base, note: `Ollama does not have ${input.model}.` };
  const clamp = (value: number) => (facts.trainedContext ? Math.min(value, facts.trainedContext) : value);

  let running = (input.known?.ollamaPs ?? (await client.ps(input.signal))).find((entry) =>
    sameOllamaModel(entry.name, input.model),
  );
  if (!running?.contextLength && input.load) {
    await client.load(input.model, input.signal ? { signal: input.signal } : {});
    running = (await client.ps(input.signal)).find((entry) => sameOllamaModel(entry.name, input.model));
  }
  if (running?.contextLength) return { ...base, value: running.contextLength, source: 'ollama /api/ps' };
  if (facts.numCtx) return { ...base, value: clamp(facts.numCtx), source: 'ollama /api/show num_ctx' };
  return {
    ...base,
    value: clamp(OLLAMA_SMALLEST_DEFAULT_CONTEXT),
    source: 'ollama default (OLLAMA_CONTEXT_LENGTH unknown)',
    note: 'The model sets no num_ctx, so the server default applies: OLLAMA_CONTEXT_LENGTH if the server was started with it, else by VRAM (4K below 24 GiB, 32K up to 48 GiB, 256K above). ossa assumes the smallest until the model is loaded.',
  };
}

function listModels(input: DetectContextWindowInput, timeoutMs: number): Promise<OpenAiModelEntry[]> {
  if (input.models) return Promise.resolve(input.models);
  return listOpenAiModels(input.baseUrl, {
    timeoutMs,
    ...(input.headers ? { headers: input.headers } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
}

function joinNotes(a: string | undefined, b: string): string {
  return a ? `${a} ${b}` : b;
}
