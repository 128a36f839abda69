// Tiny deterministic llama-architecture GGUF models for the real-server tier.
//
// One layer, n_embd 64, 2 heads of 32, zero feed-forward. The residual stream has one-hot
// channels; hand-set weights make the output a function of the prompt, whatever the sampler:
//  - a bigram table: a "path" token's embedding has its own channel, and the output matrix maps that
//    channel to the next token of its path with a large logit (6·S);
//  - attention heads as detectors: a constant query (from the BIAS channel every token has) meets a
//    key only trigger tokens have, so the head copies the trigger's value (a MODE channel) to every
//    later position, and the output matrix maps a mode to the first token of its path.
// The last prompt token of the Qwen templates is "\n" (after `<|im_start|>assistant`), whose own
// bigram weight is only S: an active mode (2S…4S) decides the first token, after which every path
// token outweighs every mode. Path tokens are unique within the model, so bigrams never collide.
// RoPE is neutralised by a huge freq_base and by using only the slowest-rotating head dimensions.

import { byteLevel } from './byte-level.js';
import { type GgufTensor, GgufType, type GgufValue, TensorType, writeGguf } from './gguf-format.js';
import type { TinyVocab } from './tiny-vocab.js';

/**
 * qwen2.5: Hermes `<tool_call>` JSON (Qwen2.5 template); qwen3: `<think>` reasoning first (Qwen3
 * template); stuck: a model that does not cooperate: to any prompt it opens a tool call and never
 * closes its argument string (" la" forever), so the server cannot parse what it generated;
 * worker (Qwen2.5 template): for long tasks — while the trigger is in the prompt it calls
 * `shell ["sh", "next.sh"]` again after every result, until a tool result says " mango"; it
 * answers ossa's compaction prompt (which asks for " preferences") with text, not a call.
 */
export type TinyModelKind = 'qwen2.5' | 'qwen3' | 'stuck' | 'worker';

/** Words in a prompt that switch the model's behaviour (single Qwen2 tokens, spelled with the space). */
export const TRIGGERS = {
  /** → a `shell` tool call running `["echo", "hi"]`. */
  toolCall: ' pineapple',
  /** → " la" forever (until -n, the window or a cancel). */
  endless: ' broccoli',
  /** worker: in a tool result, ends the task (→ the after-result answer). */
  workerDone: ' mango',
  /** worker: a word of ossa's compaction prompt ("Constraints and user preferences") → a text answer. */
  summaryPrompt: ' preferences',
} as const;

/** What the models answer (content after the template's reasoning/tool parsing). */
export const ANSWERS = {
  plain: 'Hello world!',
  afterToolResult: 'done',
  reasoning: 'ok',
  endlessPiece: ' la',
  toolCommand: ['echo', 'hi'],
  /** The worker's call, every step. */
  workerCommand: ['sh', 'next.sh'],
} as const;

const N_EMBD = 64;
const HEAD_DIM = 32;
const N_FF = 64;
const S = 10;
/** Channels of the residual stream. Path tokens use 0…PATH_LIMIT-1. */
const CH = {
  BIAS: 63,
  DEFAULT: 62,
  TRIG_TOOL: 61,
  TRIG_LOOP: 60,
  TRIG_RESP: 59,
  M_TOOL: 58,
  M_LOOP: 57,
  M_RESP: 56,
};
const PATH_LIMIT = 56;
/** Head dimension used for query/key: pair 15, the slowest RoPE frequency. */
const QK_DIM = 30;

interface Plan {
  /** token → [next token, weight] */
  next: Map<number, [number, number]>;
  channel: Map<number, number>;
}

/** In a spelling template, a place where JSON allows a space (the server's grammar does too). */
const MAY_SPACE = '\u0000';
/** A place where an optional newline may go (around the JSON inside `<tool_call>…</tool_call>`). */
const MAY_NEWLINE = '\u0001';

