// Field shapes of Responses events: Ollama's converter order (from its Go tests), sparse and
// rotating ids, arguments without deltas, errors, and events ossa does not know.
import { describe, expect, test } from 'vitest';
import { describeConformance } from '../../../../test/kit/shared-conformance.js';
import { ModelIncompleteError, ModelServerError, ModelStreamError } from '../../errors.js';
import { summarize } from '../../test-support/collect-events.js';
import { drive, TEST_CONTEXT } from '../../test-support/drive-parser.js';
import { loadWireFixtures } from '../../test-support/wire-fixtures.js';
import { ResponsesStreamParser } from './parse.js';
import { asDeltaEvent, deltaEventSchema } from './schema.js';

const run = (payloads: unknown[]) => {
  const result = drive(new ResponsesStreamParser(TEST_CONTEXT), payloads);
  return { ...result, summary: result.error ? undefined : summarize(result.events) };
};
const completed = { type: 'response.completed', response: { usage: { input_tokens: 3, output_tokens: 4 } } };

describe("Ollama's /v1/responses converter (openai/responses_test.go event order)", () => {
  test('reasoning as summary deltas, plain thinking kept in encrypted_content, then the message', () => {
    const { summary } = run([
      { type: 'response.created', sequence_number: 0, response: { id: 'r' } },
      { type: 'response.in_progress', sequence_number: 1, response: { id: 'r' } },
      {
        type: 'response.output_item.added',
        output_index: 0,
        item: { id: 'rs_1', type: 'reasoning', summary: [] },
      },
      {
        type: 'response.reasoning_summary_text.delta',
        output_index: 0,
        item_id: 'rs_1',
        summary_index: 0,
        delta: 'Let me think...',
      },
      {
        type: 'response.reasoning_summary_text.done',
        output_index: 0,
        item_id: 'rs_1',
        summary_index: 0,
        text: 'Let me think...',
      },
      {
        type: 'response.output_item.done',
        output_index: 0,
        item: {
          id: 'rs_1',
          type: 'reasoning',
          summary: [{ type: 'summary_text', text: 'Let me think...' }],
          encrypted_content: 'Let me think...',
        },
      },
      {
        type: 'response.output_item.added',
        output_index: 1,
        item: { id: 'msg_1', type: 'message', role: 'assistant', content: [] },
      },
      {
        type: 'response.content_part.added',
        output_index: 1,
        item_id: 'msg_1',
        part: { type: 'output_text', text: '' },
      },
      { type: 'response.output_text.delta', output_index: 1, item_id: 'msg_1', delta: 'The answer is 42' },
      { type: 'response.output_text.done', output_index: 1, item_id: 'msg_1', text: 'The answer is 42' },
      completed,
    ]);
    expect(summary).toMatchObject({
      reasoning: 'Let me think...',
      reasoningItems: [{ type: 'reasoning', text: 'Let me think...', encryptedContent: 'Let me think...' }],
      text: 'The answer is 42',
      finish: 'stop',
      usage: { inputTokens: 3, outputTokens: 4 },
    });
  });

  test('a complete tool call: added, one arguments delta, done, item done', () => {
    const item = {
      id: 'fc_1',
      type: 'function_call',
      call_id: 'call_abc',
      name: 'get_weather',
      status: 'in_progress',
      arguments: '',
    };
    const { summary } = run([
      { type: 'response.output_item.added', output_index: 0, item },
      {
        type: 'response.function_call_arguments.delta',
        output_index: 0,
        item_id: 'fc_1',
        delta: '{"city":"Paris"}',
      },
      {
        type: 'response.function_call_arguments.done',
        output_index: 0,
        item_id: 'fc_1',
        arguments: '{"city":"Paris"}',
      },
      {
        type: 'response.output_item.done',
        output_index: 0,
        item: { ...item, status: 'completed', arguments: '{"city":"Paris"}' },
      },
      completed,
    ]);
    expect(summary?.calls).toEqual([
      { callId: 'call_abc', name: 'get_weather', arguments: '{"city":"Paris"}' },
    ]);
    expect(summary?.finish).toBe('tool_calls');
  });
});

