// The ordinary suite against real llama.cpp bytes: test/fixtures/llamacpp holds exchanges recorded
// from llama-server by the real-server tier (test/real/record-fixtures.test.ts); a replay server
// answers with them, so every change is checked against what llama.cpp really sends.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createModelClient } from '../../src/model/client.js';
import { collect } from '../../src/model/test-support/collect-events.js';
import { identifyServer } from '../../src/servers/identify.js';
import { startFakeHttpServer } from '../kit/fake-http-server.js';
import { loadScenario, startReplayServer } from '../kit/recorded-exchanges.js';
import { runOssa } from '../kit/run-cli.js';
import { scriptedProvider } from '../kit/scripted-model-server.js';
import { gitWorkspace, tempDir } from '../kit/workspace.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function home(baseUrl: string, wireApi: 'chat' | 'responses', model = 'tiny'): string {
  const dir = tempDir('ossa-home-');
  writeFileSync(
    join(dir, 'config.toml'),
    [
      `model = "${model}"`,
      'model_provider = "llamacpp"',
      '[model_providers.llamacpp]',
      'name = "llama.cpp server"',
      `base_url = "${baseUrl}"`,
      `wire_api = "${wireApi}"`,
      'request_max_retries = 0',
      '',
    ].join('\n'),
  );
  return dir;
}

async function replay(name: string) {
  const server = await startReplayServer(loadScenario(name));
  closers.push(() => server.close());
  return server;
}

