// Lenient shapes of Chat Completions stream chunks: only the fields ossa reads, each nullish.
// Unknown fields (logprobs, timings, obfuscation, provider, …) pass through untouched.
import * as z from '../../../protocol/zod.js';

const toolCallDelta = z.object({
  // Anthropic's compat endpoint and Bedrock proxies start at 1; some servers omit it.
  index: z.nullish(z.number()),
  // Missing after the first fragment, "" on later ones (DashScope), repeated (GLM behind vLLM).
  id: z.nullish(z.string()),
  function: z.nullish(
    z.object({
      // "" on continuation fragments (GLM behind vLLM).
      name: z.nullish(z.string()),
      // Usually a string; some servers send the JSON object itself, or omit it on the first fragment (vLLM).
      arguments: z.optional(z.unknown()),
    }),
  ),
});

const reasoningDetail = z.object({
  type: z.nullish(z.string()),
  text: z.nullish(z.string()),
  summary: z.nullish(z.string()),
});

const contentPart = z.object({ type: z.nullish(z.string()), text: z.nullish(z.string()) });

const delta = z.object({
  // A string; Mistral-style servers may send an array of typed parts.
  content: z.nullish(z.union([z.string(), z.array(contentPart)])),
  // DeepSeek, llama.cpp, xAI, Qwen/DashScope, Kimi, SGLang, vLLM before its rename.
  reasoning_content: z.nullish(z.string()),
  // Ollama, OpenRouter, vLLM after vllm-project/vllm#27752.
  reasoning: z.nullish(z.string()),
  // OpenRouter: preferred over `reasoning` when both are present.
  reasoning_details: z.nullish(z.array(reasoningDetail)),
  refusal: z.nullish(z.string()),
  tool_calls: z.nullish(z.array(toolCallDelta)),
});

export const chatUsageSchema = z.object({
  prompt_tokens: z.nullish(z.number()),
  completion_tokens: z.nullish(z.number()),
  prompt_tokens_details: z.nullish(z.object({ cached_tokens: z.nullish(z.number()) })),
  completion_tokens_details: z.nullish(z.object({ reasoning_tokens: z.nullish(z.number()) })),
  // SGLang-style servers put it at the top level.
  reasoning_tokens: z.nullish(z.number()),
});

const choice = z.object({
  index: z.nullish(z.number()),
  delta: z.nullish(delta),
  // Non-streaming bodies (a server that ignored `stream: true`) carry `message` instead.
  message: z.nullish(delta),
  // Absent until the end on some proxies (Tetrate); null again after the finish chunk (OpenRouter).
  finish_reason: z.nullish(z.string()),
});

export const chatChunkSchema = z.object({
  // vLLM reports failures as `{"object":"error","message":…}` with HTTP 200.
  object: z.nullish(z.string()),
  choices: z.nullish(z.array(choice)),
  // On every chunk (Bedrock proxies, partial), the finish chunk, or a later chunk with `choices: []`.
  usage: z.nullish(chatUsageSchema),
  // Groq also reports usage here.
  x_groq: z.nullish(z.object({ usage: z.nullish(chatUsageSchema) })),
  error: z.optional(z.unknown()),
});

export type ChatChunk = z.infer<typeof chatChunkSchema>;
export type ChatDelta = z.infer<typeof delta>;
export type ChatToolCallDelta = z.infer<typeof toolCallDelta>;
export type ChatUsage = z.infer<typeof chatUsageSchema>;

const isNullish = (value: unknown): value is null | undefined => value === null || value === undefined;
const isOptionalString = (value: unknown): boolean => isNullish(value) || typeof value === 'string';

/**
 * The common case without zod: a chunk whose only payload is text or reasoning in `choices[0]`
 * (20,000 of them make a long reply, and schema validation was a tenth of the parse cost). It
 * accepts a strict subset of `chatChunkSchema`; anything else goes through the schema.
 */
export function asPlainTextChunk(value: unknown): ChatChunk | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const chunk = value as Record<string, unknown>;
  if (
    !isNullish(chunk.usage) ||
    !isNullish(chunk.error) ||
    !isNullish(chunk.x_groq) ||
    !isOptionalString(chunk.object)
  ) {
    return undefined;
  }
  const choices = chunk.choices;
  if (!Array.isArray(choices) || choices.length !== 1) return undefined;
  const choice = choices[0] as Record<string, unknown> | null;
  if (typeof choice !== 'object' || choice === null) return undefined;
  if (
    !(isNullish(choice.index) || typeof choice.index === 'number') ||
    !isOptionalString(choice.finish_reason)
  )
    return undefined;
  if (!isNullish(choice.message)) return undefined;
  const delta = choice.delta as Record<string, unknown> | null | undefined;
  if (isNullish(delta)) return value as ChatChunk;
  if (typeof delta !== 'object') return undefined;
  if (!isNullish(delta.tool_calls) || !isNullish(delta.reasoning_details)) return undefined;
  if (!isOptionalString(delta.content) || !isOptionalString(delta.reasoning_content)) return undefined;
  if (!isOptionalString(delta.reasoning) || !isOptionalString(delta.refusal)) return undefined;
  return value as ChatChunk;
}
