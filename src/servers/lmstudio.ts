// LM Studio's own REST API: the native v1 API (LM Studio 0.4 and later: GET /api/v1/models,
// POST /api/v1/models/load) and, for older versions, the v0 beta API (GET /api/v0/models, LM
// Studio 0.3.6 and later). Both are folded into one model shape. Which one a server speaks is
// decided by the answer's shape, not its status: LM Studio 0.3.x answers the v1 path with
// HTTP 200 and `{"error": "Unexpected endpoint or method. …"}`.
import { OssaError } from '../errors.js';
import * as z from '../protocol/zod.js';
import { BackendHttpError, BackendProtocolError, requestJson } from './http.js';
import { joinUrl } from './server-root.js';

export interface LmStudioModel {
  /** The model key used in requests (`openai/gpt-oss-20b`). */
  id: string;
  /** `llm`, `vlm`, `embedding(s)` … */
  type?: string;
  loaded: boolean;
  /** Ids of the loaded instances (v1 API; needed to unload). */
  instanceIds?: string[];
  /** Context window of the loaded instance (the one requests get). */
  loadedContextLength?: number;
  /** The model's maximum (trained) context length. */
  maxContextLength?: number;
  /** What LM Studio says about tool use; undefined when it says nothing. */
  supportsTools?: boolean;
}

const v1Schema = z.object({
  models: z.array(
    z.object({
      key: z.string(),
      type: z.nullish(z.string()),
      max_context_length: z.nullish(z.number()),
      loaded_instances: z.nullish(
        z.array(
          z.object({
            id: z.nullish(z.string()),
            config: z.nullish(z.object({ context_length: z.nullish(z.number()) })),
          }),
        ),
      ),
      capabilities: z.nullish(z.object({ trained_for_tool_use: z.nullish(z.boolean()) })),
    }),
  ),
});

const v0Schema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      type: z.nullish(z.string()),
      state: z.nullish(z.string()),
      max_context_length: z.nullish(z.number()),
      loaded_context_length: z.nullish(z.number()),
      // LM Studio 0.3.16+: ["tool_use"]
      capabilities: z.nullish(z.array(z.string())),
    }),
  ),
});

const loadSchema = z.object({
  status: z.nullish(z.string()),
  load_config: z.nullish(z.object({ context_length: z.nullish(z.number()) })),
});

export class LmStudioClient {
  readonly root: string;
  private readonly timeoutMs: number;

  constructor(root: string, options: { timeoutMs?: number } = {}) {
    this.root = root; // a server root (serverRoot): no trailing slash
    this.timeoutMs = options.timeoutMs ?? 3000;
  }

  url(path: string): string {
    return joinUrl(this.root, path);
  }

  /** Every downloaded model, loaded or not: the v1 API, else the v0 one, else an error naming both answers. */
  async listModels(signal?: AbortSignal): Promise<LmStudioModel[]> {
    let v1Problem: Error;
    try {
      return await this.listModelsV1(signal);
    } catch (error) {
      if (!isOtherApiVersion(error)) throw error;
      v1Problem = error;
    }
    try {
      return await this.listModelsV0(signal);
    } catch (error) {
      if (!isOtherApiVersion(error)) throw error;
      throw new LmStudioApiError(this.root, v1Problem, error);
    }
  }

  private async listModelsV1(signal?: AbortSignal): Promise<LmStudioModel[]> {
    const body = await requestJson(this.url('/api/v1/models'), v1Schema, this.options(signal));
    return body.models.map((entry) => {
      const instance = entry.loaded_instances?.[0];
      const loadedContextLength = instance?.config?.context_length ?? undefined;
      return {
        id: entry.key,
        ...(entry.type ? { type: entry.type } : {}),
        loaded: (entry.loaded_instances?.length ?? 0) > 0,
        instanceIds: (entry.loaded_instances ?? []).flatMap((item) => (item.id ? [item.id] : [])),
        ...(loadedContextLength ? { loadedContextLength } : {}),
        ...(entry.max_context_length ? { maxContextLength: entry.max_context_length } : {}),
        ...(entry.capabilities?.trained_for_tool_use != null
          ? { supportsTools: entry.capabilities.trained_for_tool_use }
          : {}),
      };
    });
  }

  private async listModelsV0(signal?: AbortSignal): Promise<LmStudioModel[]> {
    const body = await requestJson(this.url('/api/v0/models'), v0Schema, this.options(signal));
    return body.data.map((entry) => ({
      id: entry.id,
      ...(entry.type ? { type: entry.type } : {}),
      loaded: entry.state === 'loaded',
      ...(entry.loaded_context_length ? { loadedContextLength: entry.loaded_context_length } : {}),
      ...(entry.max_context_length ? { maxContextLength: entry.max_context_length } : {}),
      ...(entry.capabilities ? { supportsTools: entry.capabilities.includes('tool_use') } : {}),
    }));
  }

  /**
   * Loads `model` with `contextLength` through the v1 REST API. Throws BackendHttpError 404 on
   * LM Studio before 0.4 (no load endpoint): use the `lms` CLI there (lms-cli.ts).
   */
  async load(
    model: string,
    options: { contextLength?: number; signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<{ contextLength?: number }> {
    const body = await requestJson(this.url('/api/v1/models/load'), loadSchema, {
      ...this.options(options.signal),
      body: {
        model,
        ...(options.contextLength ? { context_length: options.contextLength } : {}),
        echo_load_config: true,
      },
      timeoutMs: options.timeoutMs ?? 600_000,
    });
    const contextLength = body.load_config?.context_length ?? undefined;
    return contextLength ? { contextLength } : {};
  }

  /** Unloads one loaded instance (v1 API). */
  async unload(instanceId: string, signal?: AbortSignal): Promise<void> {
    await requestJson(this.url('/api/v1/models/unload'), z.looseObject({}), {
      ...this.options(signal),
      body: { instance_id: instanceId },
      timeoutMs: 60_000,
    });
  }

  private options(signal: AbortSignal | undefined) {
    return { timeoutMs: this.timeoutMs, ...(signal ? { signal } : {}) };
  }
}

/**
 * The answer says "not this API version" (404/405, a 2xx error object, a body of another shape)
 * rather than "the server is down" or "the user cancelled": try the other version.
 */
export function isOtherApiVersion(error: unknown): error is BackendHttpError | BackendProtocolError {
  if (error instanceof BackendProtocolError) return true;
  return error instanceof BackendHttpError && (error.status === 404 || error.status === 405);
}

/** Neither of LM Studio's model-listing APIs gave a readable answer. */
export class LmStudioApiError extends OssaError {
  constructor(root: string, v1: Error, v0: Error) {
    super(
      `LM Studio at ${root} answered neither of its model APIs in a shape ossa reads — ${v1.message}; ${v0.message}. ` +
        'ossa reads LM Studio 0.3.6 and later (0.4 and later to load a model with a chosen context length): update LM Studio, or check that this port is LM Studio.',
      1,
    );
  }
}
