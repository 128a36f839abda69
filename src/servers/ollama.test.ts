import { afterEach, describe, expect, it } from 'vitest';
import { type FakeOllama, startFakeOllama } from '../../test/kit/fake-ollama-server.js';
import { InterruptedError } from '../errors.js';
import { BackendHttpError } from './http.js';
import { OllamaClient, type OllamaProgress, OllamaStreamError, sameOllamaModel } from './ollama.js';
import { ollamaModelFacts } from './ollama-model-facts.js';

let server: FakeOllama | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function collect(stream: AsyncIterable<OllamaProgress>): Promise<OllamaProgress[]> {
  const lines: OllamaProgress[] = [];
  for await (const line of stream) lines.push(line);
  return lines;
}

describe('OllamaClient', () => {
  it('reads version, tags, show and ps', async () => {
    server = await startFakeOllama({
      version: '0.13.5',
      models: [
        {
          name: 'qwen3:8b',
          numCtx: 32768,
          trainedContext: 40960,
          shape: { layers: 36, kvHeads: 8, headDim: 128 },
        },
      ],
      loaded: ['qwen3:8b'],
    });
    const client = new OllamaClient(server.root);
    expect(await client.version()).toBe('0.13.5');
    expect((await client.tags()).map((model) => model.name)).toEqual(['qwen3:8b']);
    const facts = ollamaModelFacts(await client.show('qwen3:8b'));
    expect(facts).toMatchObject({
      numCtx: 32768,
      trainedContext: 40960,
      supportsTools: true,
      architecture: { layers: 36, kvHeads: 8, headDim: 128 },
    });
    expect(await client.ps()).toEqual([expect.objectContaining({ name: 'qwen3:8b', contextLength: 32768 })]);
  });

  it('reports a missing model as HTTP 404 with Ollama’s message', async () => {
    server = await startFakeOllama();
    const error = await new OllamaClient(server.root).show('nope').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BackendHttpError);
    expect((error as BackendHttpError).status).toBe(404);
    expect((error as BackendHttpError).serverMessage).toBe("model 'nope' not found");
  });

  it('streams pull progress to success and then lists the model', async () => {
    server = await startFakeOllama({ registry: { 'gpt-oss:20b': { layerBytes: 1000, steps: 4 } } });
    const client = new OllamaClient(server.root);
    const lines = await collect(client.pull('gpt-oss:20b'));
    expect(lines[0]?.status).toBe('pulling manifest');
    expect(lines.filter((line) => line.total).map((line) => line.completed)).toEqual([250, 500, 750, 1000]);
    expect(lines.at(-1)?.status).toBe('success');
    expect((await client.tags()).map((model) => model.name)).toContain('gpt-oss:20b');
  });

  it('turns an error line in the middle of a pull into OllamaStreamError', async () => {
    server = await startFakeOllama({ registry: { 'gpt-oss:20b': { layerBytes: 1000, failAfterSteps: 2 } } });
    const seen: OllamaProgress[] = [];
    const error = await (async () => {
      for await (const line of new OllamaClient(server!.root).pull('gpt-oss:20b')) seen.push(line);
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OllamaStreamError);
    expect((error as Error).message).toContain('unexpected EOF');
    expect(seen.filter((line) => line.completed).length).toBe(2);
  });

  it('cancels a stalled pull when the signal aborts', async () => {
    server = await startFakeOllama({ registry: { 'gpt-oss:20b': { layerBytes: 1000, stallAfterSteps: 1 } } });
    const controller = new AbortController();
    const error = await (async () => {
      for await (const line of new OllamaClient(server!.root).pull('gpt-oss:20b', controller.signal)) {
        if (line.completed) controller.abort();
      }
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InterruptedError);
  });

  it('creates a derived model with num_ctx that /api/show then reports', async () => {
    server = await startFakeOllama({ models: [{ name: 'gpt-oss:20b', trainedContext: 131072 }] });
    const client = new OllamaClient(server.root);
    const lines = await collect(
      client.create({ model: 'gpt-oss:20b-64k', from: 'gpt-oss:20b', parameters: { num_ctx: 65536 } }),
    );
    expect(lines.at(-1)?.status).toBe('success');
    expect(ollamaModelFacts(await client.show('gpt-oss:20b-64k')).numCtx).toBe(65536);
    const request = server.requests.find((entry) => entry.path === '/api/create');
    expect(request?.body).toEqual({
      model: 'gpt-oss:20b-64k',
      from: 'gpt-oss:20b',
      parameters: { num_ctx: 65536 },
      stream: true,
    });
  });

  it('treats name and name:latest as the same model', () => {
    expect(sameOllamaModel('llama3', 'llama3:latest')).toBe(true);
    expect(sameOllamaModel('llama3:8b', 'llama3')).toBe(false);
  });
});
