// Retry rules against the scripted server: which failures are retried, how long the client waits
// (recorded through an injected sleep), which budget a failure counts against, and what the final
// error says.
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  type ScriptedModelServer,
  type ScriptedTurn,
  scriptedProvider,
  startScriptedModelServer,
} from '../../test/kit/scripted-model-server.js';
import type { ProviderSettings } from '../protocol/provider.js';
import { createModelClient } from './client.js';
import {
  ContextWindowExceededError,
  ModelApiError,
  ModelConnectionError,
  ModelServerError,
  ModelStreamError,
} from './errors.js';
import { collect, summarize } from './test-support/collect-events.js';
import type { ModelRequest } from './types.js';

const REQUEST: ModelRequest = {
  model: 'test-model',
  instructions: 'You are a test.',
  input: [{ type: 'message', role: 'user', text: 'hi' }],
  tools: [],
};

let server: ScriptedModelServer;
beforeAll(async () => {
  server = await startScriptedModelServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

/** A client whose waits are recorded instead of slept, with jitter fixed at its midpoint (×1.0). */
function recordingClient(overrides: Partial<ProviderSettings>) {
  const delays: number[] = [];
  const client = createModelClient(scriptedProvider(server.url, overrides), {
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
  });
  return { client, delays };
}

async function run(turns: ScriptedTurn[], overrides: Partial<ProviderSettings> = {}, request = REQUEST) {
  server.setTurns(turns);
  const { client, delays } = recordingClient(overrides);
  const result = await collect(client.stream(request, new AbortController().signal));
  return { ...result, delays, retries: result.events.filter((event) => event.type === 'retry') };
}

// The same 500 again and again: a remote service (isLocal false) retries it to the budget; a local
// server saying the same twice is deterministic (deterministic-failures.test.ts).
const status500: ScriptedTurn = {
  fault: 'status',
  status: 500,
  body: { error: { message: 'backend exploded' } },
};

describe.each(['responses', 'chat'] as const)('%s wire', (wireApi) => {
  test('5xx is retried with exponential backoff, then the reply streams', async () => {
    const result = await run([status500, status500, { text: 'recovered' }], {
      wireApi,
      requestMaxRetries: 4,
      isLocal: false,
    });
    expect(result.error).toBeUndefined();
    expect(result.delays).toEqual([200, 400]);
    expect(result.retries).toEqual([
      {
        type: 'retry',
        attempt: 1,
        maxAttempts: 5,
        delayMs: 200,
        reason: expect.stringContaining('backend exploded'),
      },
      {
        type: 'retry',
        attempt: 2,
        maxAttempts: 5,
        delayMs: 400,
        reason: expect.stringContaining('HTTP 500'),
      },
    ]);
    expect(summarize(result.events).text).toBe('recovered');
    expect(server.requests).toHaveLength(3);
    // Each attempt sends the same bytes.
    expect(new Set(server.requests.map((request) => request.rawBody)).size).toBe(1);
  });

  test('after the last retry the error names the URL, the status and the server message', async () => {
    const result = await run([status500, status500, status500], {
      wireApi,
      requestMaxRetries: 2,
      isLocal: false,
    });
    const error = result.error as ModelApiError;
    expect(error).toBeInstanceOf(ModelApiError);
    expect(error.status).toBe(500);
    expect(error.serverMessage).toBe('backend exploded');
    expect(error.message).toContain(`${server.url}/${wireApi === 'chat' ? 'chat/completions' : 'responses'}`);
    expect(error.message).toContain('HTTP 500');
    expect(error.message).toContain('"backend exploded"');
    expect(error.message).toContain('gave up after 3 attempts');
    expect(error.exitCode).toBe(1);
    expect(server.requests).toHaveLength(3);
  });
});

test('Retry-After in seconds is honoured instead of the backoff', async () => {
  const limited: ScriptedTurn = { fault: 'status', status: 429, headers: { 'retry-after': '3' } };
  const result = await run([limited, { text: 'ok' }], { requestMaxRetries: 4 });
  expect(result.delays).toEqual([3000]);
  expect(result.retries[0]).toMatchObject({ delayMs: 3000, attempt: 1 });
});

test('Retry-After as an HTTP date is honoured', async () => {
  const at = new Date(Date.now() + 8000).toUTCString();
  const result = await run(
    [{ fault: 'status', status: 503, headers: { 'retry-after': at } }, { text: 'ok' }],
    {
      requestMaxRetries: 1,
    },
  );
  expect(result.delays).toHaveLength(1);
  // HTTP dates have one-second resolution.
  expect(result.delays[0]).toBeGreaterThan(6000);
  expect(result.delays[0]).toBeLessThanOrEqual(8000);
});

test('Retry-After is capped at 60 s', async () => {
  const result = await run(
    [{ fault: 'status', status: 429, headers: { 'retry-after': '3600' } }, { text: 'ok' }],
    {
      requestMaxRetries: 1,
    },
  );
  expect(result.delays).toEqual([60_000]);
});

test('backoff doubles up to the 10 s cap', async () => {
  const turns = Array.from({ length: 9 }, () => status500);
  const result = await run([...turns, { text: 'ok' }], { requestMaxRetries: 9, isLocal: false });
  expect(result.delays).toEqual([200, 400, 800, 1600, 3200, 6400, 10_000, 10_000, 10_000]);
});

test.each([400, 401, 403, 404, 422])('HTTP %i is not retried', async (status) => {
  const result = await run([{ fault: 'status', status, body: { error: { message: `nope ${status}` } } }], {
    requestMaxRetries: 4,
  });
  expect(result.error).toBeInstanceOf(ModelApiError);
  expect((result.error as ModelApiError).retryable).toBe(false);
  expect((result.error as Error).message).toContain(`"nope ${status}"`);
  expect(result.retries).toHaveLength(0);
  expect(server.requests).toHaveLength(1);
});

test.each([408, 409, 429, 502, 503, 504])('HTTP %i is retried', async (status) => {
  const result = await run([{ fault: 'status', status }, { text: 'ok' }], { requestMaxRetries: 1 });
  expect(result.error).toBeUndefined();
  expect(result.retries).toHaveLength(1);
});

test('an error body without JSON is quoted as text; an HTML page is not', async () => {
  const plain = await run([{ fault: 'status', status: 400, body: 'model "x" is not loaded' }]);
  expect((plain.error as Error).message).toContain('"model \\"x\\" is not loaded"');
  const html = await run([{ fault: 'status', status: 400, body: '<html><body>Bad gateway</body></html>' }]);
  expect((html.error as Error).message).toContain('the server sent no error message');
});

test('a 400 saying the context is full is a ContextWindowExceededError (llama.cpp shape)', async () => {
  const body = {
    error: {
      code: 400,
      message: 'the request exceeds the available context size, try increasing it',
      type: 'exceed_context_size_error',
    },
  };
  const result = await run([{ fault: 'status', status: 400, body }], { requestMaxRetries: 3 });
  expect(result.error).toBeInstanceOf(ContextWindowExceededError);
  expect((result.error as Error).message).toContain('exceeds the available context size');
  expect(server.requests).toHaveLength(1);
});

describe('404 hints', () => {
  test('base_url without /v1', async () => {
    server.setTurns([]);
    const client = createModelClient(scriptedProvider(server.url.replace(/\/v1$/, ''), { id: 'myserver' }));
    const { error } = await collect(client.stream(REQUEST, new AbortController().signal));
    expect(error).toBeInstanceOf(ModelApiError);
    const message = (error as Error).message;
    expect(message).toContain('HTTP 404');
    expect(message).toContain(`${server.url.replace(/\/v1$/, '')}/responses`);
    expect(message).toContain('may be missing "/v1"');
    expect(message).toContain('wire_api = "chat" in model_providers.myserver');
  });

  test('a chat-only server asked for /responses suggests wire_api = "chat"', async () => {
    const chatOnly = await startScriptedModelServer({ wires: ['chat'] });
    try {
      const client = createModelClient(scriptedProvider(chatOnly.url, { id: 'local' }));
      const { error } = await collect(client.stream(REQUEST, new AbortController().signal));
      const message = (error as Error).message;
      expect(message).toContain('has no /responses endpoint');
      expect(message).not.toContain('missing "/v1"');
      expect(message).toContain('set wire_api = "chat"');
      expect(message).toContain('"Unexpected endpoint or method. (POST /v1/responses)"');
    } finally {
      await chatOnly.close();
    }
  });

  test('a responses-only server asked for /chat/completions suggests wire_api = "responses"', async () => {
    const responsesOnly = await startScriptedModelServer({ wires: ['responses'] });
    try {
      const client = createModelClient(scriptedProvider(responsesOnly.url, { wireApi: 'chat' }));
      const { error } = await collect(client.stream(REQUEST, new AbortController().signal));
      expect((error as Error).message).toContain('set wire_api = "responses"');
    } finally {
      await responsesOnly.close();
    }
  });

  test('a 404 about the model points at the model name', async () => {
    const body = { error: { message: "model 'qwen3:8b' not found, try pulling it first" } };
    const result = await run([{ fault: 'status', status: 404, body }]);
    expect((result.error as Error).message).toContain('Check the model name');
  });
});

test('401 without a key says which setting to add; with a key, which variable to check', async () => {
  const without = await run([{ fault: 'status', status: 401 }], { id: 'gateway' });
  expect((without.error as Error).message).toContain('set model_providers.gateway.env_key');
  const withKey = await run([{ fault: 'status', status: 401 }], {
    apiKey: 'sk-wrong',
    envKey: 'GATEWAY_KEY',
  });
  expect((withKey.error as Error).message).toContain('check $GATEWAY_KEY');
  expect((withKey.error as Error).message).not.toContain('sk-wrong');
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('connection refused', () => {
  test('on a local provider: at most 2 quick retries, then how to start the server', async () => {
    const port = await closedPort();
    const delays: number[] = [];
    const client = createModelClient(
      scriptedProvider(`http://127.0.0.1:${port}/v1`, { id: 'ollama', requestMaxRetries: 4, isLocal: true }),
      { sleep: async (ms) => void delays.push(ms), random: () => 0.5 },
    );
    const started = Date.now();
    const { error, events } = await collect(client.stream(REQUEST, new AbortController().signal));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(ModelConnectionError);
    expect((error as ModelConnectionError).code).toBe('ECONNREFUSED');
    const message = (error as Error).message;
    expect(message).toContain(`http://127.0.0.1:${port}/v1/responses`);
    expect(message).toContain('`ollama serve`');
    expect(message).toContain('gave up after 3 attempts');
    expect(delays).toEqual([200, 400]);
    expect(events.map((event) => event.type === 'retry' && `${event.attempt}/${event.maxAttempts}`)).toEqual([
      '1/3',
      '2/3',
    ]);
  });

  test('the hint follows the well-known port when the id says nothing', async () => {
    const port = await closedPort();
    const client = createModelClient(scriptedProvider(`http://127.0.0.1:${port}/v1`, { id: 'box' }));
    const { error } = await collect(client.stream(REQUEST, new AbortController().signal));
    expect((error as Error).message).toContain(`Start the model server for provider "box" on port ${port}`);
  });

  test('the same through an injected fetch (cause chain of undici errors)', async () => {
    const port = await closedPort();
    const client = createModelClient(scriptedProvider(`http://127.0.0.1:${port}/v1`, { id: 'lmstudio' }), {
      fetch: globalThis.fetch,
    });
    const { error } = await collect(client.stream(REQUEST, new AbortController().signal));
    expect((error as ModelConnectionError).code).toBe('ECONNREFUSED');
    expect((error as Error).message).toContain('`lms server start');
  });

  test('on a remote provider the normal retry budget applies', async () => {
    const port = await closedPort();
    const delays: number[] = [];
    const client = createModelClient(
      scriptedProvider(`http://127.0.0.1:${port}/v1`, { isLocal: false, requestMaxRetries: 4 }),
      { sleep: async (ms) => void delays.push(ms), random: () => 0.5 },
    );
    const { error } = await collect(client.stream(REQUEST, new AbortController().signal));
    expect(error).toBeInstanceOf(ModelConnectionError);
    expect(delays).toHaveLength(4);
    expect((error as Error).message).toContain('gave up after 5 attempts');
  });
});

describe('stream failures use the stream budget', () => {
  const reply = { text: 'The quick brown fox jumps over the lazy dog, twice over.' };

  test('a drop after output: reset, retry, and the second attempt is the one kept', async () => {
    const result = await run([{ fault: 'disconnect', afterBytes: 1200, reply }, { text: 'second try' }], {
      streamMaxRetries: 1,
      requestMaxRetries: 0,
    });
    expect(result.error).toBeUndefined();
    const types = result.events.map((event) => event.type);
    const reset = types.indexOf('reset');
    expect(reset).toBeGreaterThan(types.indexOf('text-delta'));
    expect(types.slice(reset, reset + 3)).toEqual(['reset', 'retry', 'response-start']);
    expect(result.retries[0]).toMatchObject({ attempt: 1, maxAttempts: 2 });
    const summary = summarize(result.events);
    expect(summary.text).toBe('second try');
    expect(summary.resets).toBe(1);
  });

  test('a truncated stream is retried; when the budget is spent the error says it was cut off', async () => {
    const result = await run(
      [
        { fault: 'truncate', reply },
        { fault: 'truncate', reply },
      ],
      { streamMaxRetries: 1 },
    );
    expect(result.error).toBeInstanceOf(ModelStreamError);
    expect((result.error as Error).message).toContain('closed before response.completed');
    expect((result.error as Error).message).toContain('gave up after 2 attempts');
    expect(server.requests).toHaveLength(2);
  });

  test('a stream failure does not spend the request budget', async () => {
    const result = await run([status500, { fault: 'truncate', reply }, { text: 'ok' }], {
      requestMaxRetries: 1,
      streamMaxRetries: 1,
    });
    expect(result.error).toBeUndefined();
    expect(result.retries.map((event) => event.type === 'retry' && event.maxAttempts)).toEqual([2, 2]);
  });

  test('a retryable response.failed after output is retried from the start', async () => {
    const failed = [
      'event: response.created\ndata: {"type":"response.created","response":{"id":"r"}}\n\n',
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","output_index":0,"delta":"partial"}\n\n',
      'event: response.failed\ndata: {"type":"response.failed","response":{"error":{"code":"server_error","message":"The model crashed"}}}\n\n',
    ].join('');
    const result = await run([{ rawSse: failed }, { text: 'whole' }], { streamMaxRetries: 2 });
    expect(result.error).toBeUndefined();
    expect(result.events.some((event) => event.type === 'reset')).toBe(true);
    expect(result.retries[0]).toMatchObject({ reason: expect.stringContaining('The model crashed') });
    expect(summarize(result.events).text).toBe('whole');
  });

  test('a rate-limited response.failed waits as long as its message says', async () => {
    const failed =
      'data: {"type":"response.failed","response":{"error":{"code":"rate_limit_exceeded","message":"Please try again in 1.5s."}}}\n\n';
    const result = await run([{ rawSse: failed }, { text: 'ok' }], { streamMaxRetries: 1 });
    expect(result.delays).toEqual([1500]);
  });

  test('an in-stream chat error with a 4xx code is not retried', async () => {
    const body = 'data: {"error":{"message":"bad tool schema","code":400}}\n\n';
    const result = await run([{ rawSse: body }], { wireApi: 'chat', streamMaxRetries: 3 });
    expect(result.error).toBeInstanceOf(ModelServerError);
    expect((result.error as ModelServerError).retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  test('malformed SSE is a typed error quoting the line', async () => {
    for (const wireApi of ['responses', 'chat'] as const) {
      const result = await run([{ fault: 'malformed', reply }], { wireApi });
      expect(result.error).toBeInstanceOf(ModelStreamError);
      expect((result.error as Error).message).toContain('not JSON');
      expect((result.error as ModelStreamError).line).toContain('"oops"');
    }
  });
});

describe('chat servers that reject stream_options', () => {
  test('retried once without it, and not sent again by that client', async () => {
    const strict = await startScriptedModelServer({
      rejectStreamOptions: true,
      turns: [{ text: 'one' }, { text: 'two' }],
    });
    try {
      const client = createModelClient(
        scriptedProvider(strict.url, { wireApi: 'chat', requestMaxRetries: 0 }),
      );
      const first = await collect(client.stream(REQUEST, new AbortController().signal));
      const second = await collect(client.stream(REQUEST, new AbortController().signal));
      expect(first.error).toBeUndefined();
      expect(summarize(first.events).text).toBe('one');
      expect(first.events.some((event) => event.type === 'retry')).toBe(false);
      expect(summarize(second.events).text).toBe('two');
      // Usage still arrives, on the finish chunk.
      expect(summarize(second.events).usage).toBeDefined();
      const sent = strict.requests.map((request) => 'stream_options' in (request.body as object));
      expect(sent).toEqual([true, false, false]);
    } finally {
      await strict.close();
    }
  });
});
