// Ollama's own REST API (https://docs.ollama.com/api): version, installed models (/api/tags),
// model details (/api/show), loaded models (/api/ps), pull and create with NDJSON progress, and
// loading a model (an empty /api/generate). Schemas are lenient: every field is optional except
// the few this client cannot work without.
import * as z from '../protocol/zod.js';
import { BackendProtocolError, requestJson, requestStream } from './http.js';
import { readNdjson } from './ndjson.js';
import { joinUrl } from './server-root.js';

export interface OllamaModelSummary {
  name: string;
  sizeBytes?: number;
  digest?: string;
  family?: string;
  parameterSize?: string;
  quantization?: string;
}

export interface OllamaShow {
  /** Modelfile PARAMETER lines as Ollama prints them: `num_ctx 65536\nstop "<|end|>"`. */
  parameters?: string;
  /** GGUF metadata: `general.architecture`, `<arch>.context_length`, `<arch>.block_count` … */
  modelInfo: Record<string, unknown>;
  /** `completion`, `tools`, `thinking`, `vision`, `insert` … (Ollama 0.6.4 and later). */
  capabilities: string[];
  family?: string;
  parameterSize?: string;
  quantization?: string;
}

export interface OllamaRunningModel {
  name: string;
  /** The context window the loaded instance was created with (Ollama 0.11 and later). */
  contextLength?: number;
  sizeBytes?: number;
  sizeVramBytes?: number;
}

/** One line of pull/create progress. `total`/`completed` are bytes of the layer `digest`. */
export interface OllamaProgress {
  status: string;
  digest?: string;
  total?: number;
  completed?: number;
}

const detailsSchema = z.nullish(
  z.object({
    family: z.nullish(z.string()),
    parameter_size: z.nullish(z.string()),
    quantization_level: z.nullish(z.string()),
  }),
);

const tagsSchema = z.object({
  models: z.nullish(
    z.array(
      z.object({
        name: z.nullish(z.string()),
        model: z.nullish(z.string()),
        size: z.nullish(z.number()),
        digest: z.nullish(z.string()),
        details: detailsSchema,
      }),
    ),
  ),
});

const showSchema = z.object({
  parameters: z.nullish(z.string()),
  model_info: z.nullish(z.record(z.string(), z.unknown())),
  capabilities: z.nullish(z.array(z.string())),
  details: detailsSchema,
});

const psSchema = z.object({
  models: z.nullish(
    z.array(
      z.object({
        name: z.nullish(z.string()),
        model: z.nullish(z.string()),
        size: z.nullish(z.number()),
        size_vram: z.nullish(z.number()),
        context_length: z.nullish(z.number()),
      }),
    ),
  ),
});

const progressSchema = z.object({
  status: z.nullish(z.string()),
  digest: z.nullish(z.string()),
  total: z.nullish(z.number()),
  completed: z.nullish(z.number()),
  error: z.nullish(z.string()),
});

/** Ollama reports a failure in the middle of a stream as a `{"error": "…"}` line. */
export class OllamaStreamError extends BackendProtocolError {
  declare readonly serverMessage: string;
  constructor(url: string, serverMessage: string) {
    super(url, serverMessage, serverMessage);
    this.message = `Ollama reported an error: ${serverMessage}`;
  }
}

export interface OllamaClientOptions {
  /** Timeout for quick JSON calls, ms. Default 3000. */
  timeoutMs?: number;
  /** Longest silence in a pull/create progress stream, ms. Default 120000. */
  streamIdleTimeoutMs?: number;
}

export class OllamaClient {
  readonly root: string;
  private readonly timeoutMs: number;
  private readonly streamIdleTimeoutMs: number;

  constructor(root: string, options: OllamaClientOptions = {}) {
    this.root = root; // a server root (serverRoot): no trailing slash
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.streamIdleTimeoutMs = options.streamIdleTimeoutMs ?? 120_000;
  }

  url(path: string): string {
    return joinUrl(this.root, path);
  }

  async version(signal?: AbortSignal): Promise<string> {
    const body = await requestJson(this.url('/api/version'), z.object({ version: z.string() }), {
      timeoutMs: this.timeoutMs,
      signal,
    });
    return body.version;
  }

