// What the real-server tier runs on, found once by the global setup (global-setup.ts) and handed to
// every test file through vitest's provide/inject.
import { inject } from 'vitest';
import type { TinyModelKind } from '../gguf/tiny-model.js';
import { ensureTinyModel, type TinyModelFile } from './tiny-models.js';

export interface RealTier {
  /** Absolute path of llama-server; empty when the tier cannot run (skipped). */
  llamaServer: string;
  /** llama.cpp source tree (vocabulary, chat templates). */
  source: string;
  /** Where generated models are kept (outside the checkout). */
  cacheDir: string;
  /** Why the tier is skipped, when it is. */
  skipped?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    realTier: RealTier;
  }
}

export function realTier(): RealTier {
  return inject('realTier');
}

/** True when the tier cannot run here (no toolchain): use with describe.skipIf. */
export function tierSkipped(): boolean {
  return Boolean(realTier().skipped);
}

const DEFAULT_NAMES: Record<TinyModelKind, string> = {
  'qwen2.5': 'tiny',
  qwen3: 'tiny-think',
  stuck: 'tiny-stuck',
  worker: 'tiny-worker',
};

/** A tiny model file (generated on first use). Names: the file's name without `.gguf`. */
export function tinyModel(kind: TinyModelKind, name = DEFAULT_NAMES[kind]): TinyModelFile {
  const tier = realTier();
  return ensureTinyModel(tier.source, tier.cacheDir, kind, name);
}
