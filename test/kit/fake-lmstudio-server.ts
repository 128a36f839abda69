// A fake LM Studio server on 127.0.0.1: the native REST API v1 (GET /api/v1/models with
// loaded_instances, POST /api/v1/models/load and /unload; LM Studio 0.4+), the v0 beta API
// (GET /api/v0/models with state and loaded_context_length), /v1/models and the model wires.
// `api: 'v0'` imitates LM Studio 0.3.x, which has no v1 API (and so no REST load) and answers
// every unknown endpoint with HTTP 200 and `{"error": "Unexpected endpoint or method. (…)"}`.
// `answers` replaces the body of any endpoint (a shape from some other version or a proxy).
import type { ServerResponse } from 'node:http';
import {
  type FakeHttpServer,
  type FakeRequest,
  field,
  sendJson,
  startFakeHttpServer,
} from './fake-http-server.js';
import { answerModelWire, type FakeWireOptions } from './fake-model-wire.js';

export interface FakeLmStudioModel {
  id: string;
  type?: string;
  maxContext?: number;
  /** Loaded at start with this context length. */
  loadedContext?: number;
  toolUse?: boolean;
}

export interface FakeLmStudioOptions extends FakeWireOptions {
  models?: FakeLmStudioModel[];
  api?: 'v1' | 'v0';
  /** HTTP 200 with this body for `METHOD /path` (e.g. `GET /api/v1/models`), instead of LM Studio's. */
  answers?: Record<string, unknown>;
  /** Context length of a load without one (and of just-in-time loads). Default 4096. */
  defaultLoadContext?: number;
}

export interface FakeLmStudio extends FakeHttpServer {
  baseUrl: string;
  models: Map<string, FakeLmStudioModel>;
}

export async function startFakeLmStudio(options: FakeLmStudioOptions = {}): Promise<FakeLmStudio> {
  const models = new Map<string, FakeLmStudioModel>();
  for (const model of options.models ?? []) models.set(model.id, { ...model });
  const defaultContext = options.defaultLoadContext ?? 4096;
  const v1 = (options.api ?? 'v1') === 'v1';

  const unexpectedEndpoint = (request: FakeRequest, response: ServerResponse): true => {
    sendJson(response, v1 ? 404 : 200, {
      error: `Unexpected endpoint or method. (${request.method} ${request.path})`,
    });
    return true;
  };
  const wireOptions: FakeWireOptions = { missingWire: unexpectedEndpoint, ...options };

  const handler = async (request: FakeRequest, response: ServerResponse) => {
    const key = `${request.method} ${request.path}`;
    if (options.answers && key in options.answers) return sendJson(response, 200, options.answers[key]);
    if (v1 && key === 'GET /api/v1/models') {
      return sendJson(response, 200, {
        models: [...models.values()].map((model) => ({
          type: model.type ?? 'llm',
          publisher: 'openai',
          key: model.id,
          display_name: model.id,
          architecture: 'gpt-oss',
          max_context_length: model.maxContext ?? 131072,
          loaded_instances: model.loadedContext
            ? [{ id: model.id, config: { context_length: model.loadedContext, flash_attention: true } }]
            : [],
          capabilities: { vision: false, trained_for_tool_use: model.toolUse ?? true },
        })),
      });
    }
    if (v1 && key === 'POST /api/v1/models/load') {
      const model = models.get(String(field(request.body, 'model')));
      if (!model)
        return sendJson(response, 404, {
          error: { message: `Model not found: ${String(field(request.body, 'model'))}` },
        });
      const requested = field(request.body, 'context_length');
      model.loadedContext = Math.min(
        typeof requested === 'number' ? requested : defaultContext,
        model.maxContext ?? 131072,
      );
      return sendJson(response, 200, {
        type: 'llm',
        instance_id: model.id,
        load_time_seconds: 1.5,
        status: 'loaded',
        ...(field(request.body, 'echo_load_config')
          ? { load_config: { context_length: model.loadedContext } }
          : {}),
      });
    }
    if (v1 && key === 'POST /api/v1/models/unload') {
      const model = models.get(String(field(request.body, 'instance_id')));
      if (!model) return sendJson(response, 404, { error: { message: 'No loaded instance with that id' } });
      delete model.loadedContext;
      return sendJson(response, 200, { instance_id: model.id });
    }
    if (key === 'GET /api/v0/models') {
      return sendJson(response, 200, {
        object: 'list',
        data: [...models.values()].map((model) => ({
          id: model.id,
          object: 'model',
          type: model.type ?? 'llm',
          publisher: 'openai',
          arch: 'gpt-oss',
          compatibility_type: 'gguf',
          quantization: 'MXFP4',
          state: model.loadedContext ? 'loaded' : 'not-loaded',
          max_context_length: model.maxContext ?? 131072,
          ...(model.loadedContext ? { loaded_context_length: model.loadedContext } : {}),
          capabilities: (model.toolUse ?? true) ? ['tool_use'] : [],
        })),
      });
    }
    if (key === 'GET /v1/models') {
      return sendJson(response, 200, {
        object: 'list',
        data: [...models.values()].map((model) => ({
          id: model.id,
          object: 'model',
          owned_by: 'organization_owner',
        })),
      });
    }
    const known = (name: string) => {
      const model = models.get(name);
      // LM Studio loads a model just in time on its first request, with the default context.
      if (model && !model.loadedContext) model.loadedContext = defaultContext;
      return model !== undefined;
    };
    if (await answerModelWire(request, response, wireOptions, known)) return;
    unexpectedEndpoint(request, response);
  };

  const server = await startFakeHttpServer(handler);
  return { ...server, baseUrl: `${server.root}/v1`, models };
}
