// doctor's smoke test, `ossa models`, `ossa init` and `--oss` against a real llama-server (issue
// 13, defects 4, 7 and 8): the smoke test stops early on a model that does not use its tools or a
// server that fails the request, with the server's words and its own tokens/s; models reads the
// window and tool support from /props at the provider's port; init picks the wire a 1-token probe
// shows reports cut-offs; --oss finds the server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOssa } from '../kit/run-cli.js';
import { gitWorkspace, tempDir } from '../kit/workspace.js';
import { ANSWERS } from './gguf/tiny-model.js';
import { useLlamaServer } from './kit/llama-server.js';
import { realHome } from './kit/real-home.js';
import { tierSkipped, tinyModel } from './kit/real-tier.js';

interface Check {
  id: string;
  status: string;
  detail: string;
  fix?: string;
  data?: Record<string, unknown>;
}

async function doctor(home: string) {
  const started = performance.now();
  const result = await runOssa(['doctor', '--json'], {
    cwd: gitWorkspace(),
    env: { OSSA_HOME: home, HOME: home },
    timeoutMs: 110_000,
  });
  const checks = (JSON.parse(result.stdout) as { checks: Check[] }).checks;
  return {
    result,
    smoke: checks.find((check) => check.id === 'smoke-test')!,
    seconds: (performance.now() - started) / 1000,
  };
}

describe.skipIf(tierSkipped())('doctor, models, init and --oss against a real llama-server', () => {
  const server = useLlamaServer(() => ({ model: tinyModel('qwen2.5').path }));
  // Opens a tool call it never closes. Cut by -n 32, the server sends what it parsed: an empty
  // shell call, every time. Otherwise it streams " la" into the call's arguments until the window is full.
  const cut = useLlamaServer(() => ({ model: tinyModel('stuck').path, args: ['-n', '32'] }));
  const filling = useLlamaServer(() => ({ model: tinyModel('stuck').path, context: 3072 }));

  describe('doctor smoke test (defect 4)', () => {
    it("a model that answers without its tools is stopped after one reminder, with the server's tokens/s", async () => {
      const { smoke, seconds } = await doctor(realHome({ baseUrl: server().baseUrl, wireApi: 'chat' }));
      expect(smoke.status).toBe('fail');
      expect(smoke.detail).toMatch(
        /^stopped early: the model answered 2 times in a row without doing a step/,
      );
      expect(smoke.detail).toContain(`«${ANSWERS.plain}»`);
      expect(smoke.data).toMatchObject({ tokens_per_second_source: 'server', requests: 2 });
      // A 4-token answer at a CPU's pace: tens of tokens per second, not thousands.
      expect(smoke.data?.tokens_per_second as number).toBeLessThan(1000);
      // /props chat_template_caps says the template takes tools: the advice matches `ossa models`.
      expect(smoke.fix).toContain('(`ossa models`: tools: yes)');
      expect(seconds).toBeLessThan(60);
    });

    it.each(['chat', 'responses'] as const)(
      'a model writing a tool call that never ends (%s) is stopped within seconds, not at the time limit',
      async (wireApi) => {
        const home = realHome({ baseUrl: filling().baseUrl, wireApi, model: 'tiny-stuck' });
        const { smoke, seconds } = await doctor(home);
        expect(smoke.status).toBe('fail');
        expect(smoke.detail).toMatch(/^stopped early: reply 1 wrote a shell call of over \d+ characters/);
        expect(smoke.data).toMatchObject({ requests: 1, stopped: 'runaway-call' });
        expect(seconds).toBeLessThan(60);
      },
    );
  });

  it('a model that sends the same call again and again is stopped at the third', async () => {
    const home = realHome({ baseUrl: cut().baseUrl, wireApi: 'chat', model: 'tiny-stuck' });
    const { smoke, seconds } = await doctor(home);
    expect(smoke.detail).toMatch(/^stopped early: the model sent the same shell call 3 times/);
    expect(smoke.data).toMatchObject({ requests: 3, stopped: 'repeated-call' });
    expect(seconds).toBeLessThan(60);
  });

  it("ossa models reads the window and tool support from /props at the provider's own port (defect 7)", async () => {
    const home = realHome({ baseUrl: server().baseUrl, wireApi: 'chat' });
    const result = await runOssa(['models', '--json'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: home, OSSA_LOCAL_SERVERS: 'http://127.0.0.1:9' },
    });
    expect(result.code, result.stderr).toBe(0);
    const sources = (JSON.parse(result.stdout) as { sources: Array<Record<string, unknown>> }).sources;
    expect(sources).toEqual([
      expect.objectContaining({
        kind: 'llamacpp',
        provider: 'llamacpp',
        models: [
          expect.objectContaining({
            id: 'tiny',
            context_window: 65536,
            context_source: 'llama.cpp /props n_ctx',
            tools: true,
          }),
        ],
      }),
    ]);
  });

  it('ossa init writes wire_api = "chat" for llama.cpp, and why (defect 8)', async () => {
    const home = tempDir('ossa-init-home-');
    const result = await runOssa(['init'], {
      cwd: home,
      env: { OSSA_HOME: home, HOME: home, OSSA_LOCAL_SERVERS: server().root },
      timeoutMs: 60_000,
    });
    expect(result.code, result.stderr).toBe(0);
    const written = readFileSync(join(home, 'local.config.toml'), 'utf8');
    expect(written).toContain(
      '# wire_api: asked for a long answer capped at 1 token, responses ended it with status "completed" but chat ended it with finish_reason "length": only chat tells a reply cut by a token limit from a complete one.\nwire_api = "chat"\n',
    );
  });

  it('ossa exec --oss finds the server and uses the model it serves (defect 8)', async () => {
    const result = await runOssa(['exec', '--oss', 'say hi'], {
      cwd: gitWorkspace(),
      // OSSA_OSS_BASE_URL stands in for the default port 8080, which this machine may not have free.
      env: { OSSA_HOME: tempDir('ossa-home-'), OSSA_OSS_BASE_URL: server().baseUrl },
      timeoutMs: 60_000,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${ANSWERS.plain}\n`);
  });
});
