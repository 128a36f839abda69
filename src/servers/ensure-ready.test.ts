import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeHttpServer } from '../../test/kit/fake-http-server.js';
import { startFakeLlamaCpp } from '../../test/kit/fake-llamacpp-server.js';
import { startFakeLmStudio } from '../../test/kit/fake-lmstudio-server.js';
import { type FakeOllamaOptions, startFakeOllama } from '../../test/kit/fake-ollama-server.js';
import { resolveConfigWithOss } from '../app/prepare-session.js';
import { createProgressRenderer } from '../cli/oss/download-progress.js';
import type { GlobalFlags } from '../config/flags.js';
import { resolveConfig } from '../config/index.js';
import { InterruptedError, OssaError, UsageError } from '../errors.js';
import { LocalServerNotRunningError, ServerTooOldError } from '../servers/server-errors.js';
import { detectOssServer } from './detect-oss.js';
import { type EnsureOssReadyOptions, ensureOssReady as ensureReady } from './ensure-ready.js';

/** The pipeline as the command line drives it: pull progress drawn on the given stream. */
const ensureOssReady = (options: EnsureOssReadyOptions) =>
  ensureReady({
    progress: () =>
      createProgressRenderer({ stream: options.stderr as NodeJS.WritableStream, isTTY: options.isTTY }),
    ...options,
  });

const servers: FakeHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function track<T extends FakeHttpServer>(server: Promise<T>): Promise<T> {
  const started = await server;
  servers.push(started);
  return started;
}

/** Collects what is written; `onWrite` sees each chunk (to act in the middle of a stream). */
function sink(onWrite?: (text: string) => void): Writable & { text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      text += String(chunk);
      onWrite?.(String(chunk));
      callback();
    },
  }) as Writable & { text: () => string };
  stream.text = () => text;
  return stream;
}

async function configFor(baseUrl: string, flags: Partial<GlobalFlags> = {}, env: NodeJS.ProcessEnv = {}) {
  const home = mkdtempSync(join(tmpdir(), 'ossa-oss-'));
  return resolveConfig({
    cwd: home,
    env: { HOME: home, OSSA_HOME: home, OSSA_OSS_BASE_URL: baseUrl, ...env },
    flags: { oss: true, localProvider: 'ollama', config: [], addDir: [], ...flags },
  });
}

async function ollamaWith(options: FakeOllamaOptions) {
  return track(startFakeOllama(options));
}

/** A config that allows downloads (as --yes or oss_pull_models = true do). */
async function pullingConfig(baseUrl: string) {
  return { ...(await configFor(baseUrl)), ossPullModels: true };
}

