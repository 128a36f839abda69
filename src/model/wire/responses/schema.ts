// Lenient shapes of the Responses stream events ossa reads, one per event family. Events are
// dispatched on their JSON `type` first, so an unknown type is never validated (and ignored).
// Ids, statuses and sequence numbers are optional everywhere: Codex's own test helpers send
// items without them, and GitHub Copilot changes item ids from event to event.
import * as z from '../../../protocol/zod.js';

const position = {
  // The only reliable key for an item (Copilot rotates `item_id`); absent in Codex's minimal events.
  output_index: z.nullish(z.number()),
  item_id: z.nullish(z.string()),
};

const contentPart = z.object({
  type: z.nullish(z.string()),
  text: z.nullish(z.string()),
  refusal: z.nullish(z.string()),
});

export const responsesItemSchema = z.object({
  type: z.nullish(z.string()),
  id: z.nullish(z.string()),
  role: z.nullish(z.string()),
  call_id: z.nullish(z.string()),
  name: z.nullish(z.string()),
  // A string for function calls; an object for `tool_search_call` (Codex).
  arguments: z.optional(z.unknown()),
  content: z.nullish(z.array(contentPart)),
  // Empty for LM Studio, which streams raw `reasoning_text` instead.
  summary: z.nullish(z.array(contentPart)),
  // Ollama keeps the plain thinking text here so it can be replayed.
  encrypted_content: z.nullish(z.string()),
});

const errorShape = z.object({
  code: z.nullish(z.union([z.string(), z.number()])),
  type: z.nullish(z.string()),
  message: z.nullish(z.string()),
});

const usage = z.object({
  input_tokens: z.nullish(z.number()),
  input_tokens_details: z.nullish(z.object({ cached_tokens: z.nullish(z.number()) })),
  output_tokens: z.nullish(z.number()),
  output_tokens_details: z.nullish(z.object({ reasoning_tokens: z.nullish(z.number()) })),
});

export const responseObjectSchema = z.object({
  status: z.nullish(z.string()),
  usage: z.nullish(usage),
  error: z.nullish(errorShape),
  incomplete_details: z.nullish(z.object({ reason: z.nullish(z.string()) })),
  output: z.nullish(z.array(responsesItemSchema)),
});

/** `response.output_text.delta`, `response.reasoning_text.delta`, `…summary_text.delta`, `…arguments.delta`. */
export const deltaEventSchema = z.object({
  ...position,
  summary_index: z.nullish(z.number()),
  delta: z.nullish(z.string()),
});

/** `response.reasoning_text.done`, `response.reasoning_summary_text.done`. */
export const textDoneEventSchema = z.object({
  ...position,
  summary_index: z.nullish(z.number()),
  text: z.nullish(z.string()),
});

/** `response.function_call_arguments.done` (LM Studio sends only this, no deltas). */
export const argumentsDoneEventSchema = z.object({ ...position, arguments: z.optional(z.unknown()) });

/** `response.output_item.added` / `.done`. */
export const itemEventSchema = z.object({ output_index: z.nullish(z.number()), item: responsesItemSchema });

/** `response.completed`, `response.failed`, `response.incomplete` (the response object may be sparse). */
export const responseEventSchema = z.object({ response: z.nullish(responseObjectSchema) });

/** A top-level `error` event: fields at the top (OpenAI docs) or nested under `error` (recordings). */
export const errorEventSchema = z.object({
  code: z.nullish(z.union([z.string(), z.number()])),
  message: z.nullish(z.string()),
  error: z.nullish(errorShape),
});

export type ResponsesItem = z.infer<typeof responsesItemSchema>;
export type ResponsesUsage = z.infer<typeof usage>;
export type ResponsesError = z.infer<typeof errorShape>;

const isNullish = (value: unknown): value is null | undefined => value === null || value === undefined;

/**
 * Delta events without zod: they are nearly every event of a long reply. Accepts a strict subset
 * of `deltaEventSchema`; anything else goes through the schema.
 */
export function asDeltaEvent(value: unknown): z.infer<typeof deltaEventSchema> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const event = value as Record<string, unknown>;
  if (!(typeof event.delta === 'string' || isNullish(event.delta))) return undefined;
  if (!(typeof event.output_index === 'number' || isNullish(event.output_index))) return undefined;
  if (!(typeof event.item_id === 'string' || isNullish(event.item_id))) return undefined;
  if (!(typeof event.summary_index === 'number' || isNullish(event.summary_index))) return undefined;
  return event as z.infer<typeof deltaEventSchema>;
}
