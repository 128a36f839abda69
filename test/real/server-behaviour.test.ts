// How ossa reads and survives a real llama-server: the window from /props (with -np slots), an
// overflow with a small -c, a server started with --api-key, router mode (--models-dir), a reply cut
// by -n, a server killed mid-stream and Ctrl-C cancelling the server's task.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runOssa, spawnOssa } from '../kit/run-cli.js';
import { gitWorkspace, tempDir } from '../kit/workspace.js';
import { ANSWERS, TRIGGERS } from './gguf/tiny-model.js';
import { type LlamaServerOptions, type RunningLlamaServer, startLlamaServer } from './kit/llama-server.js';
import { realHome } from './kit/real-home.js';
import { tierSkipped, tinyModel } from './kit/real-tier.js';

const WIRES = ['chat', 'responses'] as const;
let servers: RunningLlamaServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
});

async function serve(options: Partial<LlamaServerOptions> = {}): Promise<RunningLlamaServer> {
  const server = await startLlamaServer({ model: tinyModel('qwen2.5').path, ...options });
  servers.push(server);
  return server;
}

/** Whether any slot is generating (GET /slots). */
async function busy(server: RunningLlamaServer, apiKey?: string): Promise<boolean> {
  const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  const slots = (await (await fetch(`${server.root}/slots`, { headers })).json()) as {
    is_processing: boolean;
  }[];
  return slots.some((slot) => slot.is_processing);
}

async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

