// The tiny models' vocabulary: llama.cpp's own Qwen2 BPE test vocabulary
// (models/ggml-vocab-qwen2.gguf in the llama.cpp tree) with the Qwen2.5/Qwen3 added tokens put in
// its `[PAD…]` placeholder slots, so the real chat templates' `<|im_end|>`, `<tool_call>`,
// `<tool_response>` and `<think>` are single tokens as they are for the real models.
import { join } from 'node:path';
import { type GgufValue, readGgufMetadata } from './gguf-format.js';

/** llama.cpp token types (llama_token_type). */
export const TokenType = { NORMAL: 1, CONTROL: 3, USER_DEFINED: 4 } as const;

/** Qwen2.5/Qwen3 added tokens from id 151643 on; `true` = special (CONTROL), else USER_DEFINED. */
const ADDED_TOKENS: [string, boolean][] = [
  ['<|endoftext|>', true],
  ['<|im_start|>', true],
  ['<|im_end|>', true],
  ['<|object_ref_start|>', true],
  ['<|object_ref_end|>', true],
  ['<|box_start|>', true],
  ['<|box_end|>', true],
  ['<|quad_start|>', true],
  ['<|quad_end|>', true],
  ['<|vision_start|>', true],
  ['<|vision_end|>', true],
  ['<|vision_pad|>', true],
  ['<|image_pad|>', true],
  ['<|video_pad|>', true],
  ['<tool_call>', false],
  ['</tool_call>', false],
  ['<|fim_prefix|>', true],
  ['<|fim_middle|>', true],
  ['<|fim_suffix|>', true],
  ['<|fim_pad|>', true],
  ['<|repo_name|>', true],
  ['<|file_sep|>', true],
  ['<tool_response>', false],
  ['</tool_response>', false],
  ['<think>', false],
  ['</think>', false],
];
const FIRST_ADDED = 151643;

export interface TinyVocab {
  tokens: string[];
  types: number[];
  merges: string[];
  /** Token id of an exact vocabulary entry (byte-level spelling for ordinary text). */
  id(entry: string): number;
  /** Ordinary (NORMAL) tokens, by spelling. */
  normal: Map<string, number>;
  /** The tokenizer.* metadata the model file carries. */
  metadata(eos: string): Map<string, GgufValue>;
}

export function loadTinyVocab(llamaSource: string): TinyVocab {
  const path = join(llamaSource, 'models', 'ggml-vocab-qwen2.gguf');
  const source = readGgufMetadata(path);
  const tokens = [...((source.get('tokenizer.ggml.tokens')?.value as string[] | undefined) ?? [])];
  const types = [...((source.get('tokenizer.ggml.token_type')?.value as number[] | undefined) ?? [])];
  const merges = source.get('tokenizer.ggml.merges')?.value as string[];
  if (!tokens.length || tokens.length !== types.length || !merges)
    throw new Error(`${path}: no tokenizer data`);
  ADDED_TOKENS.forEach(([text, special], index) => {
    const slot = FIRST_ADDED + index;
    if (tokens[slot] !== text && !tokens[slot]?.startsWith('[PAD')) {
      throw new Error(`${path}: slot ${slot} holds ${tokens[slot]}, expected a [PAD…] placeholder`);
    }
    tokens[slot] = text;
    types[slot] = special ? TokenType.CONTROL : TokenType.USER_DEFINED;
  });
  const byText = new Map(tokens.map((token, index) => [token, index]));
  const normal = new Map<string, number>();
  tokens.forEach((token, index) => {
    if (types[index] === TokenType.NORMAL) normal.set(token, index);
  });
  const id = (entry: string) => {
    const found = byText.get(entry);
    if (found === undefined) throw new Error(`tiny vocab: no token ${JSON.stringify(entry)}`);
    return found;
  };
  const metadata = (eos: string) =>
    new Map<string, GgufValue>([
      ['tokenizer.ggml.model', { type: 8, value: 'gpt2' }],
      ['tokenizer.ggml.pre', { type: 8, value: 'qwen2' }],
      ['tokenizer.ggml.tokens', { type: 9, elementType: 8, value: tokens }],
      ['tokenizer.ggml.token_type', { type: 9, elementType: 5, value: types }],
      ['tokenizer.ggml.merges', { type: 9, elementType: 8, value: merges }],
      ['tokenizer.ggml.eos_token_id', { type: 4, value: id(eos) }],
      ['tokenizer.ggml.padding_token_id', { type: 4, value: id('<|endoftext|>') }],
      ['tokenizer.ggml.bos_token_id', { type: 4, value: id('<|endoftext|>') }],
      ['tokenizer.ggml.add_bos_token', { type: 7, value: false }],
    ]);
  return { tokens, types, merges, id, normal, metadata };
}