/**
 * Spells `text` with ordinary tokens none of which the plan uses yet, longest pieces first; at each
 * MAY_SPACE the spelling may put one space or none. Bigrams need every path token to be unique, and
 * JSON repeats `":` and `", "`: the optional spaces give the search other pieces to use.
 */
function uniquePieces(vocab: TinyVocab, text: string, taken: Set<number>): number[] {
  const slots = [...text];
  let budget = 200_000;
  /** Pieces starting at slot `from`: [spelling, next slot], longest first. */
  const candidates = (from: number): [string, number][] => {
    const out: [string, number][] = [];
    const grow = (at: number, piece: string) => {
      if (piece.length > 0) out.push([piece, at]);
      if (at === slots.length || piece.length >= 12) return;
      const slot = slots[at]!;
      if (slot === MAY_SPACE || slot === MAY_NEWLINE) {
        grow(at + 1, piece);
        grow(at + 1, `${piece}${slot === MAY_SPACE ? ' ' : '\n'}`);
      } else {
        grow(at + 1, piece + slot);
      }
    };
    grow(from, '');
    return out.sort((a, b) => b[0].length - a[0].length);
  };
  const walk = (from: number): number[] | undefined => {
    if (from === slots.length) return [];
    if (--budget < 0) return undefined;
    for (const [piece, end] of candidates(from)) {
      const id = vocab.normal.get(byteLevel(piece));
      if (id === undefined || taken.has(id)) continue;
      taken.add(id);
      const rest = walk(end);
      if (rest) return [id, ...rest];
      taken.delete(id);
    }
    return undefined;
  };
  const pieces = walk(0);
  if (!pieces)
    throw new Error(`tiny model: cannot spell (budget ${budget}) ${JSON.stringify(text)} with unused tokens`);
  return pieces;
}

/** Compact JSON as a spelling template: a space may go before and after every `{}[]:,` outside strings. */
function jsonTemplate(value: unknown): string {
  let out = '';
  let inString = false;
  let escaped = false;
  for (const char of JSON.stringify(value)) {
    if (inString) {
      out += char;
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      out += char;
      inString = true;
    } else {
      out += `${MAY_SPACE}${char}${MAY_SPACE}`;
    }
  }
  return out.replaceAll(`${MAY_SPACE}${MAY_SPACE}`, MAY_SPACE);
}

function buildPlan(vocab: TinyVocab, kind: TinyModelKind): { plan: Plan; first: Map<string, number> } {
  const plan: Plan = { next: new Map(), channel: new Map() };
  const newline = vocab.id(byteLevel('\n'));
  const end = vocab.id('<|im_end|>');
  const taken = new Set<number>([newline, end]);
  const first = new Map<string, number>();
  /** A path: special tokens given by name, text spelled with unused ordinary tokens; ends in <|im_end|> unless it loops. */
  const addPath = (name: string, parts: ({ special: string } | string)[], loop = false) => {
    const ids = parts.flatMap((part) => {
      if (typeof part === 'string') return uniquePieces(vocab, part, taken);
      const id = vocab.id(part.special);
      if (taken.has(id)) throw new Error(`tiny model: ${part.special} used twice`);
      taken.add(id);
      return [id];
    });
    first.set(name, ids[0]!);
    ids.forEach((id, index) => {
      const following = ids[index + 1] ?? (loop ? id : end);
      plan.next.set(id, [following, 6 * S]);
    });
  };
  if (kind === 'stuck') {
    const open = `\n${MAY_NEWLINE}${jsonTemplate({ name: 'shell', arguments: { command: ['X'] } }).split('X')[0]}`;
    addPath('plain', [{ special: '<tool_call>' }, open, ANSWERS.endlessPiece], true);
    plan.next.set(newline, [first.get('plain')!, S]);
    return { plan: withChannels(plan), first };
  }
  if (kind === 'qwen3') {
    addPath('plain', [{ special: '<think>' }, ANSWERS.reasoning, { special: '</think>' }, ANSWERS.plain]);
  } else {
    addPath('plain', [ANSWERS.plain]);
  }
  // The server's grammar and parser want `<tool_call>\n`; the bare "\n" token is the branch token, so
  // the spelling starts with another newline token ("\n\n" or "\n ", which the grammar's space allows).
  const command = kind === 'worker' ? ANSWERS.workerCommand : ANSWERS.toolCommand;
  const toolCallBody = `\n${MAY_NEWLINE}${jsonTemplate({ name: 'shell', arguments: { command } })}${MAY_NEWLINE}`;
  addPath('tool', [{ special: '<tool_call>' }, toolCallBody, { special: '</tool_call>' }]);
  addPath('resp', [ANSWERS.afterToolResult]);
  if (kind !== 'worker') addPath('loop', [ANSWERS.endlessPiece], true);
  plan.next.set(newline, [first.get('plain')!, S]);
  return { plan: withChannels(plan), first };
}

