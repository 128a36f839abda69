// A server that answers with SSE keep-alive comments and nothing else, for ever: the comments
// must not count as progress, so the idle timeout (and before any data, the first-byte timeout)
// still ends the attempt. A real HTTP server on 127.0.0.1.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scriptedProvider } from '../../test/kit/scripted-model-server.js';
import { createModelClient } from './client.js';
import { ModelTimeoutError } from './errors.js';
import { collect } from './test-support/collect-events.js';

let server: http.Server;
let url: string;
const timers = new Set<NodeJS.Timeout>();
beforeAll(async () => {
  server = http.createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const dataFirst = request.url?.includes('chat');
    if (dataFirst) {
      // One real event, then only comments.
      response.write(
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: 'hi' } }] })}\n\n`,
      );
    }
    const timer = setInterval(() => response.write(': keep-alive\n\n'), 40);
    timers.add(timer);
    response.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  for (const timer of timers) clearInterval(timer);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const REQUEST = {
  model: 'm',
  instructions: 'x',
  input: [{ type: 'message' as const, role: 'user' as const, text: 'hi' }],
  tools: [],
};

describe('SSE keep-alive comments are not progress', () => {
  test('comments only: the first-byte timeout fires although bytes keep coming', async () => {
    const client = createModelClient(
      scriptedProvider(url, {
        id: 'ka',
        firstByteTimeoutMs: 300,
        streamIdleTimeoutMs: 200,
        streamMaxRetries: 0,
      }),
    );
    const started = performance.now();
    const { error } = await collect(client.stream(REQUEST, new AbortController().signal));
    expect(error).toBeInstanceOf(ModelTimeoutError);
    expect((error as ModelTimeoutError).phase).toBe('first-byte');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  test('comments after the first event: the idle timeout fires', async () => {
    const client = createModelClient(
      scriptedProvider(url, {
        id: 'ka',
        wireApi: 'chat',
        firstByteTimeoutMs: 5_000,
        streamIdleTimeoutMs: 250,
        streamMaxRetries: 0,
      }),
    );
    const { error } = await collect(client.stream(REQUEST, new AbortController().signal));
    expect(error).toBeInstanceOf(ModelTimeoutError);
    expect((error as ModelTimeoutError).phase).toBe('idle');
  });
});