  async tags(signal?: AbortSignal): Promise<OllamaModelSummary[]> {
    const body = await requestJson(this.url('/api/tags'), tagsSchema, { timeoutMs: this.timeoutMs, signal });
    return (body.models ?? []).flatMap((entry) => {
      const name = entry.name ?? entry.model;
      if (!name) return [];
      return [
        {
          name,
          ...(entry.size != null ? { sizeBytes: entry.size } : {}),
          ...(entry.digest ? { digest: entry.digest } : {}),
          ...(entry.details?.family ? { family: entry.details.family } : {}),
          ...(entry.details?.parameter_size ? { parameterSize: entry.details.parameter_size } : {}),
          ...(entry.details?.quantization_level ? { quantization: entry.details.quantization_level } : {}),
        },
      ];
    });
  }

  async show(model: string, signal?: AbortSignal): Promise<OllamaShow> {
    const body = await requestJson(this.url('/api/show'), showSchema, {
      body: { model },
      timeoutMs: this.timeoutMs,
      signal,
    });
    return {
      ...(body.parameters ? { parameters: body.parameters } : {}),
      modelInfo: body.model_info ?? {},
      capabilities: body.capabilities ?? [],
      ...(body.details?.family ? { family: body.details.family } : {}),
      ...(body.details?.parameter_size ? { parameterSize: body.details.parameter_size } : {}),
      ...(body.details?.quantization_level ? { quantization: body.details.quantization_level } : {}),
    };
  }

  async ps(signal?: AbortSignal): Promise<OllamaRunningModel[]> {
    const body = await requestJson(this.url('/api/ps'), psSchema, { timeoutMs: this.timeoutMs, signal });
    return (body.models ?? []).flatMap((entry) => {
      const name = entry.name ?? entry.model;
      if (!name) return [];
      return [
        {
          name,
          ...(entry.context_length ? { contextLength: entry.context_length } : {}),
          ...(entry.size != null ? { sizeBytes: entry.size } : {}),
          ...(entry.size_vram != null ? { sizeVramBytes: entry.size_vram } : {}),
        },
      ];
    });
  }

  /** Downloads `model`; yields progress until `success`. Abort `signal` to cancel. */
  pull(model: string, signal?: AbortSignal): AsyncGenerator<OllamaProgress> {
    return this.progressStream('/api/pull', { model, stream: true }, signal);
  }

  /**
   * Creates `model` from the installed model `from` with extra Modelfile parameters (what
   * `FROM x` + `PARAMETER num_ctx N` + `ollama create` does). No weights are copied.
   */
  create(
    request: { model: string; from: string; parameters: Record<string, number | string> },
    signal?: AbortSignal,
  ): AsyncGenerator<OllamaProgress> {
    return this.progressStream('/api/create', { ...request, stream: true }, signal);
  }

  /** Loads `model` into memory (an empty generate request), so /api/ps shows its real window. */
  async load(model: string, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<void> {
    await requestJson(this.url('/api/generate'), z.looseObject({}), {
      body: { model, prompt: '', stream: false },
      timeoutMs: options.timeoutMs ?? 300_000,
      signal: options.signal,
    });
  }

  private async *progressStream(
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): AsyncGenerator<OllamaProgress> {
    const url = this.url(path);
    const response = await requestStream(url, { body, timeoutMs: 30_000, signal });
    for await (const line of readNdjson(response, { url, idleTimeoutMs: this.streamIdleTimeoutMs, signal })) {
      const parsed = progressSchema.safeParse(line);
      if (!parsed.success) throw new BackendProtocolError(url, 'a progress line has an unexpected shape');
      if (parsed.data.error) throw new OllamaStreamError(url, parsed.data.error);
      yield {
        status: parsed.data.status ?? '',
        ...(parsed.data.digest ? { digest: parsed.data.digest } : {}),
        ...(parsed.data.total != null ? { total: parsed.data.total } : {}),
        ...(parsed.data.completed != null ? { completed: parsed.data.completed } : {}),
      };
    }
  }
}

/** Ollama treats `llama3` and `llama3:latest` as the same model. */
export function sameOllamaModel(a: string, b: string): boolean {
  const normalise = (name: string) => (name.includes(':') ? name : `${name}:latest`).toLowerCase();
  return normalise(a) === normalise(b);
}
