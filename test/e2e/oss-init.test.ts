import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeLlamaCpp, startFakeLlamaCpp } from '../kit/fake-llamacpp-server.js';
import { type FakeOllama, startFakeOllama } from '../kit/fake-ollama-server.js';
import { runOssa } from '../kit/run-cli.js';

let ollama: FakeOllama;
let llama: FakeLlamaCpp;
let home: string;
let env: Record<string, string>;

beforeAll(async () => {
  ollama = await startFakeOllama({
    models: [
      { name: 'gpt-oss:20b', numCtx: 65536, sizeBytes: 13_000_000_000 },
      { name: 'qwen3:4b', sizeBytes: 2_500_000_000 },
      { name: 'nomic-embed-text', capabilities: ['embedding'], sizeBytes: 270_000_000 },
    ],
  });
  llama = await startFakeLlamaCpp({ model: 'qwen3-coder', contextLength: 32768, wires: ['chat'] });
  home = mkdtempSync(join(tmpdir(), 'ossa-init-'));
  env = {
    OSSA_HOME: home,
    HOME: home,
    OLLAMA_HOST: ollama.root,
    OSSA_LOCAL_SERVERS: `${ollama.root},${llama.root}`,
  };
});
afterAll(async () => {
  await Promise.all([ollama.close(), llama.close()]);
});

describe('ossa init', () => {
  it('writes local, local-small and a profile with a provider table for the other server', async () => {
    const result = await runOssa(['init'], { env, cwd: home });
    expect(result.code, result.stderr).toBe(0);
    const llamaId = `llamacpp-${llama.port}`;
    expect(result.stdout).toContain(`wrote   ${join(home, 'local.config.toml')}: Ollama, gpt-oss:20b`);
    expect(result.stdout).toContain(`wrote   ${join(home, 'local-small.config.toml')}: Ollama, qwen3:4b`);
    // The small window is said on the terminal, not only in a comment of the written file.
    expect(result.stdout).toContain(
      '  ! the context window of qwen3:4b is 4.0K tokens, below the 64K ossa needs for agent work (source: ollama default',
    );
    expect(result.stdout).toContain('see `ossa doctor -p local-small`');
    expect(readFileSync(join(home, 'local.config.toml'), 'utf8')).toContain(
      'model_provider = "ollama"\nmodel = "gpt-oss:20b"\n',
    );
    expect(readFileSync(join(home, 'local-small.config.toml'), 'utf8')).toContain(
      '# Context window: 4096 tokens',
    );
    const other = readFileSync(join(home, `${llamaId}.config.toml`), 'utf8');
    expect(other).toContain(
      `model_provider = "${llamaId}"\nmodel = "qwen3-coder"\n\n[model_providers.${llamaId}]\nname = "llama.cpp server"\nbase_url = "${llama.baseUrl}"\n# wire_api: responses is not available; chat ended it with finish_reason "length" (asked for a long answer capped at 1 token).\nwire_api = "chat"\n`,
    );
    // The written profile is a valid one.
    const debug = await runOssa(['debug', 'config', '--json', '-p', llamaId], { env, cwd: home });
    expect(debug.code, debug.stderr).toBe(0);
    expect(JSON.parse(debug.stdout).provider).toMatchObject({
      id: llamaId,
      base_url: llama.baseUrl,
      wire_api: 'chat',
    });
  });

  // Issue 13, defect 8: the wire is chosen per server by what a 1-token cut-off probe shows, for
  // every server kind init writes, and the file says why.
  it("chooses each server's wire by a cut-off probe and says why in the file", async () => {
    const both = await startFakeLlamaCpp({ model: 'tiny' });
    const vllm = await startFakeLlamaCpp({ flavour: 'vllm', model: 'Qwen/Qwen3-8B' });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'ossa-init-wires-'));
      const result = await runOssa(['init'], {
        env: { OSSA_HOME: dir, HOME: dir, OSSA_LOCAL_SERVERS: `${both.root},${vllm.root}` },
        cwd: dir,
      });
      expect(result.code, result.stderr).toBe(0);
      const llamaFile = readFileSync(join(dir, 'local.config.toml'), 'utf8');
      expect(llamaFile).toContain(
        '# wire_api: asked for a long answer capped at 1 token, responses ended it with status "completed" but chat ended it with finish_reason "length": only chat tells a reply cut by a token limit from a complete one.\nwire_api = "chat"\n',
      );
      const vllmFile = readFileSync(join(dir, `vllm-${vllm.port}.config.toml`), 'utf8');
      expect(vllmFile).toMatch(/# wire_api: both wires answered alike .*\nwire_api = "responses"\n/);
    } finally {
      await Promise.all([both.close(), vllm.close()]);
    }
  });

  it('never overwrites an existing profile without a terminal to ask on', async () => {
    const file = join(home, 'local.config.toml');
    writeFileSync(file, 'model_provider = "ollama"\nmodel = "mine"\n');
    const result = await runOssa(['init'], { env, cwd: home });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `kept    ${file} (it exists; run \`ossa init\` in a terminal to be asked`,
    );
    expect(readFileSync(file, 'utf8')).toBe('model_provider = "ollama"\nmodel = "mine"\n');
  });

  it('fails with how to start a server when none runs', async () => {
    const gone = await startFakeOllama();
    await gone.close();
    const result = await runOssa(['init'], {
      env: { ...env, OSSA_LOCAL_SERVERS: gone.root, OSSA_HOME: mkdtempSync(join(tmpdir(), 'ossa-init-')) },
      cwd: home,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No model server is running (probed ${gone.root})`);
  });
});
