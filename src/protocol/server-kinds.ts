// The model servers ossa knows by name: the one table of their labels, default ports, how a person
// recognises a provider id as one of them, and how to start (or install) one. Discovery, `--oss`,
// `ossa models`, `ossa init`, `ossa doctor` and the model client's "nothing is listening" hint all
// read it, so they can never disagree.

import type { WireApi } from './provider.js';

export type ServerKind = 'ollama' | 'lmstudio' | 'llamacpp' | 'vllm' | 'mlx-lm' | 'openai-compatible';

/** The local servers `--oss` / `--local-provider` can choose (built-in providers). */
export const LOCAL_PROVIDERS = ['ollama', 'lmstudio'] as const;
export type LocalProviderId = (typeof LOCAL_PROVIDERS)[number];

/** The context window ossa asks local servers for when they offer less (64K). */
export const RECOMMENDED_CONTEXT_WINDOW = 65_536;

export interface ServerKindInfo {
  kind: ServerKind;
  label: string;
  /** Default port on this machine (undefined: none of its own). */
  defaultPort?: number;
  /** Provider ids that name this server (`ollama`, `my-llamacpp`, `lms` …). */
  providerIds?: RegExp;
  /** The command that starts it on `port`, for messages. */
  startCommand: (port: number) => string;
  installHint?: string;
  /** How it names itself in the HTTP `Server` response header (so one response tells who sent it). */
  serverHeader?: RegExp;
  /**
   * Statuses (of an HTTP answer, or the numeric `code` of an error inside a stream) this server
   * gives only when handling this very request failed: the same request fails the same way, so
   * the model client does not send it again.
   */
  requestFailureStatuses?: readonly number[];
  /**
   * Its Responses endpoint reports a reply cut by a token limit as `completed` with no
   * `incomplete_details`, but counts the end-of-turn token in `output_tokens` and streams one
   * delta per other token: a reply with as many deltas as output tokens never ended its turn.
   */
  responsesCutOffByTokenCount?: boolean;
  /**
   * `--oss` finds it on its default port and makes a provider for it on this wire (it has no
   * built-in provider); undefined: `--oss` does not look for it.
   */
  ossWire?: WireApi;
}

export const SERVER_KINDS: Record<ServerKind, ServerKindInfo> = {
  ollama: {
    kind: 'ollama',
    label: 'Ollama',
    defaultPort: 11434,
    providerIds: /ollama/i,
    startCommand: () => '`ollama serve` (or open the Ollama app)',
    installHint: 'install it from https://ollama.com/download',
  },
  lmstudio: {
    kind: 'lmstudio',
    label: 'LM Studio',
    defaultPort: 1234,
    providerIds: /lm-?studio|^lms$/i,
    startCommand: (port) =>
      `\`lms server start${port === 1234 ? '' : ` --port ${port}`}\` (or LM Studio → Developer → Start server)`,
    installHint: 'install it from https://lmstudio.ai/download',
  },
  llamacpp: {
    kind: 'llamacpp',
    label: 'llama.cpp server',
    defaultPort: 8080,
    providerIds: /llama[-_.]?cpp|llama-?server/i,
    startCommand: (port) =>
      `\`llama-server -m MODEL.gguf -c ${RECOMMENDED_CONTEXT_WINDOW} --jinja${port === 8080 ? '' : ` --port ${port}`}\``,
    serverHeader: /^llama\.cpp\b/i,
    // llama-server turns an exception while handling a request (the chat template, its parser of
    // the model's output: "does not match the expected … format", tool-call arguments that are not
    // JSON) into 500 server_error, in the body or inside the stream. Loading is 503, busy is 503.
    requestFailureStatuses: [500],
    responsesCutOffByTokenCount: true,
    // Errors and replies cut by a token limit are reported on the chat wire; its Responses
    // endpoint calls a cut reply `completed` (what `ossa init`'s probe finds too).
    ossWire: 'chat',
  },
  vllm: {
    kind: 'vllm',
    label: 'vLLM',
    defaultPort: 8000,
    providerIds: /vllm/i,
    startCommand: (port) =>
      `\`vllm serve MODEL --max-model-len ${RECOMMENDED_CONTEXT_WINDOW}${port === 8000 ? '' : ` --port ${port}`}\``,
    // Its Responses endpoint is newer than its chat one, which every version serves.
    ossWire: 'chat',
  },
  'mlx-lm': {
    kind: 'mlx-lm',
    label: 'MLX-LM server',
    defaultPort: 8888,
    providerIds: /mlx/i,
    startCommand: (port) => `\`mlx_lm.server --model MODEL --port ${port}\``,
  },
  'openai-compatible': {
    kind: 'openai-compatible',
    label: 'OpenAI-compatible server',
    startCommand: () => 'the server (then check the address in base_url)',
  },
};

/** The server a provider id names (`ollama`, `my-llamacpp` …), checked in table order. */
export function kindByProviderId(providerId: string): ServerKind | undefined {
  // Order matters: `ollama` is tested before llama.cpp's `llama` pattern.
  return Object.values(SERVER_KINDS).find((info) => info.providerIds?.test(providerId))?.kind;
}

/** The server an HTTP `Server` response header names (`llama.cpp`); undefined when none does. */
export function kindByServerHeader(header: string | undefined): ServerKind | undefined {
  if (!header) return undefined;
  return Object.values(SERVER_KINDS).find((info) => info.serverHeader?.test(header))?.kind;
}

/** The server that listens on `port` by default; undefined for any other port. */
export function kindByDefaultPort(port: number): ServerKind | undefined {
  return Object.values(SERVER_KINDS).find((info) => info.defaultPort === port)?.kind;
}
