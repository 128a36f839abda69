// What a new user meets on the first runs: no config at all, the README's commands, mistakes.
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startFakeOllama } from '../kit/fake-ollama-server.js';
import { runOssa } from '../kit/run-cli.js';
import { startScriptedModelServer } from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome, tempDir } from '../kit/workspace.js';

/** An environment with nothing configured: empty $OSSA_HOME, no API keys, no local servers. */
function bareEnv(home: string): Record<string, string | undefined> {
  return {
    OSSA_HOME: home,
    OPENAI_API_KEY: undefined,
  };
}

describe('no model configured', () => {
  it('exec points a local-model user at --oss, ossa init and the README, exit 2', async () => {
    const home = tempDir('ossa-home-');
    const result = await runOssa(['exec', 'hi'], { cwd: gitWorkspace(), env: bareEnv(home) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No model configured for provider `openai`');
    expect(result.stderr).toContain(`${home}/config.toml`);
    expect(result.stderr).toContain('`ossa --oss`');
    expect(result.stderr).toContain('`ossa init`');
    expect(result.stderr).toContain('README');
    expect(result.stdout).toBe('');
  });
});

describe("the README's set-up", () => {
  const root = new URL('../../', import.meta.url);
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
    engines: { node: string };
    bin: { ossa: string };
  };

  it('claims the Node version package.json enforces', () => {
    const oldest = /^>=(\d+)$/.exec(pkg.engines.node)?.[1];
    expect(oldest).toBeDefined();
    expect(readme).toContain(`**Node.js ${oldest} or newer**`);
  });

  it('puts `ossa` on PATH with npm link, whose target is an executable launcher', () => {
    expect(readme).toMatch(/^npm install\b/m);
    expect(readme).toMatch(/^npm link\b/m);
    const launcher = new URL(pkg.bin.ossa, root);
    expect(readFileSync(launcher, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(launcher).mode & 0o111).not.toBe(0);
  });
});

describe('--oss without oss_provider: one rule for every command that talks to a model', () => {
  it('debug config picks the running server as exec does', async () => {
    const ollama = await startFakeOllama({ models: [{ name: 'gpt-oss:20b', numCtx: 65536 }] });
    try {
      const home = tempDir('ossa-home-');
      // LM Studio's default port (1234) has nothing listening on the test machine.
      const env = { ...bareEnv(home), OLLAMA_HOST: ollama.root };
      const result = await runOssa(['--oss', 'debug', 'config', '--json'], { env });
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as { model_provider: string; model: string };
      expect(report).toMatchObject({ model_provider: 'ollama', model: 'gpt-oss:20b' });
    } finally {
      await ollama.close();
    }
  });

  it('sandbox ignores --oss (no model involved)', async () => {
    const home = tempDir('ossa-home-');
    const result = await runOssa(['--oss', 'sandbox', '-s', 'danger-full-access', '--', 'true'], {
      env: bareEnv(home),
      cwd: gitWorkspace(),
    });
    expect(result.stderr).not.toContain('No default OSS provider');
    expect(result.code, result.stderr).toBe(0);
  });
});

describe('a prompt far bigger than the known window', () => {
  it('is refused before sending, with its size and the window', async () => {
    const server = await startScriptedModelServer({ turns: [{ text: 'should not be asked' }] });
    try {
      const home = mockHome(server.url); // model_context_window = 131072
      const prompt = `summarise this:\n${'word '.repeat(140_000)}`; // ≈ 700 KB ≈ 175K tokens
      const result = await runOssa(['exec', '-'], {
        cwd: gitWorkspace(),
        env: { OSSA_HOME: home },
        input: prompt,
      });
      expect(result.code).toBe(1);
      // The refusal is context management's (session/context): the message's size, the window, nothing sent.
      expect(result.stderr).toMatch(
        /This message is too large for the model's context window: it is about [\d,]+ tokens/,
      );
      expect(result.stderr).toContain('the window is 131,072 tokens');
      expect(result.stderr).toContain('It was not sent.');
      expect(server.requests.filter((request) => request.method === 'POST')).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