describe.each(['chat', 'responses'] as const)('recorded llama.cpp over the %s wire', (wireApi) => {
  it('a plain answer', async () => {
    const server = await replay(`${wireApi}-plain`);
    const result = await runOssa(['exec', 'say hi'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: home(server.baseUrl, wireApi) },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('Hello world!\n');
  });

  it('a tool call parsed by the server, run in the sandbox, then the answer', async () => {
    const server = await replay(`${wireApi}-tool-loop`);
    const result = await runOssa(['exec', 'use the pineapple tool'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: home(server.baseUrl, wireApi) },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('echo hi');
    expect(result.stdout).toBe('done\n');
  });

  // Defect 4: tokens/s is llama.cpp's own `timings.predicted_per_second`, not the arrival times of
  // four deltas (which read as thousands of tokens per second).
  it("tokens/s is the server's own measurement", async () => {
    const server = await replay(`${wireApi}-plain`);
    const recorded = loadScenario(`${wireApi}-plain`).exchanges.find(
      (exchange) => exchange.method === 'POST',
    )!;
    const rate = Number(/"predicted_per_second":([\d.]+)/.exec(recorded.body)![1]);
    const result = await runOssa(['exec', '--json', 'say hi'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: home(server.baseUrl, wireApi) },
    });
    expect(result.code, result.stderr).toBe(0);
    const usage = result.stdout
      .split('\n')
      .filter(Boolean)
      .map(
        (line) =>
          JSON.parse(line) as { type: string; tokensPerSecond?: number; tokensPerSecondSource?: string },
      )
      .find((event) => event.type === 'usage');
    expect(usage).toMatchObject({
      tokensPerSecond: Math.round(rate * 10) / 10,
      tokensPerSecondSource: 'server',
    });
  });

  it('reasoning, then the answer', async () => {
    const server = await replay(`${wireApi}-reasoning`);
    const result = await runOssa(['exec', '--json', 'say hi'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: home(server.baseUrl, wireApi, 'tiny-think') },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('"type":"reasoning"');
    expect(result.stdout).toContain('"text":"ok"');
  });

  // Defect 3: llama.cpp's Responses endpoint says `completed` for a reply cut by -n; the chat wire
  // says finish_reason "length". Both must end with the cut-off warning.
  it('a reply cut by -n 2 ends with the cut-off warning', async () => {
    const server = await replay(`${wireApi}-cut-off`);
    const result = await runOssa(['exec', 'say hi'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: home(server.baseUrl, wireApi) },
    });
    expect(result.stdout).toBe('Hello world\n');
    expect(result.stderr).toMatch(/output token limit/);
  });

  // Defect 2: an error the server raises for this very request is not sent again five times.
  it("the server's in-stream 500 (its parser rejected the output) is not retried and is quoted", async () => {
    const server = await replay(`${wireApi}-parse-error`);
    const client = createModelClient(
      scriptedProvider(server.baseUrl, { wireApi, requestMaxRetries: 5, streamMaxRetries: 5 }),
      { sleep: async () => {} },
    );
    const request = { model: 'tiny', instructions: 'x', input: [], tools: [] };
    const { error, events } = await collect(client.stream(request, AbortSignal.timeout(10_000)));
    expect((error as Error).message).toContain('does not match the expected peg-native format');
    expect(events.filter((event) => event.type === 'retry')).toHaveLength(0);
    expect(server.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('a -c 512 window is refused before anything is sent, with the figures', async () => {
    const server = await replay(`${wireApi}-overflow`);
    const result = await runOssa(['exec', 'say hi'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: home(server.baseUrl, wireApi) },
    });
    expect(result.code).not.toBe(0);
    // The pre-send check knows the window (/props n_ctx): the instructions alone cannot fit.
    expect(result.stderr).toMatch(
      /too small for any request: the instructions and tool list alone are about [\d,]+ tokens, but the window is 512 tokens/,
    );
    expect(result.stderr).toContain('Nothing was sent');
  });
});

describe('ossa exec --oss with llama-server running (defect 8)', () => {
  it('finds it, uses the model it serves on the chat wire, and answers', async () => {
    const server = await replay('chat-plain');
    const result = await runOssa(['exec', '--oss', 'say hi'], {
      cwd: gitWorkspace(),
      // OSSA_OSS_BASE_URL stands in for llama-server's default port 8080 here.
      env: { OSSA_HOME: tempDir('ossa-home-'), OSSA_OSS_BASE_URL: server.baseUrl },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('Hello world!\n');
    const post = server.requests.find((request) => request.method === 'POST')!;
    expect(post.path).toBe('/v1/chat/completions');
    expect((post.body as { model?: string }).model).toBe('tiny');
  });
});

describe('ossa models with a configured llama.cpp provider (defect 7)', () => {
  it("reads the window and tool support from /props at the provider's own port", async () => {
    const server = await replay('chat-plain');
    const result = await runOssa(['models', '--json'], {
      cwd: gitWorkspace(),
      // Nothing on the well-known ports: only the configured provider can be found.
      env: { OSSA_HOME: home(server.baseUrl, 'chat'), OSSA_LOCAL_SERVERS: 'http://127.0.0.1:9' },
    });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { sources: Array<Record<string, unknown>> };
    expect(report.sources).toEqual([
      expect.objectContaining({
        kind: 'llamacpp',
        url: server.root,
        provider: 'llamacpp',
        models: [
          expect.objectContaining({
            id: 'tiny',
            context_window: 65536,
            context_source: 'llama.cpp /props n_ctx',
            // /props chat_template_caps: supports_tools and supports_tool_calls.
            tools: true,
          }),
        ],
      }),
    ]);
    const text = await runOssa(['models'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: home(server.baseUrl, 'chat'), OSSA_LOCAL_SERVERS: 'http://127.0.0.1:9' },
    });
    expect(text.stdout).toMatch(/ {2}tiny +context 64K, max 128K +tools: yes +loaded/);
  });
});

describe('a llama-server started with --api-key (defect 1)', () => {
  it('is identified when the probes carry the key, and a probe without it says the server wants a key', async () => {
    const recorded = loadScenario('chat-plain');
    const props = recorded.exchanges.find((exchange) => exchange.path === '/props')!;
    const server = await startFakeHttpServer((request, response) => {
      // llama-server --api-key: every endpoint but /health answers 401 without the key.
      if (request.headers.authorization !== 'Bearer sekrit') {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end('{"error":{"code":401,"message":"Invalid API Key","type":"authentication_error"}}');
        return;
      }
      const found = recorded.exchanges.find((exchange) => exchange.path === request.path) ?? props;
      response.writeHead(found.path === request.path ? found.status : 404, {
        'content-type': found.contentType,
      });
      response.end(found.path === request.path ? found.body : '{}');
    });
    closers.push(() => server.close());
    const keyed = await identifyServer(server.root, { headers: { authorization: 'Bearer sekrit' } });
    expect(keyed.ok && keyed.server.kind).toBe('llamacpp');
    const bare = await identifyServer(server.root);
    expect(bare.ok).toBe(false);
    expect(!bare.ok && bare.detail).toMatch(/the server wants a key \(HTTP 401\)/);
  });
});
