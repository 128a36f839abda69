import { afterEach, describe, expect, it } from 'vitest';
import { type FakeHttpServer, sendJson, startFakeHttpServer } from '../../test/kit/fake-http-server.js';
import { startFakeLlamaCpp } from '../../test/kit/fake-llamacpp-server.js';
import { llamaCppTimings, serverVersion } from './server-facts.js';

let servers: FakeHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

describe('server facts', () => {
  it('llama.cpp: the build from /props; vLLM without /version: undefined, not an error', async () => {
    const llama = await startFakeLlamaCpp();
    const vllm = await startFakeLlamaCpp({ flavour: 'vllm' });
    servers.push(llama, vllm);
    expect(await serverVersion('llamacpp', llama.root)).toBe('b6000-fake');
    expect(await serverVersion('vllm', vllm.root)).toBeUndefined();
    expect(await serverVersion('lmstudio', llama.root)).toBeUndefined();
  });

  it("llama.cpp's own timings of a non-streamed reply: prefill, decode and cached tokens", async () => {
    const server = await startFakeHttpServer(async (request, response) => {
      if (request.path !== '/v1/chat/completions') return sendJson(response, 404, {});
      sendJson(response, 200, {
        choices: [{ index: 0, message: { role: 'assistant', content: 'ready' }, finish_reason: 'stop' }],
        timings: {
          prompt_n: 8000,
          prompt_per_second: 1234.56,
          predicted_n: 40,
          predicted_per_second: 55.55,
          cache_n: 12,
        },
      });
    });
    servers.push(server);
    const timings = await llamaCppTimings(`${server.root}/v1`, {
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 4,
    });
    expect(timings).toEqual({
      promptTokens: 8000,
      promptPerSecond: 1234.6,
      predictedTokens: 40,
      predictedPerSecond: 55.6,
      cachedTokens: 12,
    });
  });

  it('a reply without timings, or an error, gives undefined', async () => {
    const server = await startFakeHttpServer(async (request, response) => {
      if (request.path === '/v1/chat/completions') return sendJson(response, 200, { choices: [] });
      sendJson(response, 500, { error: { message: 'boom' } });
    });
    servers.push(server);
    const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4 };
    expect(await llamaCppTimings(`${server.root}/v1`, body)).toBeUndefined();
    expect(await llamaCppTimings(`${server.root}/nothing`, body)).toBeUndefined();
  });
});
