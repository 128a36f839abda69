// What a longer context window costs in memory: the KV cache holds a key and a value vector per
// layer, per KV head, per token. f16 cache = 2 bytes per element (q8_0 about half of that).
import { formatTokens } from '../protocol/format-tokens.js';
import type { ModelArchitecture } from './ollama-model-facts.js';

export interface KvCacheEstimate {
  bytes: number;
  /** `exact-shape` when the model's attention shape was known; `rule-of-thumb` otherwise. */
  basis: 'exact-shape' | 'rule-of-thumb';
}

/** Rule of thumb for a 7–14B model with grouped-query attention: about 128 KiB per token. */
const RULE_OF_THUMB_BYTES_PER_TOKEN = 128 * 1024;

export function estimateKvCache(
  tokens: number,
  architecture?: ModelArchitecture,
  bytesPerElement = 2,
): KvCacheEstimate {
  if (architecture?.layers && architecture.kvHeads && architecture.headDim) {
    const perToken = architecture.layers * architecture.kvHeads * architecture.headDim * 2 * bytesPerElement;
    return { bytes: tokens * perToken, basis: 'exact-shape' };
  }
  return { bytes: tokens * RULE_OF_THUMB_BYTES_PER_TOKEN, basis: 'rule-of-thumb' };
}

/** `3.0 GiB`, `512 MiB`. */
export function formatBytes(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  if (gib >= 1) return `${gib.toFixed(1)} GiB`;
  return `${Math.max(1, Math.round(bytes / 1024 ** 2))} MiB`;
}

/** One sentence on the memory a window of `tokens` needs. */
export function describeKvCost(tokens: number, architecture?: ModelArchitecture): string {
  const estimate = estimateKvCache(tokens, architecture);
  if (estimate.basis === 'exact-shape' && architecture) {
    return `A ${formatTokens(tokens)} window needs about ${formatBytes(estimate.bytes)} for the KV cache on top of the weights (${tokens} tokens × ${architecture.layers} layers × ${architecture.kvHeads} KV heads × ${architecture.headDim} dims × 2 (K and V) × 2 bytes at f16; a q8_0 cache halves it).`;
  }
  return `A ${formatTokens(tokens)} window needs roughly ${formatBytes(estimate.bytes)} for the KV cache on top of the weights (about 128 KiB per token for a 7–14B model at f16; a q8_0 cache halves it).`;
}
