// Hostile servers against the reply bounds, over real HTTP on 127.0.0.1: endless text, endless
// tool-call arguments, endless reasoning, one endless SSE line, an oversized non-streamed body, and
// a server trickling real data for ever (the per-attempt deadline). Each must end the attempt with
// an error naming the limit and its config key, in bounded time and memory.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type ScriptedModelServer,
  scriptedProvider,
  startScriptedModelServer,
} from '../../test/kit/scripted-model-server.js';
import type { ProviderSettings } from '../protocol/provider.js';
import { createModelClient } from './client.js';
import { ModelReplyTooLargeError, ModelStreamError, ModelTimeoutError } from './errors.js';
import { collect, summarize } from './test-support/collect-events.js';

type Behaviour = (response: http.ServerResponse) => void;
const behaviours = new Map<string, Behaviour>();
const requests = new Map<string, number>();
let server: http.Server;
let base: string;

const chunk = (delta: Record<string, unknown>) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta }] })}\n\n`;

/** Writes `next()` for ever, respecting backpressure, until the client goes away. */
function endless(response: http.ServerResponse, next: (n: number) => string | Buffer, pauseMs = 0): void {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  let n = 0;
  let closed = false;
  response.on('close', () => {
    closed = true;
  });
  const pump = () => {
    while (!closed) {
      const more = response.write(next(n++));
      if (pauseMs > 0) {
        setTimeout(pump, pauseMs);
        return;
      }
      if (!more) {
        response.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

const BLOCK = 'x'.repeat(4096);
behaviours.set('text', (res) => endless(res, () => chunk({ content: BLOCK })));
behaviours.set('arguments', (res) =>
  endless(res, (n) =>
    chunk({
      tool_calls: [
        {
          index: 0,
          ...(n === 0
            ? { id: 'call_1', type: 'function', function: { name: 'shell', arguments: '{"c":"' } }
            : {}),
          ...(n > 0 ? { function: { arguments: BLOCK } } : {}),
        },
      ],
    }),
  ),
);
behaviours.set('reasoning', (res) => endless(res, () => chunk({ reasoning_content: BLOCK })));
// `data: "xxxx…` and never a line break: 50 MB in 64 KiB writes.
const LINE_BLOCK = Buffer.alloc(64 * 1024, 'y');
const LINE_BYTES = 50 * 1024 * 1024;
behaviours.set('line', (res) => {
  let sent = 0;
  endless(res, (n) => {
    if (n === 0) return 'data: "';
    sent += LINE_BLOCK.length;
    if (sent > LINE_BYTES) {
      res.end();
      return '';
    }
    return LINE_BLOCK;
  });
});
// A real event every 40 ms, for ever: never idle.
behaviours.set('trickle', (res) => endless(res, () => chunk({ content: 'tick ' }), 40));
behaviours.set('json-huge', (res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  const text = 'z'.repeat(3 * 1024 * 1024);
  res.end(
    JSON.stringify({
      id: 'c',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    }),
  );
});
behaviours.set('json-over-reply', (res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'c',
      object: 'chat.completion',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'w'.repeat(200_000) }, finish_reason: 'stop' },
      ],
    }),
  );
});

const DEEP_OBJECT = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
// Arguments sent as a JSON object (some servers do) nested 5,000 deep, streamed and not.
behaviours.set('deep-stream', (res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(
    `data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"shell","arguments":${DEEP_OBJECT}}}]}}]}\n\ndata: [DONE]\n\n`,
  );
});
behaviours.set('deep-json', (res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    `{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"shell","arguments":${DEEP_OBJECT}}}]},"finish_reason":"tool_calls"}]}`,
  );
});

