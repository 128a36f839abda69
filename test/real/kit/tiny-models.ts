// The tier's model files, generated on first use into the llama cache (next to the built server)
// under a name keyed by the generator's own source, so a change to the generator makes new files.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTinyModel, type TinyModelKind } from '../gguf/tiny-model.js';
import { loadTinyVocab, type TinyVocab } from '../gguf/tiny-vocab.js';

const GENERATOR_FILES = ['gguf-format.ts', 'byte-level.ts', 'tiny-vocab.ts', 'tiny-model.ts'];
const GGUF_DIR = fileURLToPath(new URL('../gguf/', import.meta.url));

const TEMPLATES: Record<TinyModelKind, string> = {
  'qwen2.5': 'Qwen-Qwen2.5-7B-Instruct.jinja',
  qwen3: 'Qwen-Qwen3-0.6B.jinja',
  stuck: 'Qwen-Qwen2.5-7B-Instruct.jinja',
  worker: 'Qwen-Qwen2.5-7B-Instruct.jinja',
};

export interface TinyModelFile {
  kind: TinyModelKind;
  /** The model's name as the tests use it (the file is `<name>.gguf`). */
  name: string;
  path: string;
}

function generatorKey(): string {
  const hash = createHash('sha256');
  for (const file of GENERATOR_FILES) hash.update(readFileSync(join(GGUF_DIR, file)));
  return hash.digest('hex').slice(0, 12);
}

let vocab: TinyVocab | undefined;

/**
 * Writes `<cache>/models-<key>/<kind>/<name>.gguf` unless it exists. `llamaSource` is the llama.cpp tree
 * with models/ggml-vocab-qwen2.gguf and models/templates/.
 */
export function ensureTinyModel(
  llamaSource: string,
  cacheDir: string,
  kind: TinyModelKind,
  name: string,
  contextLength = 131072,
): TinyModelFile {
  // The kind is part of the path: one name never stands for two different models.
  const path = join(cacheDir, `models-${generatorKey()}`, kind, `${name}.gguf`);
  if (!existsSync(path)) {
    vocab ??= loadTinyVocab(llamaSource);
    const chatTemplate = readFileSync(join(llamaSource, 'models', 'templates', TEMPLATES[kind]), 'utf8');
    const file = buildTinyModel(vocab, { kind, name, chatTemplate, contextLength });
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}.${process.pid}.tmp`, file);
    renameSync(`${path}.${process.pid}.tmp`, path);
  }
  return { kind, name, path };
}
