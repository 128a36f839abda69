// doctor's smoke test against models and servers that do not cooperate (issue 13, defect 4): it
// stops as soon as the model clearly fails, says plainly when its time limit was reached (the limit
// and how to change it), quotes the server's errors escaped and bounded, and takes tokens/s from
// the server's own timings.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeHttpServer } from '../kit/fake-http-server.js';
import { forwardStreamingTo } from '../kit/fake-model-wire.js';
import { startFakeOllama } from '../kit/fake-ollama-server.js';
import { loadScenario, type RecordedExchange, startReplayServer } from '../kit/recorded-exchanges.js';
import { runOssa } from '../kit/run-cli.js';
import {
  type ScriptedModelServer,
  type ScriptedTurn,
  startScriptedModelServer,
} from '../kit/scripted-model-server.js';
import { tempDir } from '../kit/workspace.js';

const servers: Array<FakeHttpServer | ScriptedModelServer> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

interface SmokeCheck {
  status: string;
  detail: string;
  fix?: string;
  data?: Record<string, unknown>;
}

function home(config: string): string {
  const dir = tempDir('ossa-doctor-home-');
  writeFileSync(join(dir, 'config.toml'), config);
  return dir;
}

async function smoke(dir: string, env: Record<string, string>, args: string[] = []) {
  const started = performance.now();
  const result = await runOssa(['doctor', '--json', ...args], {
    env: { OSSA_HOME: dir, HOME: dir, ...env },
    cwd: dir,
    timeoutMs: 60_000,
  });
  const report = JSON.parse(result.stdout) as { checks: Array<SmokeCheck & { id: string }> };
  const check = report.checks.find((entry) => entry.id === 'smoke-test')!;
  return { result, check, seconds: (performance.now() - started) / 1000 };
}

const OLLAMA_CONFIG = 'model_provider = "ollama"\nmodel = "gpt-oss:20b"\n';

async function ollamaWith(turns: ScriptedTurn[]) {
  const scripted = await startScriptedModelServer({ turns, models: ['gpt-oss:20b'] });
  const ollama = await startFakeOllama({
    models: [{ name: 'gpt-oss:20b', numCtx: 65536, trainedContext: 131072 }],
    handler: forwardStreamingTo(scripted.url),
  });
  servers.push(scripted, ollama);
  return { scripted, env: { OLLAMA_HOST: ollama.root } };
}

const modelRequests = (server: ScriptedModelServer) =>
  server.requests.filter((request) => request.wire !== undefined);

