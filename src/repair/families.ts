// Per-model-family settings as data: which leaked tool-call formats to look for in text, whether
// the model's reasoning must be sent back on later requests, and sampling defaults. Users
// override them from config (`[model_families.<id>]`); an override with an unknown id and a
// `match` defines a new family that is tried before the built-ins.

import { RE2JS } from 're2js';
import { TOOL_CALL_FORMATS, type ToolCallFormat } from '../protocol/tool-call-formats.js';

export { TOOL_CALL_FORMATS, type ToolCallFormat } from '../protocol/tool-call-formats.js';

export interface SamplingDefaults {
  temperature?: number;
  top_p?: number;
  top_k?: number;
}

export interface ModelFamilySettings {
  id: string;
  /** Tested against the model name as configured (e.g. `qwen3-coder:30b`, `openai/gpt-oss-20b`). */
  /** Tested against the model name. */
  match: NameMatcher;
  /**
   * Formats extracted from text when the response has no native tool calls. `harmony` here means
   * "always parse harmony markup"; without it harmony is parsed only when the text starts with a
   * harmony marker (ordinary text that merely mentions the markers is left alone).
   */
  toolCallFormats: ToolCallFormat[];
  /** Whether earlier reasoning must be replayed to the model on later requests (gpt-oss needs it). */
  sendReasoningBack: boolean;
  /** The chat-completions field that carries replayed reasoning; undefined = the adapter's default. */
  reasoningField?: 'reasoning_content' | 'reasoning';
  /** Defaults sent only when the user configured none. */
  sampling?: SamplingDefaults;
}

/** The repair stage's name for the settings it reads. */
export type ModelFamily = ModelFamilySettings;

/** What config may say about a family; `match` is a regular-expression source string there. */
export type ModelFamilyOverride = Partial<Omit<ModelFamilySettings, 'id' | 'match'>> & {
  match?: string | NameMatcher;
};

const ALL_TEXT_FORMATS: ToolCallFormat[] = TOOL_CALL_FORMATS.filter((format) => format !== 'harmony');

/** Built-in families, most specific first; the last one matches every model. */
export const MODEL_FAMILIES: readonly ModelFamilySettings[] = [
  {
    id: 'gpt-oss',
    match: /gpt-oss/i,
    toolCallFormats: ['harmony', 'tool_call_tag', 'fenced_json'],
    // Harmony: analysis before a tool call in the current turn must be sent back (format.md).
    sendReasoningBack: true,
    reasoningField: 'reasoning',
    // OpenAI's recommendation for gpt-oss.
    sampling: { temperature: 1, top_p: 1 },
  },
  {
    id: 'deepseek',
    match: /deepseek/i,
    toolCallFormats: ['deepseek', 'tool_call_tag', 'fenced_json', 'bare_json'],
    // deepseek-reasoner rejects reasoning_content in input messages.
    sendReasoningBack: false,
    reasoningField: 'reasoning_content',
  },
  {
    id: 'qwen3-coder',
    match: /qwen[\d.]*[-_]?coder/i,
    toolCallFormats: ['tool_call_tag', 'function_xml', 'fenced_json', 'bare_json'],
    sendReasoningBack: false,
    // Qwen3-Coder model card.
    sampling: { temperature: 0.7, top_p: 0.8, top_k: 20 },
  },
  {
    id: 'qwen3',
    match: /qwen|qwq/i,
    toolCallFormats: ['tool_call_tag', 'function_xml', 'fenced_json', 'bare_json'],
    // Qwen3 model card: history should not include earlier thinking.
    sendReasoningBack: false,
    reasoningField: 'reasoning_content',
    sampling: { temperature: 0.6, top_p: 0.95, top_k: 20 },
  },
  {
    id: 'mistral',
    match: /devstral|mistral|mixtral|magistral|codestral|ministral/i,
    toolCallFormats: ['mistral', 'fenced_json', 'bare_json'],
    sendReasoningBack: false,
    // Devstral model card.
    sampling: { temperature: 0.15 },
  },
  {
    id: 'llama',
    match: /llama/i,
    toolCallFormats: ['bare_json', 'function_xml', 'fenced_json', 'tool_call_tag'],
    sendReasoningBack: false,
  },
  {
    id: 'generic',
    match: /(?:)/,
    toolCallFormats: ALL_TEXT_FORMATS,
    // Unknown models get their reasoning back: chat templates that do not use it drop it, and a
    // reasoning model that needs it (like gpt-oss) loses track of its tool calls without it.
    sendReasoningBack: true,
  },
];

/**
 * The settings for `model`: the first family whose `match` fits, with the config override for that
 * family id merged on top (sampling merged key by key). Overrides for ids that are not built in
 * define new families when they carry `match`; they are tried first, in key order.
 */
export function resolveModelFamily(
  model: string,
  overrides: Record<string, ModelFamilyOverride> = {},
): ModelFamilySettings {
  const builtInIds = new Set(MODEL_FAMILIES.map((family) => family.id));
  const custom: ModelFamilySettings[] = [];
  for (const [id, override] of Object.entries(overrides)) {
    if (builtInIds.has(id) || override.match === undefined) continue;
    custom.push(
      applyOverride(
        { id, match: /$^/, toolCallFormats: ALL_TEXT_FORMATS, sendReasoningBack: false },
        override,
      ),
    );
  }
  const builtIns = MODEL_FAMILIES.map((family) => {
    const override = overrides[family.id];
    return override ? applyOverride(family, override) : family;
  });
  // The generic family matches everything, so this always finds one.
  return [...custom, ...builtIns].find((family) => family.match.test(model))!;
}

function applyOverride(base: ModelFamilySettings, override: ModelFamilyOverride): ModelFamilySettings {
  const { match, sampling, ...rest } = override;
  const merged: ModelFamilySettings = { ...base, ...definedOnly(rest) };
  if (match !== undefined) merged.match = typeof match === 'string' ? linearMatcher(match) : match;
  if (sampling) merged.sampling = { ...base.sampling, ...definedOnly(sampling) };
  return merged;
}

export interface NameMatcher {
  test(name: string): boolean;
}

/**
 * A case-insensitive pattern from config, matched with RE2 (linear time: no pattern can make
 * matching a model name hang). Config validation already rejected patterns RE2 cannot compile.
 */
function linearMatcher(source: string): NameMatcher {
  const pattern = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  return { test: (name) => pattern.matcher(name).find() };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
