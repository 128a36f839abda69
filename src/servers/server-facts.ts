// Facts a server tells about itself beyond identification, for `ossa eval`'s setup block: the
// build or version (llama.cpp /props `build_info`, Ollama /api/version, vLLM /version; LM Studio
// and generic servers do not say), and llama.cpp's own timings of one reply (prompt and
// generation tokens per second, tokens served from its prefix cache). Each is one small request
// that may fail: a missing fact is undefined, never an error.
import { InterruptedError } from '../errors.js';
import * as z from '../protocol/zod.js';
import { requestJson } from './http.js';
import type { ServerKind } from './server-kind.js';
import { joinUrl } from './server-root.js';

export interface ServerTimings {
  promptTokens: number;
  promptPerSecond?: number;
  predictedTokens: number;
  predictedPerSecond?: number;
  /** Prompt tokens the server took from its prefix cache. */
  cachedTokens?: number;
}

interface FactOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** The server's version or build, when it reports one. */
export async function serverVersion(
  kind: ServerKind,
  root: string,
  options: FactOptions = {},
): Promise<string | undefined> {
  const request = { timeoutMs: 3000, ...options };
  try {
    if (kind === 'llamacpp') {
      const props = await requestJson(
        joinUrl(root, '/props'),
        z.looseObject({ build_info: z.nullish(z.string()) }),
        request,
      );
      return props.build_info ?? undefined;
    }
    if (kind === 'ollama') {
      return (await requestJson(joinUrl(root, '/api/version'), z.object({ version: z.string() }), request))
        .version;
    }
    if (kind === 'vllm') {
      return (await requestJson(joinUrl(root, '/version'), z.object({ version: z.string() }), request))
        .version;
    }
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
  }
  return undefined;
}

const timingsSchema = z.looseObject({
  timings: z.nullish(
    z.looseObject({
      prompt_n: z.number(),
      prompt_per_second: z.nullish(z.number()),
      predicted_n: z.number(),
      predicted_per_second: z.nullish(z.number()),
      cache_n: z.nullish(z.number()),
    }),
  ),
});

/**
 * llama.cpp reports `timings` on a non-streamed chat completion: one such request with `messages`
 * measures prefill and decode as the server counted them. Undefined when the server does not
 * report them (other servers), or the request fails.
 */
export async function llamaCppTimings(
  baseUrl: string,
  body: { model: string; messages: { role: string; content: string }[]; max_tokens: number },
  options: FactOptions & { timeoutMs?: number } = {},
): Promise<ServerTimings | undefined> {
  try {
    const answer = await requestJson(joinUrl(baseUrl, '/chat/completions'), timingsSchema, {
      ...options,
      body: { ...body, stream: false },
      timeoutMs: options.timeoutMs ?? 180_000,
    });
    const timings = answer.timings;
    if (!timings) return undefined;
    return {
      promptTokens: timings.prompt_n,
      ...(timings.prompt_per_second ? { promptPerSecond: round(timings.prompt_per_second) } : {}),
      predictedTokens: timings.predicted_n,
      ...(timings.predicted_per_second ? { predictedPerSecond: round(timings.predicted_per_second) } : {}),
      ...(typeof timings.cache_n === 'number' ? { cachedTokens: timings.cache_n } : {}),
    };
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
    return undefined;
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
