// What ossa asks a local server before its first model request (issue 15): never the same request
// twice, independent questions together, and on a warm start (the server's kind and version
// known from a run a moment ago) at most two requests. A cached fact that no longer holds is
// asked again, and a start path that never fetches does not load Node's fetch (undici).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeRequest } from '../kit/fake-http-server.js';
import { type FakeLlamaCpp, startFakeLlamaCpp } from '../kit/fake-llamacpp-server.js';
import { type FakeOllama, startFakeOllama } from '../kit/fake-ollama-server.js';
import { runOssa } from '../kit/run-cli.js';
import { startScriptedModelServer } from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome, tempDir } from '../kit/workspace.js';

let servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

/** The requests sent before the first model request (a POST to the OpenAI-compatible wire). */
function beforeFirstModelRequest(requests: FakeRequest[]): string[] {
  const first = requests.findIndex((r) => r.method === 'POST' && r.path.startsWith('/v1/'));
  expect(first, 'a model request was sent').toBeGreaterThanOrEqual(0);
  return requests.slice(0, first).map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body ?? '')}`);
}

function duplicates(list: string[]): string[] {
  return list.filter((item, index) => list.indexOf(item) !== index);
}

async function ollamaRun(ollama: FakeOllama, home: string) {
  ollama.requests.length = 0;
  const result = await runOssa(
    ['exec', '--oss', '--local-provider', 'ollama', '-m', 'qwen3-coder:30b', '--ephemeral', 'hi'],
    { cwd: gitWorkspace(), env: { OSSA_HOME: home, OSSA_OSS_BASE_URL: ollama.baseUrl } },
  );
  expect(result.stderr).not.toContain('Error');
  expect(result.code).toBe(0);
  return beforeFirstModelRequest(ollama.requests);
}

function llamaHome(server: FakeLlamaCpp): string {
  const home = tempDir('ossa-home-');
  writeFileSync(
    join(home, 'config.toml'),
    `model = "local-model"\nmodel_provider = "llama"\n[model_providers.llama]\nname = "llama"\nbase_url = "${server.baseUrl}"\nwire_api = "chat"\n`,
  );
  return home;
}

async function llamaRun(server: FakeLlamaCpp, home: string) {
  server.requests.length = 0;
  const result = await runOssa(['exec', '--ephemeral', 'hi'], {
    cwd: gitWorkspace(),
    env: { OSSA_HOME: home },
  });
  expect(result.code, result.stderr).toBe(0);
  return beforeFirstModelRequest(server.requests);
}

describe('requests before the first model request', () => {
  it('Ollama: nothing asked twice (no /api/tags next to /api/show, one /api/ps), two on a warm start', async () => {
    const ollama = await startFakeOllama({
      reply: 'ok',
      models: [{ name: 'qwen3-coder:30b', numCtx: 65536 }],
      loaded: ['qwen3-coder:30b'],
    });
    servers.push(ollama);
    const home = tempDir('ossa-home-');
    const cold = await ollamaRun(ollama, home);
    expect(duplicates(cold)).toEqual([]);
    expect(cold.length).toBeLessThanOrEqual(3);
    const warm = await ollamaRun(ollama, home);
    expect(warm.length).toBeLessThanOrEqual(2);
    expect(warm.some((line) => line.startsWith('GET /api/version'))).toBe(false);
  });

  it('llama.cpp: /props is read once (identification answers it), two requests on a warm start', async () => {
    const server = await startFakeLlamaCpp({ reply: 'ok' });
    servers.push(server);
    const home = llamaHome(server);
    const cold = await llamaRun(server, home);
    expect(duplicates(cold)).toEqual([]);
    expect(cold.filter((line) => line.startsWith('GET /props'))).toHaveLength(1);
    const warm = await llamaRun(server, home);
    expect(warm.length).toBeLessThanOrEqual(2);
  });

  it('a cached server kind that no longer holds (Ollama now answers where llama.cpp was) is asked again', async () => {
    const ollama = await startFakeOllama({ reply: 'ok', models: [{ name: 'local-model', numCtx: 65536 }] });
    servers.push(ollama);
    const home = tempDir('ossa-home-');
    writeFileSync(
      join(home, 'config.toml'),
      `model = "local-model"\nmodel_provider = "box"\n[model_providers.box]\nname = "box"\nbase_url = "${ollama.baseUrl}"\nwire_api = "chat"\n`,
    );
    mkdirSync(join(home, 'cache'));
    writeFileSync(
      join(home, 'cache', 'servers.json'),
      JSON.stringify({ [ollama.root]: { kind: 'llamacpp', at: Date.now() } }),
    );
    const result = await runOssa(['exec', '--ephemeral', 'hi'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: home },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(ollama.requests.some((r) => r.path === '/api/version')).toBe(true);
    const cache = JSON.parse(readFileSync(join(home, 'cache', 'servers.json'), 'utf8'));
    expect(cache[ollama.root].kind).toBe('ollama');
  });

  it('a damaged cache file costs only the probes', async () => {
    const server = await startFakeLlamaCpp({ reply: 'ok' });
    servers.push(server);
    const home = llamaHome(server);
    mkdirSync(join(home, 'cache'));
    writeFileSync(join(home, 'cache', 'servers.json'), '{"http://x": {"kind": "evil", "at": 1e300}, ');
    const probes = await llamaRun(server, home);
    expect(probes.some((line) => line.startsWith('GET /props'))).toBe(true);
  });
});

/** `--version`, `debug config` and a one-turn exec task, each with `probe` imported first. */
async function* runLightCommands(probe: string) {
  const model = await startScriptedModelServer({ turns: [{ text: 'done' }] });
  servers.push(model);
  const env = { OSSA_HOME: mockHome(model.url), NODE_OPTIONS: `--import=${probe}` };
  for (const args of [['--version'], ['debug', 'config'], ['exec', '--ephemeral', 'say done']]) {
    yield { what: args.join(' '), result: await runOssa(args, { cwd: gitWorkspace(), env }) };
  }
}

describe('heavy modules stay off paths that do not use them', () => {
  it('no undici (Node fetch) for --version, debug config or an exec task', async () => {
    const probeDir = tempDir('ossa-probe-');
    const probe = join(probeDir, 'report-undici.mjs');
    writeFileSync(
      probe,
      "process.on('exit', () => { if (process.moduleLoadList.some((m) => m.includes('undici'))) process.stderr.write('UNDICI-LOADED\\n'); });\n",
    );
    for await (const { what, result } of runLightCommands(probe)) {
      expect(result.code, `${what}: ${result.stderr}`).toBe(0);
      expect(result.stderr, what).not.toContain('UNDICI-LOADED');
    }
  });

  it('no classic zod (a 201 KB chunk, ~20 ms CPU) for --version, debug config or an exec task', async (context) => {
    // Only the MCP SDK still uses classic zod, on the MCP path; everything else is zod/mini.
    const probe = fileURLToPath(new URL('../kit/report-classic-zod.mjs', import.meta.url));
    for await (const { what, result } of runLightCommands(probe)) {
      if (result.stderr.includes('NO-LOAD-HOOKS'))
        return context.skip('this Node has no module.registerHooks');
      expect(result.code, `${what}: ${result.stderr}`).toBe(0);
      expect(result.stderr, what).not.toContain('CLASSIC-ZOD');
    }
  });
});
