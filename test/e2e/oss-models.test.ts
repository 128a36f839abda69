import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeHttpServer } from '../kit/fake-http-server.js';
import { startFakeLlamaCpp } from '../kit/fake-llamacpp-server.js';
import { startFakeLmStudio } from '../kit/fake-lmstudio-server.js';
import { type FakeOllama, startFakeOllama } from '../kit/fake-ollama-server.js';
import { runOssa } from '../kit/run-cli.js';

const servers: FakeHttpServer[] = [];
let ollama: FakeOllama;
let env: Record<string, string>;
let home: string;
let roots: { lmstudio: string; llama: string; vllm: string; closed: string };

beforeAll(async () => {
  ollama = await startFakeOllama({
    version: '0.13.5',
    models: [
      { name: 'gpt-oss:20b', numCtx: 65536, trainedContext: 131072 },
      {
        name: 'gemma3:4b',
        capabilities: ['completion', 'vision'],
        trainedContext: 131072,
        sizeBytes: 3_300_000_000,
      },
    ],
    loaded: ['gemma3:4b'],
  });
  const lmstudio = await startFakeLmStudio({
    models: [
      { id: 'openai/gpt-oss-20b', loadedContext: 8192, maxContext: 131072 },
      { id: 'text-embedding-nomic', type: 'embedding' },
    ],
  });
  const llama = await startFakeLlamaCpp({
    model: 'qwen3-coder',
    contextLength: 32768,
    trainedContext: 262144,
  });
  const vllm = await startFakeLlamaCpp({ flavour: 'vllm', model: 'Qwen/Qwen3-8B', contextLength: 40960 });
  const closed = await startFakeOllama();
  await closed.close();
  servers.push(ollama, lmstudio, llama, vllm);
  roots = { lmstudio: lmstudio.root, llama: llama.root, vllm: vllm.root, closed: closed.root };
  home = mkdtempSync(join(tmpdir(), 'ossa-models-'));
  writeFileSync(
    join(home, 'config.toml'),
    `[model_providers.vbox]\nname = "vLLM box"\nbase_url = "${vllm.baseUrl}"\nwire_api = "chat"\n`,
  );
  env = {
    OSSA_HOME: home,
    HOME: home,
    OLLAMA_HOST: ollama.root,
    OSSA_LOCAL_SERVERS: [ollama.root, lmstudio.root, llama.root, closed.root].join(','),
  };
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

describe('ossa models', () => {
  it('--json lists every reachable server and configured provider with windows, tools and provider ids', async () => {
    const result = await runOssa(['models', '--json'], { env, cwd: home });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.sources).toEqual([
      {
        origin: 'server',
        kind: 'ollama',
        label: 'Ollama',
        url: ollama.root,
        base_url: `${ollama.root}/v1`,
        version: '0.13.5',
        provider: 'ollama',
        models: [
          {
            id: 'gpt-oss:20b',
            context_window: 65536,
            context_source: 'ollama /api/show num_ctx',
            trained_context: 131072,
            tools: true,
            loaded: false,
            size_bytes: 13_000_000_000,
          },
          {
            id: 'gemma3:4b',
            context_window: 4096,
            context_source: 'ollama /api/ps',
            trained_context: 131072,
            tools: false,
            loaded: true,
            size_bytes: 3_300_000_000,
          },
        ],
      },
      {
        origin: 'server',
        kind: 'lmstudio',
        label: 'LM Studio',
        url: roots.lmstudio,
        base_url: `${roots.lmstudio}/v1`,
        suggested_provider: expect.stringMatching(/^lmstudio-\d+$/),
        models: [
          {
            id: 'openai/gpt-oss-20b',
            context_window: 8192,
            context_source: 'lmstudio loaded_context_length',
            trained_context: 131072,
            tools: true,
            loaded: true,
          },
        ],
      },
      {
        origin: 'server',
        kind: 'llamacpp',
        label: 'llama.cpp server',
        url: roots.llama,
        base_url: `${roots.llama}/v1`,
        suggested_provider: expect.stringMatching(/^llamacpp-\d+$/),
        models: [
          {
            id: 'qwen3-coder',
            context_window: 32768,
            context_source: 'llama.cpp /props n_ctx',
            trained_context: 262144,
            loaded: true,
          },
        ],
      },
      // A configured provider on this machine is asked who it is, at its own base_url.
      {
        origin: 'server',
        kind: 'vllm',
        label: 'vLLM',
        url: roots.vllm,
        base_url: `${roots.vllm}/v1`,
        provider: 'vbox',
        models: [
          { id: 'Qwen/Qwen3-8B', context_window: 40960, context_source: 'vllm max_model_len', loaded: true },
        ],
      },
    ]);
    expect(report.probed).toContain(roots.closed);
  });

  it('prints a readable table', async () => {
    const result = await runOssa(['models'], { env, cwd: home });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Ollama 0.13.5 — ${ollama.root} — provider: ollama`);
    expect(result.stdout).toMatch(/ {2}gpt-oss:20b +context 64K, max 128K +tools: yes/);
    // Below the 64K minimum: marked, not left for the reader to know.
    expect(result.stdout).toMatch(/ {2}gemma3:4b +context 4\.0K ✗ below 64K, max 128K +tools: no +loaded/);
    expect(result.stdout).not.toMatch(/gpt-oss:20b +context 64K ✗/);
    expect(result.stdout).toContain('use: ossa --oss --local-provider ollama -m gpt-oss:20b');
    expect(result.stdout).toContain('not configured (`ossa init` adds provider `llamacpp-');
    expect(result.stdout).toContain(`Nothing answered at ${roots.closed}.`);
  });

  it('says how to start a server when none answers', async () => {
    const result = await runOssa(['models'], {
      env: {
        ...env,
        OSSA_LOCAL_SERVERS: roots.closed,
        OSSA_HOME: mkdtempSync(join(tmpdir(), 'ossa-empty-')),
      },
      cwd: home,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`No model server found (probed ${roots.closed}`);
    expect(result.stdout).toContain('ollama serve');
  });
});
