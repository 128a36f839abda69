// Built-in providers as data. Their ids are reserved: a config may not redefine them, only move
// the local ones with environment variables (see local-endpoints.ts) or `openai_base_url`.
import type { ProviderSettings } from '../protocol/provider.js';
import { RECOMMENDED_CONTEXT_WINDOW } from '../protocol/server-kinds.js';

export interface ProviderPreset
  extends Pick<ProviderSettings, 'id' | 'name' | 'baseUrl' | 'wireApi' | 'envKey' | 'envKeyInstructions'> {
  /** Model `--oss` uses when none is configured. */
  defaultOssModel?: string;
  /** False when the service refuses the model families' sampling settings (ProviderSettings). */
  familySampling?: false;
}

export const BUILT_IN_PROVIDERS = {
  openai: {
    id: 'openai',
    name: 'OpenAI',
    baseUrl: 'https://api.openai.com/v1',
    wireApi: 'responses',
    envKey: 'OPENAI_API_KEY',
    envKeyInstructions:
      'Create an API key at https://platform.openai.com/api-keys and export OPENAI_API_KEY=<key>.',
    // Its reasoning models refuse `temperature`; its own defaults are the right ones.
    familySampling: false,
  },
  ollama: {
    id: 'ollama',
    name: 'Ollama',
    baseUrl: 'http://localhost:11434/v1',
    wireApi: 'responses',
    defaultOssModel: 'gpt-oss:20b',
  },
  lmstudio: {
    id: 'lmstudio',
    name: 'LM Studio',
    baseUrl: 'http://localhost:1234/v1',
    wireApi: 'responses',
    defaultOssModel: 'openai/gpt-oss-20b',
  },
} as const satisfies Record<string, ProviderPreset>;

export type BuiltInProviderId = keyof typeof BUILT_IN_PROVIDERS;

export const RESERVED_PROVIDER_IDS: readonly BuiltInProviderId[] = ['openai', 'ollama', 'lmstudio'];

export function isBuiltInProvider(id: string): id is BuiltInProviderId {
  return (RESERVED_PROVIDER_IDS as readonly string[]).includes(id);
}

/** `min_context_window` when unset: the window agent work needs (64K). */
export const DEFAULT_MIN_CONTEXT_WINDOW = RECOMMENDED_CONTEXT_WINDOW;

export const PROVIDER_DEFAULTS = {
  requestMaxRetries: 4,
  streamMaxRetries: 5,
  streamIdleTimeoutMs: 300_000,
  /** Prompt prefill on a local CPU or small GPU can take minutes for a long prompt. */
  localFirstByteTimeoutMs: 600_000,
  remoteFirstByteTimeoutMs: 120_000,
  /** No model writes 8 MiB in one reply (128k output tokens are about 0.5 MiB). */
  streamMaxReplyBytes: 8 * 1024 * 1024,
  /** A server that keeps trickling data never hits the idle timeout; this ends the attempt. */
  streamMaxDurationMs: 3_600_000,
  chatReasoningField: 'reasoning_content',
} as const;

/** True when `baseUrl` points at this machine: localhost, 127.0.0.0/8, ::1 (or 0.0.0.0). */
export function isLocalUrl(baseUrl: string): boolean {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    host === '0.0.0.0' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}
