// llama.cpp's `llama-server`: /props (server settings, including the context window each slot
// really has). Its /v1/models is the OpenAI-compatible list (openai-models.ts).
import { z } from 'zod';
import { requestJson } from './http.js';
import { joinUrl } from './server-root.js';

export interface LlamaCppProps {
  /** Context window per slot (`default_generation_settings.n_ctx`; top-level `n_ctx` in some builds). */
  nCtx?: number;
  totalSlots?: number;
  modelPath?: string;
}

const propsSchema = z.object({
  default_generation_settings: z.object({ n_ctx: z.number().nullish() }).nullish(),
  n_ctx: z.number().nullish(),
  total_slots: z.number().nullish(),
  model_path: z.string().nullish(),
});

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

  async props(signal?: AbortSignal): Promise<LlamaCppProps> {
    const body = await requestJson(joinUrl(this.root, '/props'), propsSchema, {
      timeoutMs: this.timeoutMs,
      signal,
      ...(this.headers ? { headers: this.headers } : {}),
    });
    const nCtx = body.default_generation_settings?.n_ctx ?? body.n_ctx ?? undefined;
    return {
      ...(nCtx ? { nCtx } : {}),
      ...(body.total_slots ? { totalSlots: body.total_slots } : {}),
      ...(body.model_path ? { modelPath: body.model_path } : {}),
    };
  }
}
