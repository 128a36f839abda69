// llama.cpp's `llama-server`: /props (server settings, including the context window each slot
// really has). Its /v1/models is the OpenAI-compatible list (openai-models.ts).
import * as z from '../protocol/zod.js';
import { requestJson } from './http.js';
import { joinUrl } from './server-root.js';

export interface LlamaCppProps {
  /** Context window per slot (`default_generation_settings.n_ctx`; top-level `n_ctx` in some builds). */
  nCtx?: number;
  totalSlots?: number;
  modelPath?: string;
  /**
   * Router mode (`--models-dir` / `--models-preset`): it serves the models it lists, by name, each
   * in its own instance; its own /props has n_ctx 0 and `/props?model=NAME` has that model's.
   */
  router?: boolean;
  /**
   * The chat template takes tools and renders tool calls (`chat_template_caps.supports_tools` and
   * `supports_tool_calls`, which llama-server reads from the template); undefined: not reported.
   */
  supportsTools?: boolean;
}

const propsSchema = z.object({
  default_generation_settings: z.nullish(z.object({ n_ctx: z.nullish(z.number()) })),
  n_ctx: z.nullish(z.number()),
  total_slots: z.nullish(z.number()),
  model_path: z.nullish(z.string()),
  role: z.nullish(z.string()),
  chat_template_caps: z.nullish(z.record(z.string(), z.unknown())),
});

/** A router loading a model for `/props?model=` (a big GGUF from disk) may take this long. */
const LOAD_TIMEOUT_MS = 120_000;

export class LlamaCppClient {
  readonly root: string;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string> | undefined;

  /** `headers`: the provider's credentials (a server started with --api-key wants them on /props too). */
  constructor(root: string, options: { timeoutMs?: number; headers?: Record<string, string> } = {}) {
    this.root = root; // a server root (serverRoot): no trailing slash
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.headers = options.headers;
  }

  /** The server's /props; in router mode, `model`'s (`/props?model=NAME`, which starts it if need be). */
  async props(signal?: AbortSignal, model?: string): Promise<LlamaCppProps> {
    const own = await this.#props('/props', signal);
    if (own.role !== 'router') return own.props;
    if (!model) return { ...own.props, router: true };
    // The router starts the model's instance to answer, and the session needs it started anyway.
    const theirs = await this.#props(`/props?model=${encodeURIComponent(model)}`, signal, LOAD_TIMEOUT_MS);
    return { ...theirs.props, router: true };
  }

  async #props(
    path: string,
    signal: AbortSignal | undefined,
    timeoutMs = this.timeoutMs,
  ): Promise<{ role?: string; props: LlamaCppProps }> {
    const body = await requestJson(joinUrl(this.root, path), propsSchema, {
      timeoutMs,
      signal,
      ...(this.headers ? { headers: this.headers } : {}),
    });
    return toProps(body);
  }
}

/**
 * The settings in a /props answer somebody already has (identification asks for /props too).
 * A router's own /props says nothing about a model's window: undefined, so the model's is asked.
 */
export function readLlamaCppProps(body: unknown): LlamaCppProps | undefined {
  const parsed = propsSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const read = toProps(parsed.data);
  return read.role === 'router' ? undefined : read.props;
}

function toProps(body: z.infer<typeof propsSchema>): { role?: string; props: LlamaCppProps } {
  const nCtx = body.default_generation_settings?.n_ctx ?? body.n_ctx ?? undefined;
  return {
    ...(body.role ? { role: body.role } : {}),
    props: {
      ...(nCtx ? { nCtx } : {}),
      ...(body.total_slots ? { totalSlots: body.total_slots } : {}),
      ...(body.model_path ? { modelPath: body.model_path } : {}),
      ...toolSupport(body.chat_template_caps),
    },
  };
}

function toolSupport(caps: Record<string, unknown> | null | undefined): { supportsTools?: boolean } {
  const tools = caps?.supports_tools;
  const calls = caps?.supports_tool_calls;
  if (typeof tools !== 'boolean') return {};
  return { supportsTools: tools && calls !== false };
}