/** Gives every path token its own residual channel. */
function withChannels(plan: Plan): Plan {
  let channel = 0;
  for (const token of plan.next.keys()) {
    if (channel >= PATH_LIMIT) throw new Error('tiny model: too many path tokens for 64 channels');
    plan.channel.set(token, channel++);
  }
  return plan;
}

function matrix(rows: number, columns: number): Float32Array {
  return new Float32Array(rows * columns);
}

/** Row-major [out][in]: ggml dims {in, out}. */
function set(weights: Float32Array, inputs: number, out: number, input: number, value: number): void {
  weights[out * inputs + input] = value;
}

function weights(vocab: TinyVocab, kind: TinyModelKind): GgufTensor[] {
  const nVocab = vocab.tokens.length;
  const { plan, first } = buildPlan(vocab, kind);
  const embedding = matrix(nVocab, N_EMBD);
  const output = matrix(nVocab, N_EMBD);
  for (let token = 0; token < nVocab; token++) {
    set(embedding, N_EMBD, token, CH.BIAS, 1);
    set(embedding, N_EMBD, token, plan.channel.get(token) ?? CH.DEFAULT, 1);
  }
  set(embedding, N_EMBD, vocab.id(byteLevel(TRIGGERS.toolCall)), CH.TRIG_TOOL, 1);
  set(embedding, N_EMBD, vocab.id(byteLevel(TRIGGERS.endless)), CH.TRIG_LOOP, 1);
  // The worker goes on after a tool result: only its stop word and ossa's compaction prompt end a call chain.
  const respTriggers =
    kind === 'worker'
      ? [vocab.id(byteLevel(TRIGGERS.workerDone)), vocab.id(byteLevel(TRIGGERS.summaryPrompt))]
      : [vocab.id('<tool_response>')];
  for (const token of respTriggers) set(embedding, N_EMBD, token, CH.TRIG_RESP, 1);
  for (const [token, [following, weight]] of plan.next) {
    set(output, N_EMBD, following, plan.channel.get(token)!, weight);
  }
  set(output, N_EMBD, vocab.id('<|im_end|>'), CH.DEFAULT, 6 * S);
  const modes: [string, number, number][] = [
    ['tool', CH.M_TOOL, 2 * S],
    ['resp', CH.M_RESP, 3 * S],
    ['loop', CH.M_LOOP, 4 * S],
  ];
  for (const [path, mode, weight] of modes) {
    const token = first.get(path);
    if (token !== undefined) set(output, N_EMBD, token, mode, weight);
  }

  // Attention. Head h's dims are h*32…h*32+31. Scores ≈ 4·4·‖norm‖ ≈ 74 on a trigger, 0 elsewhere;
  // the value 1/4.62 undoes the RMS norm of a trigger token's embedding (3 channels of 1).
  const q = matrix(N_EMBD, N_EMBD);
  const k = matrix(N_EMBD, N_EMBD);
  const v = matrix(N_EMBD, N_EMBD);
  const o = matrix(N_EMBD, N_EMBD);
  const value = 1 / Math.sqrt(N_EMBD / 3);
  const detectors: [number, number, number, number][] = [
    // head, value dim within the head, trigger channel, mode channel
    [0, 0, CH.TRIG_TOOL, CH.M_TOOL],
    [0, 1, CH.TRIG_LOOP, CH.M_LOOP],
    [1, 0, CH.TRIG_RESP, CH.M_RESP],
  ];
  for (const head of [0, 1]) set(q, N_EMBD, head * HEAD_DIM + QK_DIM, CH.BIAS, 4);
  for (const [head, dim, trigger, mode] of detectors) {
    set(k, N_EMBD, head * HEAD_DIM + QK_DIM, trigger, 4);
    set(v, N_EMBD, head * HEAD_DIM + dim, trigger, value);
    set(o, N_EMBD, mode, head * HEAD_DIM + dim, 1);
  }
  const ones = new Float32Array(N_EMBD).fill(1);
  const f16 = (name: string, dims: number[], data: Float32Array): GgufTensor => ({
    name,
    dims,
    type: TensorType.F16,
    data,
  });
  const f32 = (name: string, data: Float32Array): GgufTensor => ({
    name,
    dims: [data.length],
    type: TensorType.F32,
    data,
  });
  return [
    f16('token_embd.weight', [N_EMBD, nVocab], embedding),
    f32('output_norm.weight', ones),
    f16('output.weight', [N_EMBD, nVocab], output),
    f32('blk.0.attn_norm.weight', ones),
    f16('blk.0.attn_q.weight', [N_EMBD, N_EMBD], q),
    f16('blk.0.attn_k.weight', [N_EMBD, N_EMBD], k),
    f16('blk.0.attn_v.weight', [N_EMBD, N_EMBD], v),
    f16('blk.0.attn_output.weight', [N_EMBD, N_EMBD], o),
    f32('blk.0.ffn_norm.weight', ones),
    f16('blk.0.ffn_gate.weight', [N_EMBD, N_FF], matrix(N_FF, N_EMBD)),
    f16('blk.0.ffn_up.weight', [N_EMBD, N_FF], matrix(N_FF, N_EMBD)),
    f16('blk.0.ffn_down.weight', [N_FF, N_EMBD], matrix(N_EMBD, N_FF)),
  ];
}

