// What the client puts on the wire (seen by the scripted server), the round trip of a tool-using
// conversation on both wires, and bodies that are not SSE.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  type ScriptedModelServer,
  scriptedProvider,
  startScriptedModelServer,
} from '../../test/kit/scripted-model-server.js';
import { VERSION } from '../version.js';
import { createModelClient } from './client.js';
import { ModelStreamError } from './errors.js';
import { collect, summarize } from './test-support/collect-events.js';
import type { ModelItem, ModelRequest, ToolSpec } from './types.js';

const SHELL: ToolSpec = {
  name: 'shell',
  description: 'Run a command.',
  parameters: {
    type: 'object',
    properties: { command: { type: 'array', items: { type: 'string' } } },
    required: ['command'],
  },
};

let server: ScriptedModelServer;
beforeAll(async () => {
  server = await startScriptedModelServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

test('headers: auth, configured headers, a plain user agent and nothing identifying', async () => {
  server.setTurns([{ text: 'ok' }]);
  const client = createModelClient(
    scriptedProvider(server.url, {
      apiKey: 'sk-test-123',
      httpHeaders: { 'X-Org': 'acme' },
      queryParams: { 'api-version': '2025-01-01' },
    }),
  );
  await collect(
    client.stream({ model: 'm', instructions: 'i', input: [], tools: [] }, new AbortController().signal),
  );
  const [request] = server.requests;
  expect(request?.path).toBe('/v1/responses?api-version=2025-01-01');
  const { host, connection, 'content-length': _length, ...headers } = request?.headers ?? {};
  expect(host).toBeDefined();
  expect(connection).toBeDefined();
  expect(headers).toEqual({
    authorization: 'Bearer sk-test-123',
    'content-type': 'application/json',
    accept: 'text/event-stream',
    'user-agent': `ossa/${VERSION}`,
    'x-org': 'acme',
  });
});

test('no key, no authorization header', async () => {
  server.setTurns([{ text: 'ok' }]);
  const client = createModelClient(scriptedProvider(server.url, { wireApi: 'chat' }), {
    userAgent: 'custom/1',
  });
  await collect(
    client.stream({ model: 'm', instructions: 'i', input: [], tools: [] }, new AbortController().signal),
  );
  expect(server.requests[0]?.headers.authorization).toBeUndefined();
  expect(server.requests[0]?.headers['user-agent']).toBe('custom/1');
});

describe.each(['responses', 'chat'] as const)('a tool-using conversation on the %s wire', (wireApi) => {
  test('history round trip: reasoning and calls go back, and each request extends the previous one byte for byte', async () => {
    server.setTurns([
      {
        reasoning: 'I should list the files.',
        toolCalls: [{ id: 'call_0_0', name: 'shell', arguments: { command: ['ls'] } }],
      },
      { reasoning: 'Two files.', text: 'There are two files: a.txt and b.txt.' },
    ]);
    const client = createModelClient(scriptedProvider(server.url, { wireApi }));
    const history: ModelItem[] = [{ type: 'message', role: 'user', text: 'What is here? ✓' }];
    const request = (): ModelRequest => ({
      model: 'gpt-oss:20b',
      instructions: 'You are a coding agent.',
      input: [...history],
      tools: [SHELL],
      reasoningEffort: 'high',
    });

    const first = summarize((await collect(client.stream(request(), new AbortController().signal))).events);
    expect(first.finish).toBe('tool_calls');
    expect(first.calls).toEqual([{ callId: 'call_0_0', name: 'shell', arguments: '{"command":["ls"]}' }]);
    history.push(...first.reasoningItems);
    for (const call of first.calls) history.push({ type: 'function_call', ...call });
    history.push({ type: 'function_call_output', callId: 'call_0_0', output: 'exit 0\na.txt\nb.txt' });

    const second = summarize((await collect(client.stream(request(), new AbortController().signal))).events);
    expect(second.text).toBe('There are two files: a.txt and b.txt.');
    expect(second.finish).toBe('stop');

    const [one, two] = server.requests;
    if (!one || !two) throw new Error('expected two requests');
    const listKey = wireApi === 'chat' ? '"messages":[' : '"input":[';
    // Request 1 up to the end of its history array (without the closing bracket) is a prefix of request 2.
    const endOfHistory = one.rawBody.indexOf(listKey) + listKey.length;
    const firstBody = one.body as { messages?: unknown[]; input?: unknown[] };
    const historyOne = JSON.stringify(wireApi === 'chat' ? firstBody.messages : firstBody.input);
    const prefix = one.rawBody.slice(0, endOfHistory + historyOne.length - 2);
    expect(prefix.length).toBeGreaterThan(100);
    expect(two.rawBody.startsWith(prefix)).toBe(true);
    // Everything after the history (tools, options) is identical.
    const tail = (raw: string) => raw.slice(raw.indexOf('],"tools"'));
    expect(tail(two.rawBody)).toBe(tail(one.rawBody));

    const body = two.body as Record<string, unknown>;
    if (wireApi === 'responses') {
      expect(Object.keys(body)).toEqual([
        'model',
        'instructions',
        'input',
        'tools',
        'tool_choice',
        'reasoning',
        'store',
        'stream',
      ]);
      expect(body.input).toEqual([
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is here? ✓' }] },
        {
          type: 'reasoning',
          summary: [],
          content: [{ type: 'reasoning_text', text: 'I should list the files.' }],
        },
        { type: 'function_call', call_id: 'call_0_0', name: 'shell', arguments: '{"command":["ls"]}' },
        { type: 'function_call_output', call_id: 'call_0_0', output: 'exit 0\na.txt\nb.txt' },
      ]);
      expect(body.tools).toEqual([{ type: 'function', ...SHELL, strict: false }]);
      expect(body.reasoning).toEqual({ effort: 'high' });
      expect(body).not.toHaveProperty('include');
    } else {
      expect(Object.keys(body)).toEqual([
        'model',
        'messages',
        'tools',
        'reasoning_effort',
        'stream',
        'stream_options',
      ]);
      expect(body.messages).toEqual([
        { role: 'system', content: 'You are a coding agent.' },
        { role: 'user', content: 'What is here? ✓' },
        {
          role: 'assistant',
          content: null,
          reasoning_content: 'I should list the files.',
          tool_calls: [
            {
              id: 'call_0_0',
              type: 'function',
              function: { name: 'shell', arguments: '{"command":["ls"]}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_0_0', content: 'exit 0\na.txt\nb.txt' },
      ]);
      expect(body.tools).toEqual([{ type: 'function', function: SHELL }]);
      expect(body.stream_options).toEqual({ include_usage: true });
    }
  });
});

describe('bodies that are not a stream', () => {
  test('a server that ignores stream:true (LM Studio JSON body) still gives the reply', async () => {
    // The shape LM Studio 0.3/0.4 answers /v1/responses with when it ignores `stream: true`:
    // one whole `response` object (written for this test, fields as LM Studio sends them).
    const json = JSON.stringify({
      id: 'resp_7f3a',
      object: 'response',
      created_at: 1769000000,
      status: 'completed',
      incomplete_details: null,
      model: 'qwen/qwen3-coder-30b',
      output: [
        {
          id: 'fc_01',
          call_id: 'call_2866856768160095',
          type: 'function_call',
          name: 'weather',
          arguments: '{"location":"San Francisco"}',
          status: 'completed',
        },
      ],
      error: null,
      tool_choice: 'auto',
      parallel_tool_calls: true,
      usage: {
        input_tokens: 1189,
        output_tokens: 11,
        total_tokens: 1200,
        input_tokens_details: { cached_tokens: 891 },
        output_tokens_details: { reasoning_tokens: 0 },
      },
    });
    server.setTurns([{ rawSse: json, contentType: 'application/json' }]);
    const client = createModelClient(scriptedProvider(server.url));
    const { events, error } = await collect(
      client.stream({ model: 'm', instructions: '', input: [], tools: [] }, new AbortController().signal),
    );
    expect(error).toBeUndefined();
    const summary = summarize(events);
    expect(summary.calls).toEqual([
      { callId: 'call_2866856768160095', name: 'weather', arguments: '{"location":"San Francisco"}' },
    ]);
    expect(summary.finish).toBe('tool_calls');
    expect(summary.usage?.inputTokens).toBeGreaterThan(0);
  });

  test('a non-streaming chat completion body', async () => {
    const body = {
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            reasoning_content: 'Need the date.',
            tool_calls: [
              { id: 'c1', type: 'function', function: { name: 'shell', arguments: '{"command":["date"]}' } },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 12, completion_tokens: 7 },
    };
    server.setTurns([{ rawSse: JSON.stringify(body), contentType: 'application/json; charset=utf-8' }]);
    const client = createModelClient(scriptedProvider(server.url, { wireApi: 'chat' }));
    const { events } = await collect(
      client.stream({ model: 'm', instructions: '', input: [], tools: [] }, new AbortController().signal),
    );
    expect(summarize(events)).toMatchObject({
      reasoning: 'Need the date.',
      calls: [{ callId: 'c1', name: 'shell', arguments: '{"command":["date"]}' }],
      usage: { inputTokens: 12, outputTokens: 7 },
      finish: 'tool_calls',
    });
  });

  test('an empty 200 body and a non-SSE body are typed stream errors', async () => {
    const client = createModelClient(scriptedProvider(server.url, { wireApi: 'chat' }));
    server.setTurns([{ rawSse: '' }]);
    const empty = await collect(
      client.stream({ model: 'm', instructions: '', input: [], tools: [] }, new AbortController().signal),
    );
    expect(empty.error).toBeInstanceOf(ModelStreamError);
    expect((empty.error as Error).message).toContain('empty body');
    server.setTurns([{ rawSse: 'Internal proxy failure\n' }]);
    const garbage = await collect(
      client.stream({ model: 'm', instructions: '', input: [], tools: [] }, new AbortController().signal),
    );
    expect((garbage.error as Error).message).toContain('"Internal proxy failure"');
  });
});

test('the injected fetch transport works end to end (global fetch)', async () => {
  server.setTurns([{ text: 'via fetch' }]);
  const client = createModelClient(scriptedProvider(server.url), { fetch: globalThis.fetch });
  const { events } = await collect(
    client.stream({ model: 'm', instructions: '', input: [], tools: [] }, new AbortController().signal),
  );
  expect(summarize(events).text).toBe('via fetch');
});