describe('ossa doctor smoke test, when the model does not cooperate', () => {
  it('a model that answers without calling a tool is reminded once, then stopped, with its answer quoted', async () => {
    const { scripted, env } = await ollamaWith([
      { text: 'I would run echo ossa-doctor-ok for you.' },
      { text: 'Sure, \u001b[31mdone\u001b[0m.' },
      { text: 'never asked' },
    ]);
    const { result, check } = await smoke(home(OLLAMA_CONFIG), env);
    expect(result.code).toBe(1);
    expect(check.status).toBe('fail');
    expect(check.detail).toMatch(/^stopped early: the model answered 2 times in a row without doing a step/);
    // The model's answer is quoted, escaped (no raw ESC), and the remaining steps are listed.
    expect(check.detail).toContain('«Sure, \\x1b[31mdone\\x1b[0m.»');
    expect(check.detail).not.toContain('\u001b');
    expect(check.detail).toContain('no successful shell call printing ossa-doctor-ok');
    expect(modelRequests(scripted)).toHaveLength(2);
    // The reminder names the steps still to do.
    expect(JSON.stringify(modelRequests(scripted)[1]!.body)).toContain('You have not done all the steps yet');
  });

  it('a model that stops after the first step and finishes after the reminder passes with a warning', async () => {
    const { scripted, env } = await ollamaWith([
      { toolCalls: [{ name: 'shell', arguments: { command: ['echo', 'ossa-doctor-ok'] } }] },
      { text: 'The command printed ossa-doctor-ok.' },
      {
        toolCalls: [
          {
            name: 'apply_patch',
            arguments: {
              input: '*** Begin Patch\n*** Add File: hello.txt\n+hello from ossa\n*** End Patch\n',
            },
          },
        ],
      },
      { text: 'DONE' },
    ]);
    const { result, check } = await smoke(home(OLLAMA_CONFIG), env);
    expect(result.code).toBe(0);
    expect(check.status).toBe('warn');
    expect(check.detail).toMatch(
      /^shell ran, hello\.txt written with apply_patch, final answer after 1 reminder\(s\)/,
    );
    // The reminder asks only for what is missing.
    const reminder = JSON.stringify(modelRequests(scripted)[2]!.body);
    expect(reminder).toMatch(/You have not done all the steps yet[^"]*\\n1\. Use the apply_patch tool/);
    expect(scripted.pendingTurns()).toBe(0);
  });

  it('a reply that loops is stopped within a second, not at the time limit', async () => {
    // 24,000 characters at 40 pieces/s would take 75 s to stream in full.
    const { scripted, env } = await ollamaWith([{ text: ' la'.repeat(8000), piecesPerSecond: 40 }]);
    const { check, seconds } = await smoke(home(OLLAMA_CONFIG), env);
    expect(check.status).toBe('fail');
    expect(check.detail).toMatch(
      /^stopped early: reply 1 repeats itself \(«( la|la |a l)» \d+ times in a row\)/,
    );
    expect(check.data).toMatchObject({ stopped: 'repetition' });
    expect(seconds).toBeLessThan(30);
    expect(modelRequests(scripted)).toHaveLength(1);
  });

  it('the same tool call again and again is no progress', async () => {
    const echo = { toolCalls: [{ name: 'shell', arguments: { command: ['echo', 'ossa-doctor-ok'] } }] };
    const { scripted, env } = await ollamaWith([echo, echo, echo, echo, echo, { text: 'DONE' }]);
    const { check } = await smoke(home(OLLAMA_CONFIG), env);
    expect(check.status).toBe('fail');
    expect(check.detail).toMatch(/^stopped early: the model sent the same shell call 3 times/);
    expect(modelRequests(scripted)).toHaveLength(3);
  });

  it('says plainly that the time limit was reached, what it was and how to change it', async () => {
    const { env } = await ollamaWith([{ fault: 'stall' }]);
    const { check, seconds } = await smoke(home(OLLAMA_CONFIG), env, ['--smoke-timeout', '2']);
    expect(check.status).toBe('fail');
    expect(check.detail).toMatch(/^stopped at the time limit of 2 s \(request 1 had streamed nothing yet\)/);
    expect(check.fix).toContain('ossa doctor --smoke-timeout 600');
    expect(check.data).toMatchObject({ stopped: 'time-limit', time_limit_s: 2 });
    expect(seconds).toBeLessThan(30);
  });

  it('a time limit that is not a number of seconds is a usage error', async () => {
    const result = await runOssa(['doctor', '--smoke-timeout', 'soon'], {
      env: { OSSA_HOME: home(OLLAMA_CONFIG) },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--smoke-timeout soon: give the smoke test');
  });
});

describe('ossa doctor smoke test against recorded llama.cpp bytes', () => {
  /** The probes of a recorded run, a small answer to each wire probe, then `streams` for the session. */
  async function llamaReplay(streams: RecordedExchange[]) {
    const plain = loadScenario('chat-plain');
    const probe = (path: string, body: unknown): RecordedExchange => ({
      method: 'POST',
      path,
      status: 200,
      contentType: 'application/json; charset=utf-8',
      server: 'llama.cpp',
      body: JSON.stringify(body),
    });
    const server = await startReplayServer({
      ...plain,
      exchanges: [
        ...plain.exchanges.filter((exchange) => exchange.method === 'GET'),
        probe('/v1/chat/completions', {
          choices: [{ message: { content: 'OK' } }],
          usage: { prompt_tokens: 9 },
        }),
        probe('/v1/responses', { output: [], usage: { input_tokens: 9 } }),
        ...streams,
      ],
    });
    servers.push(server);
    const config = [
      'model_provider = "llamacpp"',
      'model = "tiny"',
      '[model_providers.llamacpp]',
      'name = "llama.cpp server"',
      `base_url = "${server.baseUrl}"`,
      'wire_api = "chat"',
      '',
    ].join('\n');
    return { server, dir: home(config) };
  }

  it("a server error for this request ends the test at once and is quoted: the server's own words", async () => {
    const error = loadScenario('chat-parse-error').exchanges.find((exchange) => exchange.method === 'POST')!;
    const { server, dir } = await llamaReplay([error]);
    const { result, check, seconds } = await smoke(dir, {});
    expect(result.code).toBe(1);
    expect(check.detail).toMatch(/^the turn failed: «.*does not match the expected peg-native format/);
    expect(check.fix).toMatch(/^the server said: «.*does not match the expected peg-native format/);
    // One probe and one smoke request: not retried, no reminder after a failure.
    expect(server.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(2);
    expect(seconds).toBeLessThan(30);
  });

  it("tokens/s is llama.cpp's own timings, not 4 deltas' arrival times", async () => {
    const plain = loadScenario('chat-plain').exchanges.find((exchange) => exchange.method === 'POST')!;
    const rate = Number(/"predicted_per_second":([\d.]+)/.exec(plain.body)![1]);
    const { dir } = await llamaReplay([plain]);
    const { check } = await smoke(dir, {});
    // The plain model answers without the tools, so the check fails; its speed is the server's.
    expect(check.data).toMatchObject({
      tokens_per_second: Math.round(rate * 10) / 10,
      tokens_per_second_source: 'server',
    });
    expect(check.detail).toContain(`${Math.round(rate * 10) / 10} tokens/s (server timings)`);
    // The advice agrees with `ossa models`, which shows tiny as tools: yes (its /props chat_template_caps).
    expect(check.fix).toContain('the server reports tool support for tiny (`ossa models`: tools: yes)');
  });
});