describe('ensureOssReady with Ollama', () => {
  it('says the server is not running, naming the URL and how to start it, within a second', async () => {
    const gone = await startFakeOllama();
    await gone.close();
    const config = await configFor(gone.baseUrl);
    const started = performance.now();
    const error = await ensureOssReady({ config, stderr: sink(), isTTY: false }).catch(
      (caught: unknown) => caught,
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(LocalServerNotRunningError);
    expect((error as OssaError).exitCode).toBe(1);
    expect((error as Error).message).toBe(
      `Ollama is not running at ${gone.root} (connection refused: nothing is listening there). Start it with \`ollama serve\` (or open the Ollama app); install it from https://ollama.com/download. If it runs elsewhere, set OLLAMA_HOST or OSSA_OSS_BASE_URL.`,
    );
  });

  it('refuses an Ollama too old for the Responses API, and accepts it on the chat wire', async () => {
    const ollama = await ollamaWith({ version: '0.12.3', models: [{ name: 'gpt-oss:20b', numCtx: 65536 }] });
    const config = await configFor(ollama.baseUrl);
    const error = await ensureOssReady({ config, stderr: sink(), isTTY: false }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ServerTooOldError);
    expect((error as Error).message).toContain('Ollama 0.12.3');
    expect((error as Error).message).toContain('needs Ollama 0.13.3 or newer');
    const chat = { ...config, provider: { ...config.provider, wireApi: 'chat' as const } };
    await expect(ensureOssReady({ config: chat, stderr: sink(), isTTY: false })).resolves.toMatchObject({
      model: 'gpt-oss:20b',
    });
  });

  it('never downloads without consent: no terminal and no --yes says how to allow it', async () => {
    const ollama = await ollamaWith({
      models: [{ name: 'gpt-oss:20b' }],
      registry: { 'gpt-oss:20bb': { layerBytes: 1000, steps: 1 } },
    });
    const stderr = sink();
    const error = await ensureOssReady({
      config: await configFor(ollama.baseUrl, { model: 'gpt-oss:20bb' }),
      stderr,
      isTTY: false,
    }).catch((caught: unknown) => caught);
    expect((error as OssaError).exitCode).toBe(1);
    expect((error as Error).message).toBe(
      `Ollama at ${ollama.root} does not have gpt-oss:20bb. Did you mean gpt-oss:20b? The server has it (-m gpt-oss:20b). To download it: \`ollama pull gpt-oss:20bb\`, or let ossa do it — run again with --yes (or set oss_pull_models = true); on a terminal ossa asks first.`,
    );
    expect(stderr.text()).not.toContain('pulling');
  });

  it('on a terminal asks first, says the likely typo, and a no downloads nothing', async () => {
    const ollama = await ollamaWith({
      models: [{ name: 'gpt-oss:20b' }],
      registry: { 'gpt-oss:20bb': { layerBytes: 1000, steps: 1 } },
    });
    const stderr = sink();
    const questions: { question: string; defaultYes: boolean }[] = [];
    const error = await ensureOssReady({
      config: await configFor(ollama.baseUrl, { model: 'gpt-oss:20bb' }),
      stderr,
      isTTY: true,
      confirm: async (question, defaultYes) => {
        questions.push({ question, defaultYes });
        return false;
      },
    }).catch((caught: unknown) => caught);
    expect(stderr.text()).toContain('does not have gpt-oss:20bb. Did you mean gpt-oss:20b?');
    expect(questions).toEqual([{ question: 'Download gpt-oss:20bb now?', defaultYes: false }]);
    expect((error as Error).message).toBe('Not downloading gpt-oss:20bb. Run again with -m gpt-oss:20b.');
    expect(stderr.text()).not.toContain('pulling');
  });

  it('pulls a missing model with plain progress lines when not on a terminal', async () => {
    const ollama = await ollamaWith({
      registry: {
        'gpt-oss:20b': { layerBytes: 13_000_000_000, steps: 4, numCtx: 65536, trainedContext: 131072 },
      },
    });
    const stderr = sink();
    const ready = await ensureOssReady({ config: await pullingConfig(ollama.baseUrl), stderr, isTTY: false });
    const lines = stderr.text().split('\n');
    expect(lines).toContain('Ollama does not have gpt-oss:20b; pulling it (Ctrl-C cancels)…');
    expect(lines).toContain('pulling manifest');
    expect(lines.filter((line) => line.startsWith('pulling bbbbbbbbbbbb: '))).toEqual([
      expect.stringMatching(/^pulling bbbbbbbbbbbb: 25% of 13\.0 GB/),
      expect.stringMatching(/^pulling bbbbbbbbbbbb: 50% of 13\.0 GB/),
      expect.stringMatching(/^pulling bbbbbbbbbbbb: 75% of 13\.0 GB/),
      expect.stringMatching(/^pulling bbbbbbbbbbbb: 100% of 13\.0 GB/),
    ]);
    expect(lines).toContain('verifying sha256 digest');
    expect(lines).toContain('success');
    expect(stderr.text()).not.toContain('\r');
    expect(ready).toEqual({
      model: 'gpt-oss:20b',
      contextWindow: expect.objectContaining({ value: 65536, source: 'ollama /api/ps' }),
      warnings: [],
    });
  });

  it('redraws one progress line with a bar on a terminal', async () => {
    const ollama = await ollamaWith({
      registry: { 'gpt-oss:20b': { layerBytes: 2_000_000, steps: 2, numCtx: 65536 } },
    });
    const stderr = sink();
    await ensureOssReady({
      config: await configFor(ollama.baseUrl),
      stderr,
      isTTY: true,
      confirm: async (question) => question.startsWith('Download'),
    });
    expect(stderr.text()).toMatch(/\r\x1b\[2Kpulling bbbbbbbbbbbb {2}▕█{12} {12}▏ +50% {2}1\.0 MB\/2\.0 MB/);
    expect(stderr.text()).toContain('100%');
  });

  it('fails clearly when the pull breaks midway, quoting Ollama', async () => {
    const ollama = await ollamaWith({ registry: { 'gpt-oss:20b': { layerBytes: 1000, failAfterSteps: 2 } } });
    const stderr = sink();
    const error = await ensureOssReady({
      config: await pullingConfig(ollama.baseUrl),
      stderr,
      isTTY: false,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OssaError);
    expect((error as OssaError).exitCode).toBe(1);
    expect((error as Error).message).toContain(
      `Pulling gpt-oss:20b from ${ollama.root} failed: max retries exceeded: unexpected EOF.`,
    );
    expect(stderr.text()).toContain('50% of');
  });

  it('reports a model the registry does not have', async () => {
    const ollama = await ollamaWith({});
    const error = await ensureOssReady({
      config: { ...(await configFor(ollama.baseUrl, { model: 'no-such-model' })), ossPullModels: true },
      stderr: sink(),
      isTTY: false,
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain('failed: pull model manifest: file does not exist');
  });

  it('cancels a pull cleanly on Ctrl-C (the signal)', async () => {
    const ollama = await ollamaWith({
      registry: { 'gpt-oss:20b': { layerBytes: 1000, stallAfterSteps: 1 } },
    });
    const controller = new AbortController();
    const stderr = sink((text) => {
      if (text.includes('25%')) controller.abort();
    });
    const error = await ensureOssReady({
      config: await pullingConfig(ollama.baseUrl),
      stderr,
      isTTY: false,
      signal: controller.signal,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as OssaError).exitCode).toBe(130);
    expect((error as Error).message).toContain('Pulling gpt-oss:20b was cancelled');
  });

  it('warns about a too-small window with the fix, when not allowed to change anything', async () => {
    const ollama = await ollamaWith({
      models: [
        { name: 'gpt-oss:20b', trainedContext: 131072, shape: { layers: 24, kvHeads: 8, headDim: 64 } },
      ],
    });
    const ready = await ensureOssReady({
      config: await configFor(ollama.baseUrl),
      stderr: sink(),
      isTTY: false,
    });
    expect(ready.model).toBe('gpt-oss:20b');
    expect(ready.contextWindow).toMatchObject({ value: 4096, source: 'ollama /api/ps' });
    expect(ready.warnings).toHaveLength(1);
    expect(ready.warnings[0]).toContain('is 4096 tokens (ollama /api/ps), below the 65536');
    expect(ready.warnings[0]).toContain('OLLAMA_CONTEXT_LENGTH=65536 ollama serve');
    expect(ready.warnings[0]).toContain('about 3.0 GiB for the KV cache');
    expect(ollama.requests.some((request) => request.path === '/api/create')).toBe(false);
  });

  it('creates <model>-64k with num_ctx through /api/create when told --yes, and verifies it', async () => {
    const ollama = await ollamaWith({ models: [{ name: 'gpt-oss:20b', trainedContext: 131072 }] });
    const stderr = sink();
    const ready = await ensureOssReady({
      config: await configFor(ollama.baseUrl),
      stderr,
      isTTY: false,
      assumeYes: true,
    });
    expect(ready.model).toBe('gpt-oss:20b-64k');
    expect(ready.contextWindow).toMatchObject({ value: 65536, source: 'ollama /api/show num_ctx' });
    expect(ready.warnings).toEqual([]);
    const create = ollama.requests.find((request) => request.path === '/api/create');
    expect(create?.body).toMatchObject({
      model: 'gpt-oss:20b-64k',
      from: 'gpt-oss:20b',
      parameters: { num_ctx: 65536 },
    });
    const showAfter = ollama.requests.filter((request) => request.path === '/api/show').at(-1);
    expect(showAfter?.body).toEqual({ model: 'gpt-oss:20b-64k' });
    expect(stderr.text()).toContain('Next time pass -m gpt-oss:20b-64k');
  });

  it('asks on a terminal before creating the derived model', async () => {
    const ollama = await ollamaWith({ models: [{ name: 'gpt-oss:20b', trainedContext: 131072 }] });
    const questions: string[] = [];
    const stderr = sink();
    const ready = await ensureOssReady({
      config: await configFor(ollama.baseUrl),
      stderr,
      isTTY: true,
      confirm: async (question) => {
        questions.push(question);
        return true;
      },
    });
    expect(questions).toEqual(['Create gpt-oss:20b-64k (gpt-oss:20b with a 64K window) and use it?']);
    expect(stderr.text()).toContain('below the 65536');
    expect(ready.model).toBe('gpt-oss:20b-64k');
  });

  it('warns when Ollama says the model cannot call tools', async () => {
    const ollama = await ollamaWith({
      models: [{ name: 'gpt-oss:20b', numCtx: 65536, capabilities: ['completion'] }],
    });
    const ready = await ensureOssReady({
      config: await configFor(ollama.baseUrl),
      stderr: sink(),
      isTTY: false,
    });
    expect(ready.warnings.join('\n')).toContain('does not support tool calling');
  });
});

describe('ensureOssReady with LM Studio', () => {
  const lmConfig = (baseUrl: string) => configFor(baseUrl, { localProvider: 'lmstudio' });

  it('loads an unloaded model with a 64K context through the REST API', async () => {
    const lmstudio = await track(
      startFakeLmStudio({ models: [{ id: 'openai/gpt-oss-20b', maxContext: 131072 }] }),
    );
    const stderr = sink();
    const ready = await ensureOssReady({
      config: await lmConfig(lmstudio.baseUrl),
      stderr,
      isTTY: false,
      env: {},
    });
    expect(stderr.text()).toContain('Loading openai/gpt-oss-20b in LM Studio with a 64K context…');
    const load = lmstudio.requests.find((request) => request.path === '/api/v1/models/load');
    expect(load?.body).toMatchObject({ model: 'openai/gpt-oss-20b', context_length: 65536 });
    expect(ready).toMatchObject({
      model: 'openai/gpt-oss-20b',
      contextWindow: { value: 65536, source: 'lmstudio loaded_context_length' },
      warnings: [],
    });
  });

  it('reloads a model loaded with a small context when told --yes', async () => {
    const lmstudio = await track(
      startFakeLmStudio({ models: [{ id: 'openai/gpt-oss-20b', maxContext: 131072, loadedContext: 4096 }] }),
    );
    const ready = await ensureOssReady({
      config: await lmConfig(lmstudio.baseUrl),
      stderr: sink(),
      isTTY: false,
      assumeYes: true,
      env: {},
    });
    expect(lmstudio.requests.map((request) => request.path)).toContain('/api/v1/models/unload');
    expect(ready.contextWindow.value).toBe(65536);
  });

  it('warns on LM Studio 0.3 without the lms CLI (no way to load with a context)', async () => {
    const lmstudio = await track(startFakeLmStudio({ api: 'v0', models: [{ id: 'openai/gpt-oss-20b' }] }));
    const ready = await ensureOssReady({
      config: await lmConfig(lmstudio.baseUrl),
      stderr: sink(),
      isTTY: false,
      env: {},
    });
    expect(ready.warnings.join('\n')).toContain('the lms CLI was not found');
  });

  it('says how to get a model LM Studio does not have', async () => {
    const lmstudio = await track(startFakeLmStudio({ models: [] }));
    const error = await ensureOssReady({
      config: await lmConfig(lmstudio.baseUrl),
      stderr: sink(),
      isTTY: false,
      env: {},
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain('has no model openai/gpt-oss-20b');
    expect((error as Error).message).toContain('lms get openai/gpt-oss-20b');
  });

  it('says LM Studio is not running, with how to start it', async () => {
    const gone = await startFakeLmStudio();
    await gone.close();
    const error = await ensureOssReady({
      config: await lmConfig(gone.baseUrl),
      stderr: sink(),
      isTTY: false,
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain(`LM Studio is not running at ${gone.root}`);
    expect((error as Error).message).toContain('lms server start');
  });
});

describe('ensureOssReady with other local servers', () => {
  it('warns about a llama.cpp window below the minimum with its fix', async () => {
    const llama = await track(startFakeLlamaCpp({ model: 'qwen', contextLength: 8192 }));
    const home = mkdtempSync(join(tmpdir(), 'ossa-oss-'));
    const config = await resolveConfig({
      cwd: home,
      env: { HOME: home, OSSA_HOME: home },
      flags: {
        config: [
          `model_providers.llama = { name = "llama.cpp", base_url = "${llama.baseUrl}", wire_api = "chat" }`,
          'model_provider = "llama"',
          'model = "qwen"',
        ],
        addDir: [],
      },
    });
    const ready = await ensureOssReady({ config, stderr: sink(), isTTY: false });
    expect(ready.contextWindow).toMatchObject({ value: 8192, source: 'llama.cpp /props n_ctx' });
    expect(ready.warnings.join('\n')).toContain('restart llama-server with -c 65536');
  });
});

describe('a configured server that is not running', () => {
  // Issue 13, defect 8: a configured `llamacpp` provider on any port is llama.cpp, not "an
  // OpenAI-compatible server", and the hint is its own start command on that port.
  it.each([
    ['llamacpp', 'llama.cpp server', 'llama-server -m MODEL.gguf -c 65536 --jinja --port'],
    ['my-vllm', 'vLLM', 'vllm serve MODEL --max-model-len 65536 --port'],
  ])('provider %s is named by its server kind, with its start command', async (id, label, command) => {
    const gone = await startFakeOllama();
    await gone.close();
    const home = mkdtempSync(join(tmpdir(), 'ossa-oss-'));
    const config = await resolveConfig({
      cwd: home,
      env: { HOME: home, OSSA_HOME: home },
      flags: {
        config: [
          `model_providers.${id} = { name = "mine", base_url = "${gone.baseUrl}", wire_api = "chat" }`,
          `model_provider = "${id}"`,
          'model = "m"',
        ],
        addDir: [],
      },
    });
    const error = await ensureOssReady({ config, stderr: sink(), isTTY: false }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(LocalServerNotRunningError);
    const port = new URL(gone.root).port;
    expect((error as Error).message).toMatch(new RegExp(`^${label} is not running at ${gone.root} `));
    expect((error as Error).message).toContain(`Start it with \`${command} ${port}\``);
    expect((error as Error).message).not.toContain('OpenAI-compatible');
  });
});

describe('choosing the --oss server', () => {
  it('picks the one that runs, refuses two, and explains none', async () => {
    const ollama = await track(startFakeOllama());
    const lmstudio = await track(startFakeLmStudio());
    const gone = await startFakeOllama();
    await gone.close();
    const detect = (roots: { ollama: string; lmstudio: string }) =>
      detectOssServer({}, { roots: { llamacpp: gone.root, vllm: gone.root, ...roots } });
    expect(await detect({ ollama: ollama.root, lmstudio: gone.root })).toEqual({ kind: 'ollama' });
    expect(await detect({ ollama: gone.root, lmstudio: lmstudio.root })).toEqual({ kind: 'lmstudio' });
    const both = await detect({ ollama: ollama.root, lmstudio: lmstudio.root }).catch(
      (caught: unknown) => caught,
    );
    expect(both).toBeInstanceOf(UsageError);
    expect((both as Error).message).toContain('--local-provider ollama');
    const none = await detect({ ollama: gone.root, lmstudio: gone.root }).catch((caught: unknown) => caught);
    expect((none as Error).message).toContain('no local model server is running');
    expect((none as Error).message).toContain(`llama.cpp server at ${gone.root}`);
    expect((none as Error).message).toContain('llama-server -m MODEL.gguf');
    expect((none as Error).message).toContain('for vLLM `vllm serve MODEL');
  });

  // Issue 13, defect 8: llama-server (and vLLM) on its default port is a local server --oss finds.
  it('finds llama-server too, with the model it serves, on the chat wire', async () => {
    const llama = await track(startFakeLlamaCpp({ model: 'qwen3-coder' }));
    const gone = await startFakeOllama();
    await gone.close();
    const roots = { ollama: gone.root, lmstudio: gone.root, llamacpp: llama.root, vllm: gone.root };
    expect(await detectOssServer({}, { roots })).toEqual({
      kind: 'llamacpp',
      root: llama.root,
      baseUrl: llama.baseUrl,
      wire: 'chat',
      model: 'qwen3-coder',
    });
    const home = mkdtempSync(join(tmpdir(), 'ossa-oss-'));
    const input = {
      cwd: home,
      env: { HOME: home, OSSA_HOME: home },
      flags: { oss: true, config: [], addDir: [] },
    };
    const config = await resolveConfigWithOss(input, roots);
    expect(config.provider).toMatchObject({
      id: 'llamacpp',
      name: 'llama.cpp server',
      baseUrl: llama.baseUrl,
      wireApi: 'chat',
      isLocal: true,
    });
    expect(config.model).toBe('qwen3-coder');
    const ready = await ensureOssReady({ config, stderr: sink(), isTTY: false });
    expect(ready.contextWindow).toMatchObject({ value: 65536, source: 'llama.cpp /props n_ctx' });
    // A provider the user configured for that server is the one used, with its own settings.
    const own = await resolveConfigWithOss(
      {
        ...input,
        flags: {
          ...input.flags,
          config: [
            `model_providers.box = { name = "my llama", base_url = "${llama.baseUrl}", wire_api = "responses" }`,
          ],
        },
      },
      roots,
    );
    expect(own.provider).toMatchObject({ id: 'box', wireApi: 'responses' });
    // A `llamacpp` provider configured for another address is left alone.
    const elsewhere = await resolveConfigWithOss(
      {
        ...input,
        flags: {
          ...input.flags,
          config: ['model_providers.llamacpp = { name = "gpu", base_url = "http://gpu.lan:8080/v1" }'],
        },
      },
      roots,
    );
    expect(elsewhere.provider).toMatchObject({ id: 'llamacpp-oss', baseUrl: llama.baseUrl });
  });

  it('finds vLLM on its port the same way', async () => {
    const vllm = await track(startFakeLlamaCpp({ flavour: 'vllm', model: 'Qwen/Qwen3-8B' }));
    const gone = await startFakeOllama();
    await gone.close();
    const home = mkdtempSync(join(tmpdir(), 'ossa-oss-'));
    const config = await resolveConfigWithOss(
      { cwd: home, env: { HOME: home, OSSA_HOME: home }, flags: { oss: true, config: [], addDir: [] } },
      { ollama: gone.root, lmstudio: gone.root, llamacpp: gone.root, vllm: vllm.root },
    );
    expect(config.provider).toMatchObject({
      id: 'vllm',
      name: 'vLLM',
      baseUrl: vllm.baseUrl,
      wireApi: 'chat',
    });
    expect(config.model).toBe('Qwen/Qwen3-8B');
  });

  it('resolveConfigWithOss fills in the running server when config names none', async () => {
    const ollama = await track(startFakeOllama());
    const home = mkdtempSync(join(tmpdir(), 'ossa-oss-'));
    const config = await resolveConfigWithOss({
      cwd: home,
      env: { HOME: home, OSSA_HOME: home, OSSA_OSS_BASE_URL: ollama.baseUrl },
      flags: { oss: true, config: [], addDir: [] },
    });
    expect(config.provider.id).toBe('ollama');
    expect(config.model).toBe('gpt-oss:20b');
  });
});