describe.skipIf(tierSkipped())('a real llama-server', () => {
  describe('the context window from /props', () => {
    it('is the per-slot n_ctx: -c 65536 with the default unified cache is enough, no warning', async () => {
      const server = await serve({ context: 65536 });
      const home = realHome({ baseUrl: server.baseUrl, wireApi: 'chat' });
      const result = await runOssa(['exec', 'say hi'], { cwd: gitWorkspace(), env: { OSSA_HOME: home } });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toMatch(/context window/i);
    });

    it('-np 2 splits -c 65536 into two 32768 windows: the warning names 32768 and the fix that reaches 64K', async () => {
      const server = await serve({ context: 65536, args: ['-np', '2'] });
      const home = realHome({ baseUrl: server.baseUrl, wireApi: 'chat' });
      const result = await runOssa(['exec', 'say hi'], { cwd: gitWorkspace(), env: { OSSA_HOME: home } });
      expect(result.stderr).toContain('32768');
      expect(result.stderr).toContain('-c 131072');
      // llama.cpp refuses what does not fit (HTTP 400 exceed_context_size_error), it does not drop silently.
      expect(result.stderr).not.toMatch(/without saying so|silently/);
      // A 20M-parameter model's KV cache is not 8 GiB: no estimate from made-up dimensions (defect 10).
      expect(result.stderr).not.toMatch(/GiB/);
    });
  });

  describe.each(WIRES)('over the %s wire', (wireApi) => {
    // Since the pre-send check (session/context-fit.ts), a window too small for the instructions is
    // refused before anything is sent, with the window /props reported; the server's own HTTP 400
    // figures are checked against recorded bytes (test/e2e/llamacpp-recorded.test.ts).
    it('a window too small for the first request is refused before sending, with the figures and a 64K fix', async () => {
      const server = await serve({ context: 512 });
      const home = realHome({ baseUrl: server.baseUrl, wireApi });
      const result = await runOssa(['exec', 'say hi'], { cwd: gitWorkspace(), env: { OSSA_HOME: home } });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/too small for any request: .* the window is 512 tokens/);
      expect(result.stderr).toContain('Nothing was sent');
      expect(result.stderr).not.toMatch(/no longer fits/);
      expect(result.stderr).toMatch(/-c 65536/);
    });

    // Defect 3, second half: llama-server's Responses endpoint calls a reply cut by -n `completed`
    // with no incomplete_details; ossa tells by the token count (protocol/server-kinds.ts).
    it('a reply cut by -n ends with the cut-off warning', async () => {
      const server = await serve({ args: ['-n', '2'] });
      const home = realHome({ baseUrl: server.baseUrl, wireApi });
      const result = await runOssa(['exec', 'say hi'], { cwd: gitWorkspace(), env: { OSSA_HOME: home } });
      expect(result.stdout).toBe('Hello world\n');
      expect(result.stderr).toMatch(/output token limit/);
    });

    it('with --api-key, the probes carry the key: no false warnings', async () => {
      const server = await serve({ args: ['--api-key', 'sekrit'], apiKey: 'sekrit' });
      const home = realHome({ baseUrl: server.baseUrl, wireApi, provider: ['env_key = "TINY_KEY"'] });
      const result = await runOssa(['exec', 'say hi'], {
        cwd: gitWorkspace(),
        env: { OSSA_HOME: home, TINY_KEY: 'sekrit' },
      });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe(`${ANSWERS.plain}\n`);
      expect(result.stderr).not.toMatch(/warning/i);
    });

    it('a server killed mid-stream ends the run with an error, promptly', async () => {
      const server = await serve();
      const home = realHome({ baseUrl: server.baseUrl, wireApi });
      const run = spawnOssa(['exec', `sing${TRIGGERS.endless}`], {
        cwd: gitWorkspace(),
        env: { OSSA_HOME: home },
        timeoutMs: 60_000,
      });
      await until(() => busy(server), 20_000, 'the server to start generating');
      server.process.kill('SIGKILL');
      const result = await run.done;
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/Error/);
      expect(result.signal).toBeNull();
    });

    it('Ctrl-C stops the server task too, not only ossa', async () => {
      const server = await serve();
      const home = realHome({ baseUrl: server.baseUrl, wireApi });
      const run = spawnOssa(['exec', `sing${TRIGGERS.endless}`], {
        cwd: gitWorkspace(),
        env: { OSSA_HOME: home },
        timeoutMs: 60_000,
      });
      await until(() => busy(server), 20_000, 'the server to start generating');
      run.child.kill('SIGINT');
      await run.done;
      const stoppedIn = await until(async () => !(await busy(server)), 5_000, 'the server task to stop');
      expect(stoppedIn).toBeLessThan(5_000);
    });
  });

  describe('router mode (--models-dir)', () => {
    // Defect 6: /props without ?model= reports n_ctx 0 in router mode; /props?model=NAME has it.
    it('exec answers and knows the window from /props?model=', async () => {
      const dir = tempDir('ossa-models-dir-');
      copyFileSync(tinyModel('qwen2.5').path, join(dir, 'tiny.gguf'));
      const server = await serve({ model: undefined, modelsDir: dir, context: 65536 });
      const home = realHome({ baseUrl: server.baseUrl, wireApi: 'chat' });
      const result = await runOssa(['exec', 'say hi'], {
        cwd: gitWorkspace(),
        env: { OSSA_HOME: home },
        timeoutMs: 60_000,
      });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe(`${ANSWERS.plain}\n`);
      expect(result.stderr).not.toMatch(/cannot tell the context window/);
    });

    it('doctor checks the name against the models it serves and reads the window per model', async () => {
      const dir = tempDir('ossa-models-dir-');
      copyFileSync(tinyModel('qwen2.5').path, join(dir, 'tiny.gguf'));
      const server = await serve({ model: undefined, modelsDir: dir, context: 65536 });
      const served = await runOssa(['doctor', '--no-smoke', '--json'], {
        cwd: gitWorkspace(),
        env: { OSSA_HOME: realHome({ baseUrl: server.baseUrl, wireApi: 'chat' }) },
        timeoutMs: 60_000,
      });
      const checks = (
        JSON.parse(served.stdout) as { checks: { id: string; status: string; detail: string }[] }
      ).checks;
      const byId = (id: string) => checks.find((check) => check.id === id);
      expect(byId('model')?.detail).not.toMatch(/answers to any name/);
      expect(byId('context-window')).toMatchObject({ status: 'pass' });
      expect(byId('context-window')?.detail).toContain('65536');
      expect(byId('wire')).toMatchObject({ status: 'pass' });
      const unknown = await runOssa(['doctor', '--no-smoke'], {
        cwd: gitWorkspace(),
        env: { OSSA_HOME: realHome({ baseUrl: server.baseUrl, wireApi: 'chat', model: 'nope' }) },
        timeoutMs: 60_000,
      });
      expect(unknown.code).not.toBe(0);
      expect(unknown.stdout + unknown.stderr).toMatch(/nope is not among the server's models \(tiny\)/);
    });
  });
});
