import { afterEach, describe, expect, it } from 'vitest';
import type { FakeHttpServer } from '../../test/kit/fake-http-server.js';
import { startFakeLlamaCpp } from '../../test/kit/fake-llamacpp-server.js';
import { startFakeLmStudio } from '../../test/kit/fake-lmstudio-server.js';
import { startFakeOllama } from '../../test/kit/fake-ollama-server.js';
import { detectContextWindow } from './context-window.js';

const servers: FakeHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function track<T extends FakeHttpServer>(server: Promise<T>): Promise<T> {
  const started = await server;
  servers.push(started);
  return started;
}

describe('detectContextWindow', () => {
  it('Ollama: the loaded window from /api/ps wins over the Modelfile', async () => {
    const ollama = await track(
      startFakeOllama({ models: [{ name: 'm:1', numCtx: 8192, trainedContext: 131072 }], loaded: ['m:1'] }),
    );
    ollama.running.set('m:1', 16384);
    const info = await detectContextWindow({ providerId: 'ollama', baseUrl: ollama.baseUrl, model: 'm:1' });
    expect(info).toMatchObject({
      value: 16384,
      source: 'ollama /api/ps',
      trainedMax: 131072,
      serverKind: 'ollama',
    });
  });

  it('Ollama: num_ctx from /api/show when the model is not loaded', async () => {
    const ollama = await track(
      startFakeOllama({ models: [{ name: 'm:1', numCtx: 65536, trainedContext: 131072 }] }),
    );
    const info = await detectContextWindow({ providerId: 'ollama', baseUrl: ollama.baseUrl, model: 'm:1' });
    expect(info).toMatchObject({ value: 65536, source: 'ollama /api/show num_ctx' });
  });

  it('Ollama: without num_ctx it assumes the smallest server default and says so', async () => {
    const ollama = await track(startFakeOllama({ models: [{ name: 'm:1', trainedContext: 131072 }] }));
    const info = await detectContextWindow({
      providerId: 'ollama',
      baseUrl: ollama.baseUrl,
      model: 'm:1',
      configured: 131072,
    });
    expect(info.value).toBe(4096);
    expect(info.source).toBe('ollama default (OLLAMA_CONTEXT_LENGTH unknown)');
    expect(info.note).toContain('OLLAMA_CONTEXT_LENGTH');
    expect(info.note).toContain('model_context_window = 131072 in config');
  });

  it('Ollama: load: true loads the model and reads the real window', async () => {
    const ollama = await track(
      startFakeOllama({ models: [{ name: 'm:1', trainedContext: 131072 }], defaultContext: 32768 }),
    );
    const info = await detectContextWindow({
      providerId: 'ollama',
      baseUrl: ollama.baseUrl,
      model: 'm:1',
      load: true,
    });
    expect(info).toMatchObject({ value: 32768, source: 'ollama /api/ps' });
    expect(ollama.requests.some((request) => request.path === '/api/generate')).toBe(true);
  });

  it('LM Studio: the loaded instance’s context length (v1 and v0 APIs)', async () => {
    for (const api of ['v1', 'v0'] as const) {
      const lmstudio = await track(
        startFakeLmStudio({
          api,
          models: [{ id: 'openai/gpt-oss-20b', loadedContext: 8192, maxContext: 131072 }],
        }),
      );
      const info = await detectContextWindow({
        providerId: 'lmstudio',
        baseUrl: lmstudio.baseUrl,
        model: 'openai/gpt-oss-20b',
      });
      expect(info, api).toMatchObject({
        value: 8192,
        source: 'lmstudio loaded_context_length',
        trainedMax: 131072,
        supportsTools: true,
      });
    }
  });

  it('LM Studio: an unloaded model has no window yet; config fills in', async () => {
    const lmstudio = await track(startFakeLmStudio({ models: [{ id: 'q', maxContext: 32768 }] }));
    const unknown = await detectContextWindow({
      providerId: 'lmstudio',
      baseUrl: lmstudio.baseUrl,
      model: 'q',
    });
    expect(unknown).toMatchObject({ source: 'unknown', trainedMax: 32768 });
    expect(unknown.value).toBeUndefined();
    const configured = await detectContextWindow({
      providerId: 'lmstudio',
      baseUrl: lmstudio.baseUrl,
      model: 'q',
      configured: 20000,
    });
    expect(configured).toMatchObject({ value: 20000, source: 'config model_context_window' });
  });

  it('llama.cpp: /props n_ctx, identified without being told', async () => {
    const llama = await track(
      startFakeLlamaCpp({ contextLength: 16384, trainedContext: 131072, model: 'qwen' }),
    );
    const info = await detectContextWindow({
      providerId: 'local-llama',
      baseUrl: llama.baseUrl,
      model: 'qwen',
    });
    expect(info).toMatchObject({
      value: 16384,
      source: 'llama.cpp /props n_ctx',
      serverKind: 'llamacpp',
      trainedMax: 131072,
    });
  });

  it('vLLM: max_model_len', async () => {
    const vllm = await track(
      startFakeLlamaCpp({ flavour: 'vllm', contextLength: 32768, model: 'Qwen/Qwen3-8B' }),
    );
    const info = await detectContextWindow({
      providerId: 'vllm',
      baseUrl: vllm.baseUrl,
      model: 'Qwen/Qwen3-8B',
    });
    expect(info).toMatchObject({ value: 32768, source: 'vllm max_model_len', serverKind: 'vllm' });
  });

  it('falls back to config when nothing answers', async () => {
    const gone = await startFakeOllama();
    await gone.close();
    const info = await detectContextWindow({
      providerId: 'custom',
      baseUrl: gone.baseUrl,
      model: 'x',
      configured: 65536,
      timeoutMs: 300,
    });
    expect(info).toEqual({ value: 65536, source: 'config model_context_window' });
  });
});

describe('llama.cpp in router mode (--models-dir), issue 13 defect 6', () => {
  it('reads the window from /props?model=NAME: its own /props says n_ctx 0', async () => {
    const { startFakeHttpServer } = await import('../../test/kit/fake-http-server.js');
    const router = await track(
      startFakeHttpServer((request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        if (request.path === '/props' && request.search === '?model=tiny') {
          response.end(JSON.stringify({ default_generation_settings: { n_ctx: 65536 }, total_slots: 1 }));
        } else if (request.path === '/props') {
          // What llama-server 80fb11a answers in router mode.
          response.end(
            '{"role":"router","max_instances":4,"models_autoload":true,"model_alias":"llama-server","model_path":"none","default_generation_settings":{"params":null,"n_ctx":0}}',
          );
        } else {
          response.end('{"data":[{"id":"tiny","object":"model","owned_by":"llamacpp"}]}');
        }
      }),
    );
    const info = await detectContextWindow({
      providerId: 'llamacpp',
      serverKind: 'llamacpp',
      baseUrl: `${router.root}/v1`,
      model: 'tiny',
    });
    expect(info).toMatchObject({ value: 65536, source: 'llama.cpp /props n_ctx' });
    expect(router.requests.map((request) => request.path + request.search)).toContain('/props?model=tiny');
  });
});
