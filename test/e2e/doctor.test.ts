import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeHttpServer } from '../kit/fake-http-server.js';
import { startFakeLlamaCpp } from '../kit/fake-llamacpp-server.js';
import { forwardStreamingTo } from '../kit/fake-model-wire.js';
import { type FakeOllamaOptions, startFakeOllama } from '../kit/fake-ollama-server.js';
import { runOssa } from '../kit/run-cli.js';
import {
  type ScriptedModelServer,
  type ScriptedTurn,
  startScriptedModelServer,
} from '../kit/scripted-model-server.js';

const servers: Array<FakeHttpServer | ScriptedModelServer> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

interface DoctorJson {
  ok: boolean;
  exit_code: number;
  provider: string;
  model: string;
  checks: Array<{ id: string; status: string; detail: string; fix?: string; data?: Record<string, unknown> }>;
}

function home(config = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'ossa-doctor-home-'));
  writeFileSync(join(dir, 'config.toml'), config);
  return dir;
}

async function doctor(dir: string, env: Record<string, string>, args: string[] = []) {
  const result = await runOssa(['doctor', '--json', ...args], {
    env: { OSSA_HOME: dir, HOME: dir, ...env },
    cwd: dir,
    timeoutMs: 60_000,
  });
  const report = JSON.parse(result.stdout) as DoctorJson;
  const check = (id: string) => report.checks.find((entry) => entry.id === id);
  return { result, report, check };
}

const SMOKE_TURNS: ScriptedTurn[] = [
  { toolCalls: [{ name: 'shell', arguments: { command: ['echo', 'ossa-doctor-ok'] } }] },
  {
    toolCalls: [
      {
        name: 'apply_patch',
        arguments: { input: '*** Begin Patch\n*** Add File: hello.txt\n+hello from ossa\n*** End Patch\n' },
      },
    ],
  },
  { text: 'DONE' },
];

async function ollamaWithScript(options: FakeOllamaOptions, turns: ScriptedTurn[]) {
  const scripted = await startScriptedModelServer({ turns, models: ['gpt-oss:20b'] });
  const ollama = await startFakeOllama({ ...options, handler: forwardStreamingTo(scripted.url) });
  servers.push(scripted, ollama);
  return { ollama, scripted };
}

const OLLAMA_CONFIG = 'model_provider = "ollama"\nmodel = "gpt-oss:20b"\n';