export interface TinyModelOptions {
  kind: TinyModelKind;
  name: string;
  chatTemplate: string;
  /** Trained context (llama.context_length); the server's default window. */
  contextLength: number;
}

/** The GGUF file of a tiny model. */
export function buildTinyModel(vocab: TinyVocab, options: TinyModelOptions): Buffer {
  const u32 = (value: number): GgufValue => ({ type: GgufType.UINT32, value });
  const f32 = (value: number): GgufValue => ({ type: GgufType.FLOAT32, value });
  const str = (value: string): GgufValue => ({ type: GgufType.STRING, value });
  const metadata = new Map<string, GgufValue>([
    ['general.architecture', str('llama')],
    ['general.name', str(options.name)],
    ['general.file_type', u32(1)],
    ['llama.vocab_size', u32(vocab.tokens.length)],
    ['llama.context_length', u32(options.contextLength)],
    ['llama.embedding_length', u32(N_EMBD)],
    ['llama.block_count', u32(1)],
    ['llama.feed_forward_length', u32(N_FF)],
    ['llama.attention.head_count', u32(2)],
    ['llama.attention.head_count_kv', u32(2)],
    ['llama.rope.dimension_count', u32(HEAD_DIM)],
    ['llama.rope.freq_base', f32(1e30)],
    ['llama.attention.layer_norm_rms_epsilon', f32(1e-6)],
    ...vocab.metadata('<|im_end|>'),
    ['tokenizer.chat_template', str(options.chatTemplate)],
  ]);
  return writeGguf(metadata, weights(vocab, options.kind));
}
