// A fake llama.cpp `llama-server` on 127.0.0.1: /health, /props (default_generation_settings.n_ctx,
// total_slots), /v1/models (with meta.n_ctx_train) and the model wires. A fake vLLM is the same
// server with `flavour: 'vllm'`: no /props, and /v1/models entries carry `max_model_len`.
import type { ServerResponse } from 'node:http';
import { type FakeHttpServer, type FakeRequest, sendJson, startFakeHttpServer } from './fake-http-server.js';
import { answerModelWire, type FakeWireOptions } from './fake-model-wire.js';

export interface FakeLlamaCppOptions extends FakeWireOptions {
  flavour?: 'llamacpp' | 'vllm' | 'generic';
  model?: string;
  /** Window per slot (llama.cpp) or max_model_len (vLLM). Default 65536. */
  contextLength?: number;
  trainedContext?: number;
  slots?: number;
}

export interface FakeLlamaCpp extends FakeHttpServer {
  baseUrl: string;
}

export async function startFakeLlamaCpp(options: FakeLlamaCppOptions = {}): Promise<FakeLlamaCpp> {
  const flavour = options.flavour ?? 'llamacpp';
  const model = options.model ?? 'local-model';
  const contextLength = options.contextLength ?? 65536;

  // llama-server calls a Responses reply cut by its token cap `completed` (chat says `length`).
  const wireOptions: FakeWireOptions =
    flavour === 'llamacpp' ? { ...options, cutOff: { responses: 'completed', ...options.cutOff } } : options;
  const handler = async (request: FakeRequest, response: ServerResponse) => {
    const key = `${request.method} ${request.path}`;
    if (flavour === 'llamacpp' && key === 'GET /health') return sendJson(response, 200, { status: 'ok' });
    if (flavour === 'llamacpp' && key === 'GET /props') {
      return sendJson(response, 200, {
        default_generation_settings: { n_ctx: contextLength, params: { temperature: 0.8 } },
        total_slots: options.slots ?? 1,
        model_path: `/models/${model}.gguf`,
        chat_template: '{{ messages }}',
        build_info: 'b6000-fake',
      });
    }
    if (key === 'GET /v1/models') {
      const entry: Record<string, unknown> = { id: model, object: 'model', created: 0 };
      if (flavour === 'llamacpp') {
        entry.owned_by = 'llamacpp';
        entry.meta = { n_ctx_train: options.trainedContext ?? 131072, n_params: 20_000_000_000 };
      }
      if (flavour === 'vllm') {
        entry.owned_by = 'vllm';
        entry.max_model_len = contextLength;
      }
      return sendJson(response, 200, { object: 'list', data: [entry] });
    }
    if (await answerModelWire(request, response, wireOptions, (name) => name === model)) return;
    sendJson(response, 404, { error: { code: 404, message: 'File Not Found', type: 'not_found_error' } });
  };

  const server = await startFakeHttpServer(handler);
  return { ...server, baseUrl: `${server.root}/v1` };
}
