// What ossa reads out of Ollama's /api/show answer: the `num_ctx` a Modelfile sets, the trained
// context length, and the attention shape that decides the KV-cache size.
import type { OllamaShow } from './ollama.js';

export interface ModelArchitecture {
  architecture: string;
  /** Transformer blocks (`<arch>.block_count`). */
  layers?: number;
  /** Key/value heads (`<arch>.attention.head_count_kv`, grouped-query attention). */
  kvHeads?: number;
  /** Dimension per head (`<arch>.attention.key_length`, else embedding_length / head_count). */
  headDim?: number;
}

export interface OllamaModelFacts {
  /** `PARAMETER num_ctx` of the model, when its Modelfile sets one. */
  numCtx?: number;
  /** The context length the model was trained for (`<arch>.context_length`). */
  trainedContext?: number;
  architecture?: ModelArchitecture;
  supportsTools: boolean;
}

export function ollamaModelFacts(show: OllamaShow): OllamaModelFacts {
  const numCtx = numCtxFromParameters(show.parameters);
  const info = show.modelInfo;
  const arch = typeof info['general.architecture'] === 'string' ? info['general.architecture'] : undefined;
  const number = (key: string) => {
    const value = arch ? info[`${arch}.${key}`] : undefined;
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
    // Some architectures give per-layer arrays (e.g. head_count_kv); the largest bounds the cache.
    if (Array.isArray(value)) {
      const numbers = value.filter((item): item is number => typeof item === 'number' && item > 0);
      return numbers.length ? Math.max(...numbers) : undefined;
    }
    return undefined;
  };
  const trainedContext = number('context_length');
  const headCount = number('attention.head_count');
  const embedding = number('embedding_length');
  const headDim =
    number('attention.key_length') ?? (headCount && embedding ? embedding / headCount : undefined);
  const layers = number('block_count');
  const kvHeads = number('attention.head_count_kv') ?? headCount;
  return {
    ...(numCtx ? { numCtx } : {}),
    ...(trainedContext ? { trainedContext } : {}),
    ...(arch
      ? {
          architecture: {
            architecture: arch,
            ...(layers ? { layers } : {}),
            ...(kvHeads ? { kvHeads } : {}),
            ...(headDim ? { headDim } : {}),
          },
        }
      : {}),
    supportsTools: show.capabilities.includes('tools'),
  };
}

/** `num_ctx 65536` out of the PARAMETER lines /api/show prints. */
export function numCtxFromParameters(parameters: string | undefined): number | undefined {
  if (!parameters) return undefined;
  for (const line of parameters.split('\n')) {
    const match = /^\s*num_ctx\s+(\d+)\s*$/.exec(line);
    if (match) return Number(match[1]);
  }
  return undefined;
}