let scripted: ScriptedModelServer;
beforeAll(async () => {
  server = http.createServer((request, response) => {
    request.resume();
    const name = request.url?.split('/')[1] ?? '';
    requests.set(name, (requests.get(name) ?? 0) + 1);
    const behaviour = behaviours.get(name);
    if (!behaviour) {
      response.writeHead(404).end();
      return;
    }
    behaviour(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  scripted = await startScriptedModelServer();
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await scripted.close();
});

const REQUEST = {
  model: 'm',
  instructions: 'x',
  input: [{ type: 'message' as const, role: 'user' as const, text: 'hi' }],
  tools: [],
};
const LIMIT = 256 * 1024;

function client(name: string, overrides: Partial<ProviderSettings> = {}) {
  return createModelClient(
    scriptedProvider(`${base}/${name}`, {
      id: 'hostile',
      wireApi: 'chat',
      streamMaxReplyBytes: LIMIT,
      streamMaxRetries: 3,
      ...overrides,
    }),
  );
}

function expectTooLarge(error: unknown): ModelReplyTooLargeError {
  expect(error).toBeInstanceOf(ModelReplyTooLargeError);
  const tooLarge = error as ModelReplyTooLargeError;
  expect(tooLarge.limitBytes).toBe(LIMIT);
  expect(tooLarge.configKey).toBe('model_providers.hostile.stream_max_reply_bytes');
  expect(tooLarge.message).toContain('model_providers.hostile.stream_max_reply_bytes');
  expect(tooLarge.message).not.toContain('gave up after');
  return tooLarge;
}

describe('one reply is capped (stream_max_reply_bytes)', () => {
  test.each([
    ['text', 'text'],
    ['arguments', 'calls'],
    ['reasoning', 'reasoning'],
  ] as const)('endless %s: stopped at the limit, not retried, output so far kept', async (name, part) => {
    const { events, error } = await collect(client(name).stream(REQUEST, new AbortController().signal));
    const tooLarge = expectTooLarge(error);
    expect(tooLarge.message).toContain('grew past 262144 bytes');
    expect(requests.get(name)).toBe(1);
    const kept = events.reduce((sum, event) => {
      if (part === 'text' && event.type === 'text-delta') return sum + event.text.length;
      if (part === 'reasoning' && event.type === 'reasoning-delta') return sum + event.text.length;
      if (part === 'calls' && event.type === 'tool-call-delta') return sum + event.argumentsDelta.length;
      return sum;
    }, 0);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(LIMIT);
  });

  test('one 50 MB SSE line: stopped while it arrives, in bounded memory', async () => {
    const peak = { rss: process.memoryUsage().rss };
    const before = peak.rss;
    const sampler = setInterval(() => {
      peak.rss = Math.max(peak.rss, process.memoryUsage().rss);
    }, 5);
    // The default limit (8 MiB): the line may reach 17 MiB before it is cut.
    const { error } = await collect(
      client('line', { streamMaxReplyBytes: 8 * 1024 * 1024 }).stream(REQUEST, new AbortController().signal),
    );
    clearInterval(sampler);
    if (process.env.OSSA_REPORT_RSS)
      console.log(`peak RSS growth ${((peak.rss - before) / 2 ** 20).toFixed(0)} MiB`);
    expect(error).toBeInstanceOf(ModelReplyTooLargeError);
    expect((error as Error).message).toContain('one server-sent event line of more than 17 MiB');
    // Without the bound the line is buffered whole, joined, sliced and parsed: hundreds of MB.
    expect(peak.rss - before).toBeLessThan(160 * 1024 * 1024);
  });

  test('a non-streamed JSON body beyond the bound says so, instead of "does not parse"', async () => {
    const { error } = await collect(client('json-huge').stream(REQUEST, new AbortController().signal));
    const tooLarge = expectTooLarge(error);
    expect(tooLarge.message).toContain('answered with a JSON body of more than 1.5 MiB');
    expect(tooLarge.message).not.toContain('does not parse');
  });

  test('a non-streamed JSON body within the bound whose reply is over the limit', async () => {
    const { error } = await collect(
      client('json-over-reply', { streamMaxReplyBytes: 100_000 }).stream(
        REQUEST,
        new AbortController().signal,
      ),
    );
    expect(error).toBeInstanceOf(ModelReplyTooLargeError);
    expect((error as Error).message).toContain('grew past 100000 bytes');
  });

  test.each(['responses', 'chat'] as const)(
    '%s: a reply just under the limit passes, although the final event repeats all of it',
    async (wireApi) => {
      const text = 'a'.repeat(LIMIT / 2 - 10_000);
      const reasoning = 'r'.repeat(LIMIT / 4);
      scripted.setTurns([{ text, reasoning }]);
      const { events, error } = await collect(
        createModelClient(scriptedProvider(scripted.url, { wireApi, streamMaxReplyBytes: LIMIT })).stream(
          REQUEST,
          new AbortController().signal,
        ),
      );
      expect(error).toBeUndefined();
      expect(summarize(events).text).toBe(text);
    },
  );
});

describe('server JSON nested 5,000 deep', () => {
  test.each(['deep-stream', 'deep-json'])(
    '%s: a clear stream error, not a stack overflow, not retried',
    async (name) => {
      const { error } = await collect(client(name).stream(REQUEST, new AbortController().signal));
      expect(error).toBeInstanceOf(ModelStreamError);
      expect((error as Error).message).toContain('nested more than 96 levels deep');
      expect(requests.get(name)).toBe(1);
    },
  );
});

describe('per-attempt deadline (stream_max_duration_ms)', () => {
  test('a server trickling real data for ever is stopped at the deadline and not retried', async () => {
    const started = performance.now();
    const { events, error } = await collect(
      client('trickle', { streamIdleTimeoutMs: 5_000, streamMaxDurationMs: 600 }).stream(
        REQUEST,
        new AbortController().signal,
      ),
    );
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(ModelTimeoutError);
    const timeout = error as ModelTimeoutError;
    expect(timeout.phase).toBe('deadline');
    expect(timeout.retryable).toBe(false);
    expect(timeout.configKey).toBe('model_providers.hostile.stream_max_duration_ms');
    expect(timeout.message).toContain('after 600 ms');
    expect(events.some((event) => event.type === 'text-delta')).toBe(true);
    expect(requests.get('trickle')).toBe(1);
    expect(elapsed).toBeGreaterThanOrEqual(550);
    expect(elapsed).toBeLessThan(3_000);
  });
});