describe('items and ids', () => {
  test('argument deltas before the name is known: the call begins at its done item', () => {
    const { summary, events } = run([
      { type: 'response.function_call_arguments.delta', output_index: 0, delta: '{"a":' },
      { type: 'response.function_call_arguments.delta', output_index: 0, delta: '1}' },
      {
        type: 'response.output_item.done',
        output_index: 0,
        item: { type: 'function_call', call_id: 'c', name: 'f', arguments: '{"a":1}' },
      },
      completed,
    ]);
    expect(summary?.calls).toEqual([{ callId: 'c', name: 'f', arguments: '{"a":1}' }]);
    expect(events.map((event) => event.type).slice(0, 3)).toEqual([
      'tool-call-begin',
      'tool-call-delta',
      'tool-call-end',
    ]);
  });

  test('no output_index: deltas follow the item id, or the latest open item', () => {
    const { summary } = run([
      { type: 'response.output_item.added', item: { id: 'm1', type: 'message', content: [] } },
      { type: 'response.output_text.delta', item_id: 'm1', delta: 'Hel' },
      { type: 'response.output_text.delta', delta: 'lo' },
      {
        type: 'response.output_item.done',
        item: { id: 'm1', type: 'message', content: [{ type: 'output_text', text: 'Hello' }] },
      },
      completed,
    ]);
    expect(summary?.text).toBe('Hello');
  });

  test('a final item longer than what was streamed fills in the rest', () => {
    const { summary } = run([
      { type: 'response.output_text.delta', output_index: 0, delta: 'Hel' },
      {
        type: 'response.output_item.done',
        output_index: 0,
        item: { type: 'message', content: [{ type: 'output_text', text: 'Hello' }] },
      },
      completed,
    ]);
    expect(summary?.text).toBe('Hello');
  });

  test('reasoning never closed by an item is still handed over at completion', () => {
    const { summary } = run([
      { type: 'response.reasoning_text.delta', output_index: 0, delta: 'thinking' },
      completed,
    ]);
    expect(summary?.reasoningItems).toEqual([{ type: 'reasoning', text: 'thinking' }]);
  });

  test('the `event:` name is used when the JSON has no type', () => {
    const parser = new ResponsesStreamParser(TEST_CONTEXT);
    const events: never[] = [];
    parser.push({ event: 'response.completed', data: '{"response":{}}', atEof: false }, events);
    expect(parser.done).toBe(true);
  });
});

describe('tolerance and errors', () => {
  test('unknown event types are ignored whatever their shape; [DONE] after completion is ignored', () => {
    const { summary } = run([
      { type: 'response.audio.delta', delta: { bytes: [1, 2] } },
      { type: 'response.web_search_call.searching', output_index: 0 },
      completed,
      '[DONE]',
    ]);
    expect(summary?.finish).toBe('stop');
  });

  test('a known event in the wrong shape is a stream error', () => {
    const { error } = run([{ type: 'response.output_text.delta', output_index: 0, delta: 5 }]);
    expect(error).toBeInstanceOf(ModelStreamError);
  });

  test('a top-level error event with its fields at the top', () => {
    const { error } = run([{ type: 'error', code: 'server_error', message: 'The server had an error' }]);
    expect(error).toBeInstanceOf(ModelServerError);
    expect((error as ModelServerError).serverMessage).toBe('The server had an error');
    expect((error as ModelServerError).retryable).toBe(true);
  });

  test('llama-server\'s bare `data: {"error": …}` (no event name, no type) is the server\'s error, not skipped', () => {
    const { error } = run([
      { type: 'response.created', response: { id: 'r' } },
      { error: { code: 500, message: 'Failed to parse input at pos 12', type: 'server_error' } },
    ]);
    expect(error).toBeInstanceOf(ModelServerError);
    expect((error as ModelServerError).serverMessage).toBe('Failed to parse input at pos 12');
    expect((error as Error).message).not.toContain('response.completed');
  });

  test('response.failed without details is a retryable server error', () => {
    const { error } = run([{ type: 'response.failed', response: { status: 'failed' } }]);
    expect(error).toBeInstanceOf(ModelServerError);
    expect((error as Error).message).toContain('the server sent no error message');
  });

  test('response.incomplete for max_output_tokens', () => {
    const { error } = run([
      { type: 'response.incomplete', response: { incomplete_details: { reason: 'max_output_tokens' } } },
    ]);
    expect(error).toBeInstanceOf(ModelIncompleteError);
    expect((error as ModelIncompleteError).reason).toBe('max_output_tokens');
    expect((error as Error).message).toContain('output token limit');
  });
});

describeConformance('the zod-free fast path over the recorded responses streams', () => {
  test('accepts only what the schema accepts', () => {
    const payloads = loadWireFixtures()
      .filter((fixture) => fixture.wire === 'responses')
      .flatMap((fixture) => fixture.sse.split('\n'))
      .filter((line) => line.startsWith('data: {') && line.includes('.delta"'))
      .flatMap((line) => {
        try {
          return [JSON.parse(line.slice(6)) as unknown];
        } catch {
          return [];
        }
      });
    expect(payloads.length).toBeGreaterThan(100);
    for (const payload of payloads) {
      if (asDeltaEvent(payload)) expect(deltaEventSchema.safeParse(payload).success).toBe(true);
    }
  });
});

test('the zod-free fast path for deltas takes a plain delta and refuses wrong types', () => {
  const delta = {
    type: 'response.output_text.delta',
    output_index: 0,
    content_index: 0,
    item_id: 'm1',
    delta: 'x',
  };
  expect(asDeltaEvent(delta)).toBeDefined();
  expect(deltaEventSchema.safeParse(delta).success).toBe(true);
  expect(asDeltaEvent({ type: 'response.output_text.delta', delta: 5 })).toBeUndefined();
  expect(asDeltaEvent({ type: 'response.output_text.delta', output_index: '1', delta: 'x' })).toBeUndefined();
});
