// A fully resolved model provider: what config/ produces and model/ consumes. Plain data only,
// so model/ never has to import config/.

export type WireApi = 'responses' | 'chat';

export interface ProviderSettings {
  /** Key in `model_providers` (`openai`, `ollama`, `lmstudio` or a user id). */
  id: string;
  /** Display name. */
  name: string;
  /** OpenAI-compatible root, e.g. `http://localhost:11434/v1` (no trailing slash). */
  baseUrl: string;
  wireApi: WireApi;
  /** Environment variable that holds the API key, when configured. */
  envKey?: string;
  envKeyInstructions?: string;
  /** The key's value, resolved from `envKey` (or `experimental_bearer_token`). Never printed. */
  apiKey?: string;
  /** Static headers plus `env_http_headers` already resolved from the environment. */
  httpHeaders: Record<string, string>;
  queryParams: Record<string, string>;
  requestMaxRetries: number;
  streamMaxRetries: number;
  /** No SSE activity for this long means the stream is lost. */
  streamIdleTimeoutMs: number;
  /** Time allowed from sending the request until the first response byte (local prefill is slow). */
  firstByteTimeoutMs: number;
  /**
   * The most one reply may hold: text, tool-call arguments and reasoning together, in UTF-8 bytes.
   * A longer reply is cut off with an error; it also bounds one SSE line and a non-streamed body.
   */
  streamMaxReplyBytes: number;
  /** The longest one attempt may take, from sending the request to the end of the reply; 0: none. */
  streamMaxDurationMs: number;
  /** True when base_url points at this machine (localhost, 127.0.0.0/8, ::1). */
  isLocal: boolean;
  /** True for the built-in ids `openai`, `ollama`, `lmstudio`. */
  builtIn: boolean;
  /**
   * Chat wire: the assistant-message field reasoning is sent back in. Unset: not configured, so
   * the model family's choice applies, else `reasoning_content`.
   */
  chatReasoningField?: 'reasoning_content' | 'reasoning' | 'none';
  /**
   * False when the service rejects or ignores the model family's sampling settings (OpenAI's
   * reasoning models refuse `temperature`); unset means they are sent.
   */
  familySampling?: boolean;
}
