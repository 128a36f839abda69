// Retry only what can succeed on retry (issue 13, defect 2). A failure of the request itself —
// llama.cpp's 500 when its parser rejects what the model wrote, or any local server saying exactly
// the same thing twice — is not sent again five times; a busy server and a dropped keep-alive
// connection still are. Real HTTP servers on 127.0.0.1.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { scriptedProvider } from '../../test/kit/scripted-model-server.js';
import type { ProviderSettings } from '../protocol/provider.js';
import { createModelClient } from './client.js';
import { ModelApiError, ModelServerError } from './errors.js';
import { collect, summarize } from './test-support/collect-events.js';
import type { ModelRequest } from './types.js';

const REQUEST: ModelRequest = {
  model: 'tiny',
  instructions: 'x',
  input: [{ type: 'message', role: 'user', text: 'hi' }],
  tools: [],
};

// What llama-server (80fb11a) streams when its chat-template parser rejects the model's output.
const LLAMACPP_PARSE_ERROR =
  'data: {"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"object":"chat.completion.chunk"}\n\n' +
  'data: {"error":{"code":500,"message":"The model produced output that does not match the expected peg-native format","type":"server_error"}}\n\n';

type Handler = (request: http.IncomingMessage, response: http.ServerResponse, count: number) => void;

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: Handler): Promise<{ url: string; requests: () => number }> {
  let count = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => handler(request, response, ++count));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, requests: () => count };
}

async function run(url: string, overrides: Partial<ProviderSettings>) {
  const client = createModelClient(
    scriptedProvider(url, { wireApi: 'chat', requestMaxRetries: 5, streamMaxRetries: 5, ...overrides }),
    { sleep: async () => {} },
  );
  const result = await collect(client.stream(REQUEST, new AbortController().signal));
  return {
    ...result,
    text: summarize(result.events).text,
    retries: result.events.filter((event) => event.type === 'retry').length,
  };
}

const sse = (response: http.ServerResponse, body: string, headers: Record<string, string> = {}) => {
  response.writeHead(200, { 'content-type': 'text/event-stream', ...headers });
  response.end(body);
};

describe('a failure of the request itself is not retried', () => {
  test("llama.cpp's in-stream 500 (its parser rejected the model's output): one attempt, the server's words, why", async () => {
    const server = await serve((_request, response) =>
      sse(response, LLAMACPP_PARSE_ERROR, { server: 'llama.cpp' }),
    );
    const { error, retries } = await run(server.url, {});
    expect(server.requests()).toBe(1);
    expect(retries).toBe(0);
    expect(error).toBeInstanceOf(ModelServerError);
    const message = (error as Error).message;
    expect(message).toContain('does not match the expected peg-native format');
    expect(message).toMatch(/Not retried: llama\.cpp server answers 500 when handling this request failed/);
    expect(message).toMatch(/chat template's parser cannot read/);
  });

  test('llama.cpp answering HTTP 500 (a tool call whose arguments are not JSON): one attempt', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json', server: 'llama.cpp' });
      response.end(
        '{"error":{"code":500,"message":"Failed to parse tool call arguments as JSON: parse error","type":"server_error"}}',
      );
    });
    const { error } = await run(server.url, {});
    expect(server.requests()).toBe(1);
    expect(error).toBeInstanceOf(ModelApiError);
    expect((error as Error).message).toContain('Failed to parse tool call arguments as JSON');
  });

  test('a local server that says exactly the same again: two attempts, not six', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end('{"error":{"message":"template rendering failed: unknown filter","type":"server_error"}}');
    });
    const { error, retries } = await run(server.url, {});
    expect(server.requests()).toBe(2);
    expect(retries).toBe(1);
    expect((error as Error).message).toMatch(/answered the same way twice, so it is not retried further/);
    expect((error as Error).message).toContain('template rendering failed: unknown filter');
  });
});

describe('what can succeed on retry still is', () => {
  test('llama.cpp 503 "Loading model" is retried until it answers', async () => {
    const server = await serve((_request, response, count) => {
      if (count < 3) {
        response.writeHead(503, { 'content-type': 'application/json', server: 'llama.cpp' });
        response.end('{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}');
        return;
      }
      sse(
        response,
        'data: {"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
        { server: 'llama.cpp' },
      );
    });
    const { error, text } = await run(server.url, {});
    expect(error).toBeUndefined();
    expect(text).toBe('hi');
    expect(server.requests()).toBe(3);
  });

  test('the same in-stream server_error from a remote service (a fleet behind it) uses the whole budget', async () => {
    const server = await serve((_request, response) => sse(response, LLAMACPP_PARSE_ERROR));
    const { retries } = await run(server.url, { isLocal: false });
    expect(server.requests()).toBe(6);
    expect(retries).toBe(5);
  });

  test('a kept-alive connection the server closed as it was reused is sent again at once, unannounced', async () => {
    const served = new WeakSet<object>();
    const server = await serve((request, response) => {
      // The second request on a connection finds it closed: what llama-server does after a stream.
      if (served.has(request.socket)) {
        request.socket.destroy();
        return;
      }
      served.add(request.socket);
      sse(
        response,
        'data: {"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
      );
    });
    const client = createModelClient(scriptedProvider(server.url, { wireApi: 'chat' }));
    const first = await collect(client.stream(REQUEST, new AbortController().signal));
    expect(first.error).toBeUndefined();
    const second = await collect(client.stream(REQUEST, new AbortController().signal));
    expect(second.error).toBeUndefined();
    expect(summarize(second.events).text).toBe('hi');
    expect(second.events.some((event) => event.type === 'retry')).toBe(false);
    expect(server.requests()).toBe(3);
  });
});
