// Which server answers at a root URL? Each server has an endpoint only it has: Ollama
// `/api/version`, LM Studio `/api/v1/models` or `/api/v0/models`, llama.cpp `/props`; vLLM marks
// its /v1/models entries (`owned_by: "vllm"`, `max_model_len`). Anything else that lists models
// on /v1/models is a generic OpenAI-compatible server. All probes run in parallel.
import { InterruptedError } from '../errors.js';
import * as z from '../protocol/zod.js';
import { BackendHttpError, BackendUnreachableError, requestJson } from './http.js';
import { type LlamaCppProps, readLlamaCppProps } from './llamacpp.js';
import { listOpenAiModels, type OpenAiModelEntry } from './openai-models.js';
import type { ServerKind } from './server-kind.js';
import { joinUrl, openAiBaseUrl } from './server-root.js';

export interface IdentifiedServer {
  kind: ServerKind;
  root: string;
  /** Server version, when it tells (Ollama). */
  version?: string;
  /** What `{root}/v1/models` listed, when it answered (callers reuse it instead of asking again). */
  models?: OpenAiModelEntry[];
  /** llama.cpp: what /props said (the context window is read from it, not asked again). */
  llamacppProps?: LlamaCppProps;
}

export type IdentifyResult =
  | { ok: true; server: IdentifiedServer }
  /** `unreachable`: nothing listens; `unknown`: something answers but not like a model server. */
  | { ok: false; root: string; problem: 'unreachable'; detail: string; cause: BackendUnreachableError }
  | { ok: false; root: string; problem: 'unknown'; detail: string };

export interface IdentifyOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Label a generic OpenAI-compatible answer as this kind (e.g. `mlx-lm` on its port). */
  genericKind?: ServerKind;
  /** The provider's credentials: a server started with an API key (llama-server --api-key) answers every probe without them with 401. */
  headers?: Record<string, string>;
}

export async function identifyServer(root: string, options: IdentifyOptions = {}): Promise<IdentifyResult> {
  const request = {
    timeoutMs: options.timeoutMs ?? 300,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  };
  const settle = <T>(promise: Promise<T>) =>
    promise.then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  const [ollama, lmstudioV1, lmstudioV0, llamacpp, openai] = await Promise.all([
    settle(requestJson(joinUrl(root, '/api/version'), z.object({ version: z.string() }), request)),
    settle(requestJson(joinUrl(root, '/api/v1/models'), z.object({ models: z.array(z.unknown()) }), request)),
    settle(requestJson(joinUrl(root, '/api/v0/models'), z.object({ data: z.array(z.unknown()) }), request)),
    settle(
      requestJson(
        joinUrl(root, '/props'),
        z.looseObject({ default_generation_settings: z.looseObject({}) }),
        request,
      ),
    ),
    settle(listOpenAiModels(openAiBaseUrl(root), request)),
  ]);
  if (options.signal?.aborted) throw new InterruptedError('cancelled');
  const models = openai.ok ? { models: openai.value } : {};
  if (ollama.ok)
    return { ok: true, server: { kind: 'ollama', root, version: ollama.value.version, ...models } };
  if (lmstudioV1.ok || lmstudioV0.ok) return { ok: true, server: { kind: 'lmstudio', root, ...models } };
  if (llamacpp.ok) {
    const llamacppProps = readLlamaCppProps(llamacpp.value);
    return {
      ok: true,
      server: { kind: 'llamacpp', root, ...models, ...(llamacppProps ? { llamacppProps } : {}) },
    };
  }
  if (openai.ok) {
    const vllm = openai.value.some((model) => model.ownedBy === 'vllm' || model.maxModelLen !== undefined);
    const kind = vllm ? 'vllm' : (options.genericKind ?? 'openai-compatible');
    return { ok: true, server: { kind, root, ...models } };
  }
  const errors = [ollama, lmstudioV1, lmstudioV0, llamacpp, openai].map((result) =>
    result.ok ? undefined : result.error,
  );
  if (errors.every((error) => error instanceof BackendUnreachableError)) {
    const cause = errors[0] as BackendUnreachableError;
    return { ok: false, root, problem: 'unreachable', detail: cause.message, cause };
  }
  const answered = errors.find((error) => error instanceof BackendHttpError) as BackendHttpError | undefined;
  const refused = errors.filter(
    (error) => error instanceof BackendHttpError && [401, 403].includes(error.status),
  );
  if (
    refused.length > 0 &&
    refused.length === errors.filter((error) => error instanceof BackendHttpError).length
  ) {
    return {
      ok: false,
      root,
      problem: 'unknown',
      detail: wantsKeyDetail(refused[0] as BackendHttpError, options),
    };
  }
  return {
    ok: false,
    root,
    problem: 'unknown',
    detail: answered ? answered.message : 'it answers, but not like a model server',
  };
}

/** Every probe that got an answer got 401/403: the server wants a key, and says so. */
function wantsKeyDetail(error: BackendHttpError, options: IdentifyOptions): string {
  const sent = Object.keys(options.headers ?? {}).some((name) => name.toLowerCase() === 'authorization');
  return sent
    ? `the server wants a key and refused the one configured (HTTP ${error.status}): check the provider's env_key / API key (${error.message})`
    : `the server wants a key (HTTP ${error.status}): set the provider's env_key to the variable holding it (e.g. llama-server --api-key) (${error.message})`;
}
