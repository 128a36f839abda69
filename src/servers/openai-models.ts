// GET {base_url}/models on any OpenAI-compatible server, keeping the non-standard fields that
// say how long a context the server gives: vLLM's `max_model_len`, llama.cpp's `meta.n_ctx_train`
// (trained maximum), OpenRouter's `context_length`, LM Studio/Ollama give none here.
import * as z from '../protocol/zod.js';
import { requestJson } from './http.js';
import { joinUrl } from './server-root.js';

export interface OpenAiModelEntry {
  id: string;
  ownedBy?: string;
  /** vLLM: the window the server was started with (`--max-model-len`). */
  maxModelLen?: number;
  /** llama.cpp: the model's trained context (not the server's window). */
  trainedContext?: number;
  /** Gateways (OpenRouter): the model's context length. */
  contextLength?: number;
}

const modelsSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      owned_by: z.nullish(z.string()),
      max_model_len: z.nullish(z.number()),
      context_length: z.nullish(z.number()),
      meta: z.nullish(z.object({ n_ctx_train: z.nullish(z.number()) })),
    }),
  ),
});

export async function listOpenAiModels(
  baseUrl: string,
  options: { headers?: Record<string, string>; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<OpenAiModelEntry[]> {
  const body = await requestJson(joinUrl(baseUrl, '/models'), modelsSchema, {
    timeoutMs: options.timeoutMs ?? 3000,
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return body.data.map((entry) => ({
    id: entry.id,
    ...(entry.owned_by ? { ownedBy: entry.owned_by } : {}),
    ...(entry.max_model_len ? { maxModelLen: entry.max_model_len } : {}),
    ...(entry.meta?.n_ctx_train ? { trainedContext: entry.meta.n_ctx_train } : {}),
    ...(entry.context_length ? { contextLength: entry.context_length } : {}),
  }));
}