describe('ossa doctor', () => {
  it('passes every check against a healthy Ollama, smoke test included, with timings', async () => {
    const { ollama, scripted } = await ollamaWithScript(
      { models: [{ name: 'gpt-oss:20b', numCtx: 65536, trainedContext: 131072 }] },
      SMOKE_TURNS,
    );
    const { result, report, check } = await doctor(home(OLLAMA_CONFIG), { OLLAMA_HOST: ollama.root });
    expect(result.code, JSON.stringify(report.checks, null, 2)).toBe(0);
    expect(report.checks.map((entry) => [entry.id, entry.status])).toEqual([
      ['version', 'pass'],
      ['config', 'pass'],
      ['secrets', 'pass'],
      ['sandbox', 'pass'],
      ['server', 'pass'],
      ['base-url', 'pass'],
      ['model', 'pass'],
      ['context-window', 'pass'],
      ['wire', 'pass'],
      ['smoke-test', 'pass'],
    ]);
    expect(check('server')?.detail).toMatch(
      new RegExp(`^Ollama 0\\.13\\.5 answers at ${ollama.root} \\(\\d+ ms\\)$`),
    );
    expect(check('context-window')?.detail).toBe('65536 tokens (ollama /api/ps)');
    expect(check('wire')?.detail).toMatch(
      /^responses answers \(\d+ ms\); chat\/completions answers \(\d+ ms\)$/,
    );
    expect(check('smoke-test')?.detail).toMatch(
      /^shell ran, hello\.txt written with apply_patch, final answer \(3 request\(s\), [\d.]+ s, first token \d+ ms\)$/,
    );
    // Three short replies in bursts, and a server without timings: no tokens/s is better than a made-up one.
    expect(check('smoke-test')?.data?.tokens_per_second).toBeUndefined();
    expect(scripted.pendingTurns()).toBe(0);
  });

  it('a sandbox that cannot start fails the sandbox check and the smoke test never runs the model unsandboxed', async () => {
    const { ollama, scripted } = await ollamaWithScript(
      { models: [{ name: 'gpt-oss:20b', numCtx: 65536, trainedContext: 131072 }] },
      SMOKE_TURNS,
    );
    const dir = home(OLLAMA_CONFIG);
    const fakeBin = join(dir, 'fake-bin');
    mkdirSync(fakeBin);
    writeFileSync(
      join(fakeBin, 'bwrap'),
      '#!/bin/sh\necho "bwrap: setting up uid map: Permission denied" >&2\nexit 1\n',
    );
    chmodSync(join(fakeBin, 'bwrap'), 0o755);
    const { result, check } = await doctor(dir, {
      OLLAMA_HOST: ollama.root,
      PATH: `${fakeBin}:${process.env.PATH}`,
    });
    expect(result.code).toBe(1);
    expect(check('sandbox')).toMatchObject({ status: 'fail', required: true });
    expect(check('sandbox')?.detail).toContain('may not create user namespaces');
    expect(`${check('sandbox')?.detail} ${check('sandbox')?.fix}`).toContain('-s danger-full-access');
    expect(check('smoke-test')).toMatchObject({ status: 'skip' });
    expect(check('smoke-test')?.detail).toContain('never runs it unsandboxed');
    // The model was never asked to run anything.
    expect(scripted.requests.filter((request) => request.wire !== undefined)).toHaveLength(0);
  });

  it('prints the checklist for people', async () => {
    const { ollama } = await ollamaWithScript(
      { models: [{ name: 'gpt-oss:20b', numCtx: 65536 }] },
      SMOKE_TURNS,
    );
    const dir = home(OLLAMA_CONFIG);
    const result = await runOssa(['doctor'], {
      env: { OSSA_HOME: dir, HOME: dir, OLLAMA_HOST: ollama.root },
      cwd: dir,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ossa doctor — provider ollama, model gpt-oss:20b');
    expect(result.stdout).toMatch(/✓ smoke-test: shell ran/);
    expect(result.stdout).toContain('All required checks passed.');
  });

  it('fails fast and clearly when the server is down', async () => {
    const gone = await startFakeOllama();
    await gone.close();
    const started = performance.now();
    const { result, check, report } = await doctor(home(OLLAMA_CONFIG), { OLLAMA_HOST: gone.root });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.code).toBe(1);
    expect(check('server')).toMatchObject({
      status: 'fail',
      detail: `Ollama is not running at ${gone.root} (connection refused: nothing is listening there)`,
      fix: 'start it with `ollama serve` (or open the Ollama app); install it from https://ollama.com/download.',
    });
    expect(check('smoke-test')).toMatchObject({ status: 'skip' });
    expect(report.ok).toBe(false);
  });

  it('fails a context window below the minimum, with the fixes and the memory cost', async () => {
    const { ollama } = await ollamaWithScript(
      {
        models: [
          { name: 'gpt-oss:20b', trainedContext: 131072, shape: { layers: 24, kvHeads: 8, headDim: 64 } },
        ],
      },
      SMOKE_TURNS,
    );
    const { result, check } = await doctor(home(OLLAMA_CONFIG), { OLLAMA_HOST: ollama.root });
    expect(result.code).toBe(1);
    const context = check('context-window');
    expect(context?.status).toBe('fail');
    expect(context?.detail).toBe('4096 tokens (ollama /api/ps), below the 65536 (64K) agent work needs');
    expect(context?.fix).toContain('OLLAMA_CONTEXT_LENGTH=65536 ollama serve');
    expect(context?.fix).toContain('about 3.0 GiB for the KV cache');
  });

  it('a configured llamacpp provider that is down is named llama.cpp, with its start command on that port', async () => {
    const gone = await startFakeOllama();
    await gone.close();
    const port = new URL(gone.root).port;
    const config = `model_provider = "llamacpp"\nmodel = "qwen"\n[model_providers.llamacpp]\nname = "llama.cpp"\nbase_url = "${gone.baseUrl}"\nwire_api = "chat"\n`;
    const { check } = await doctor(home(config), {}, ['--no-smoke']);
    expect(check('server')).toMatchObject({
      status: 'fail',
      detail: `llama.cpp server is not running at ${gone.root} (connection refused: nothing is listening there)`,
      fix: `start it with \`llama-server -m MODEL.gguf -c 65536 --jinja --port ${port}\`.`,
    });
  });

  it('detects a base_url without /v1', async () => {
    const llama = await startFakeLlamaCpp({ model: 'qwen' });
    servers.push(llama);
    const config = `model_provider = "llama"\nmodel = "qwen"\n[model_providers.llama]\nname = "llama.cpp"\nbase_url = "${llama.root}"\nwire_api = "chat"\n`;
    const { result, check } = await doctor(home(config), {}, ['--no-smoke']);
    expect(result.code).toBe(1);
    expect(check('base-url')).toMatchObject({
      status: 'fail',
      detail: `${llama.root}/models is not found, but ${llama.root}/v1/models answers: base_url lacks /v1`,
      fix: `set base_url = "${llama.baseUrl}" under [model_providers.llama]`,
    });
    // The other checks go on with the corrected URL.
    expect(check('wire')?.status).toBe('pass');
    // Identifying the server and finding /v1 list the models; nothing lists them again.
    expect(llama.requests.filter((request) => request.path === '/v1/models')).toHaveLength(2);
  });

  it('suggests the chat wire for a chat-only server configured for responses', async () => {
    const llama = await startFakeLlamaCpp({ model: 'qwen', wires: ['chat'] });
    servers.push(llama);
    const config = `model_provider = "llama"\nmodel = "qwen"\n[model_providers.llama]\nname = "llama.cpp"\nbase_url = "${llama.baseUrl}"\nwire_api = "responses"\n`;
    const { result, check } = await doctor(home(config), {});
    expect(result.code).toBe(1);
    expect(check('wire')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/^responses not available \(HTTP 404\); chat\/completions answers/),
      fix: 'set wire_api = "chat" under [model_providers.llama]',
    });
    expect(check('smoke-test')?.status).toBe('skip');
  });

  it('warns when the server reports far fewer prompt tokens than were sent', async () => {
    const truncated = { inputTokens: 120, outputTokens: 5 };
    const { ollama } = await ollamaWithScript(
      { models: [{ name: 'gpt-oss:20b', numCtx: 65536 }] },
      SMOKE_TURNS.map((turn) => ({ ...turn, usage: truncated })),
    );
    const { result, check } = await doctor(home(OLLAMA_CONFIG), { OLLAMA_HOST: ollama.root });
    expect(result.code).toBe(0);
    expect(check('smoke-test')?.status, JSON.stringify(check('smoke-test'))).toBe('warn');
    expect(check('smoke-test')?.detail).toContain('The server read only 120 prompt tokens of about');
  });

  it('flags a secret written in a config file inside a git repository', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'ossa-dotfiles-'));
    mkdirSync(join(repo, '.git'));
    const dir = join(repo, 'ossa');
    mkdirSync(dir);
    const llama = await startFakeLlamaCpp({ model: 'qwen' });
    servers.push(llama);
    writeFileSync(
      join(dir, 'config.toml'),
      `model_provider = "llama"\nmodel = "qwen"\n[model_providers.llama]\nname = "llama.cpp"\nbase_url = "${llama.baseUrl}"\nwire_api = "chat"\nexperimental_bearer_token = "sk-abcdefghijklmnopqrstuvwx"\n`,
    );
    const { result, check } = await doctor(dir, {}, ['--no-smoke']);
    expect(result.code).toBe(1);
    expect(check('secrets')).toMatchObject({
      status: 'fail',
      detail: `secret written in a config file inside a git repository (${repo}): model_providers.llama.experimental_bearer_token in ${join(dir, 'config.toml')}`,
    });
    expect(JSON.stringify(check('secrets'))).not.toContain('sk-abcdefghijklmnopqrstuvwx');
  });

  it('reports a broken config and exits 2', async () => {
    const { result, check } = await doctor(home('model = \n'), {});
    expect(result.code).toBe(2);
    expect(check('config')?.status).toBe('fail');
  });

  it('shows config warnings such as legacy profile tables', async () => {
    const llama = await startFakeLlamaCpp({ model: 'qwen' });
    servers.push(llama);
    const config = `model_provider = "llama"\nmodel = "qwen"\n[model_providers.llama]\nname = "llama.cpp"\nbase_url = "${llama.baseUrl}"\nwire_api = "chat"\n[profiles.old]\nmodel = "x"\n`;
    const { result, check } = await doctor(home(config), {}, ['--no-smoke']);
    expect(result.code).toBe(0);
    expect(check('config-warning')).toMatchObject({
      status: 'warn',
      fix: expect.stringContaining('ossa profiles migrate'),
    });
  });
});
