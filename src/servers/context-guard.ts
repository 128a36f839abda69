// Is the server's context window big enough for agent work? An agent's prompt (instructions,
// tool schemas, files read, command output) passes 20K tokens quickly; servers truncate silently
// beyond their window. Below the minimum (64K by default, `min_context_window`), ossa warns before
// the session starts and names the fix for that server.

import { formatTokens } from '../protocol/format-tokens.js';
import { RECOMMENDED_CONTEXT_WINDOW } from '../protocol/server-kinds.js';
import type { ContextWindowInfo } from './context-window.js';
import { describeKvCost } from './kv-cache.js';
import type { ServerKind } from './server-kind.js';

export const DEFAULT_MIN_CONTEXT_WINDOW = RECOMMENDED_CONTEXT_WINDOW;

export interface ContextCheckInput {
  info: ContextWindowInfo;
  model: string;
  /** Tokens; default DEFAULT_MIN_CONTEXT_WINDOW. */
  minimum?: number;
}

export interface ContextCheck {
  /** `ok`: at least the minimum; `small`: below it; `unknown`: nobody can say. */
  status: 'ok' | 'small' | 'unknown';
  minimum: number;
  /** The window ossa would ask for: the minimum, capped at the model's trained maximum. */
  target: number;
  /** The whole warning for people (undefined when ok). */
  message?: string;
  /** Concrete fixes for that server, most convenient first. */
  fixes: string[];
  /** KV-cache memory of `target`; only when the model's real attention shape is known. */
  memoryNote?: string;
  /** The model cannot reach the minimum at all (trained for less). */
  modelTooShort: boolean;
}

export function checkContextWindow(input: ContextCheckInput): ContextCheck {
  const minimum = input.minimum ?? DEFAULT_MIN_CONTEXT_WINDOW;
  const { info } = input;
  const target = info.trainedMax ? Math.min(minimum, info.trainedMax) : minimum;
  const modelTooShort = info.trainedMax !== undefined && info.trainedMax < minimum;
  // An estimate from made-up dimensions misleads (4 GiB for a 20M-parameter model): real shape or none.
  const memoryNote = info.architecture ? describeKvCost(target, info.architecture) : undefined;
  const fixes = fixesFor(info.serverKind, input.model, target, info.slots);
  if (info.value !== undefined && info.value >= minimum) {
    return { status: 'ok', minimum, target, fixes: [], memoryNote, modelTooShort };
  }
  if (info.value === undefined) {
    return {
      status: 'unknown',
      minimum,
      target,
      message: `ossa cannot tell the context window of ${input.model}${info.note ? ` (${info.note})` : ''}. If it is below ${formatTokens(minimum)} tokens ${overflowConsequence(info.serverKind)} Set model_context_window in config once you know it.`,
      fixes,
      memoryNote,
      modelTooShort,
    };
  }
  const lines = [
    `The context window of ${input.model} is ${info.value} tokens (${sourceText(info)}), below the ${minimum} ossa needs for agent work: ${overflowConsequence(info.serverKind)}`,
  ];
  if (modelTooShort) {
    lines.push(
      `The model itself was trained for only ${info.trainedMax} tokens; raise the window to ${info.trainedMax}, or choose a model with a longer context.`,
    );
  }
  if (fixes.length) lines.push('Fix:', ...fixes.map((fix) => `  - ${fix}`));
  if (memoryNote) lines.push(memoryNote);
  return { status: 'small', minimum, target, message: lines.join('\n'), fixes, memoryNote, modelTooShort };
}

function sourceText(info: ContextWindowInfo): string {
  return info.note && info.source.startsWith('ollama default') ? `${info.source}; ${info.note}` : info.source;
}

/** What happens when a conversation outgrows the window, per server. */
function overflowConsequence(kind: ServerKind | undefined): string {
  switch (kind) {
    case 'llamacpp':
      // llama-server answers HTTP 400 exceed_context_size_error (n_prompt_tokens, n_ctx), even with --context-shift.
      return 'llama-server refuses a request that does not fit (HTTP 400), so a longer session stops with an error.';
    case 'ollama':
      return 'Ollama drops the start of the conversation without saying so.';
    default:
      return 'the server either refuses the request or drops the start of the conversation.';
  }
}

function fixesFor(kind: ServerKind | undefined, model: string, target: number, slots?: number): string[] {
  switch (kind) {
    case 'ollama':
      return [
        `let ossa create ${derivedModelName(model, target)} (${model} with num_ctx ${target}; no weights copied): rerun with --yes or -c oss_fix_context=true`,
        `or restart the server with a larger default: OLLAMA_CONTEXT_LENGTH=${target} ollama serve`,
        `or by hand: a Modelfile with \`FROM ${model}\` and \`PARAMETER num_ctx ${target}\`, then \`ollama create ${derivedModelName(model, target)} -f Modelfile\``,
      ];
    case 'lmstudio':
      return [
        `let ossa reload it with context length ${target}: rerun with --yes or -c oss_fix_context=true`,
        `or: lms unload ${model} && lms load ${model} --context-length ${target}`,
        'or in LM Studio: My Models → the model → Context Length, then reload it',
      ];
    case 'llamacpp':
      // /props reports a slot's window and the slot count, not whether the KV cache is unified:
      // the default (auto) slot count shares one cache (each slot gets all of -c), an explicit
      // -np N without --kv-unified splits -c N ways. `-c target --kv-unified` is right either way.
      return slots && slots > 1
        ? [
            `restart llama-server with -c ${target} --kv-unified: each of its ${slots} slots can then use all of it`,
            `or, to keep ${slots} separate caches (-np ${slots} without --kv-unified, which splits -c between them), use -c ${target * slots}`,
          ]
        : [`restart llama-server with -c ${target}`];
    case 'vllm':
      return [`restart vLLM with --max-model-len ${target}`];
    case 'mlx-lm':
      return ['MLX-LM keeps what the model supports; set model_context_window in config to tell ossa.'];
    default:
      return [
        `configure the server for a window of at least ${target} tokens, then set model_context_window = ${target} in config`,
      ];
  }
}

/** `gpt-oss:20b` → `gpt-oss:20b-64k`; `llama3` → `llama3-64k`. */
export function derivedModelName(model: string, window: number): string {
  return `${model}-${formatTokens(window).toLowerCase()}`;
}
