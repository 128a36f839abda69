// `ossa exec --oss` against a fake Ollama on 127.0.0.1: the model is pulled when missing, a too
// small context window is fixed with --yes, and a server that is not running fails fast.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeOllama, startFakeOllama } from '../kit/fake-ollama-server.js';
import { runOssa } from '../kit/run-cli.js';
import { gitWorkspace, tempDir } from '../kit/workspace.js';

let ollama: FakeOllama | undefined;
afterEach(async () => {
  await ollama?.close();
  ollama = undefined;
});

const wireRequests = (server: FakeOllama) =>
  server.requests.filter((r) => r.path.startsWith('/v1/') && r.method === 'POST');

describe('ossa exec --oss with Ollama', () => {
  it('with --yes pulls a missing model with progress lines, then runs the task', async () => {
    ollama = await startFakeOllama({
      reply: 'Hello from the local model.',
      registry: { 'qwen3-coder:30b': { layerBytes: 4_000_000, numCtx: 65536 } },
    });
    const result = await runOssa(
      ['exec', '--oss', '--local-provider', 'ollama', '--yes', '-m', 'qwen3-coder:30b', 'say hello'],
      {
        cwd: gitWorkspace(),
        env: { OSSA_HOME: tempDir('ossa-home-'), OSSA_OSS_BASE_URL: ollama.baseUrl },
      },
    );
    expect(result.stderr).toContain('qwen3-coder:30b');
    expect(result.stderr).toMatch(/pull/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Hello from the local model.\n');
    expect(ollama.requests.some((r) => r.path === '/api/pull')).toBe(true);
    expect(wireRequests(ollama)).toHaveLength(1);
  });

  it('a mistyped model is not downloaded: exit 1, did-you-mean and how to allow a download', async () => {
    ollama = await startFakeOllama({
      models: [{ name: 'gpt-oss:20b', numCtx: 65536 }],
      registry: { 'gpt-oss:20bb': { layerBytes: 1000 } },
    });
    const result = await runOssa(
      ['exec', '--oss', '--local-provider', 'ollama', '-m', 'gpt-oss:20bb', 'hi'],
      {
        cwd: gitWorkspace(),
        env: { OSSA_HOME: tempDir('ossa-home-'), OSSA_OSS_BASE_URL: ollama.baseUrl },
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('does not have gpt-oss:20bb. Did you mean gpt-oss:20b?');
    expect(result.stderr).toContain('run again with --yes (or set oss_pull_models = true)');
    expect(ollama.requests.some((r) => r.path === '/api/pull')).toBe(false);
  });

  it('creates a larger-context model with --yes when the window is too small, and uses it', async () => {
    ollama = await startFakeOllama({
      reply: 'ok',
      models: [
        { name: 'gpt-oss:20b', trainedContext: 131072, shape: { layers: 24, kvHeads: 8, headDim: 64 } },
      ],
      defaultContext: 4096,
    });
    const result = await runOssa(['exec', '--oss', '--local-provider', 'ollama', '--yes', 'hi'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: tempDir('ossa-home-'), OSSA_OSS_BASE_URL: ollama.baseUrl },
    });
    expect(result.code).toBe(0);
    const create = ollama.requests.find((r) => r.path === '/api/create');
    expect(create?.body).toMatchObject({ from: 'gpt-oss:20b', parameters: { num_ctx: 65536 } });
    const [request] = wireRequests(ollama);
    expect((request!.body as { model: string }).model).not.toBe('gpt-oss:20b');
    expect((request!.body as { model: string }).model).toContain('gpt-oss:20b');
  });

  it('warns before the session when the window is too small and --yes is not given', async () => {
    ollama = await startFakeOllama({ reply: 'ok', models: [{ name: 'gpt-oss:20b' }], defaultContext: 4096 });
    const result = await runOssa(['exec', '--oss', '--local-provider', 'ollama', 'hi'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: tempDir('ossa-home-'), OSSA_OSS_BASE_URL: ollama.baseUrl },
    });
    expect(result.stderr).toContain('4096');
    expect(result.stderr).toContain('OLLAMA_CONTEXT_LENGTH');
    expect(ollama.requests.some((r) => r.path === '/api/create')).toBe(false);
  });

  it('says Ollama is not running, naming the URL and how to start it, within a second', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const started = performance.now();
    const result = await runOssa(['exec', '--oss', '--local-provider', 'ollama', 'hi'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: tempDir('ossa-home-'), OSSA_OSS_BASE_URL: `http://127.0.0.1:${port}/v1` },
    });
    const elapsed = performance.now() - started;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`127.0.0.1:${port}`);
    expect(result.stderr).toContain('ollama serve');
    expect(elapsed).toBeLessThan(2000);
  });
});
