// Field shapes of Chat Completions chunks: the fragment fixtures (choices-only and snippet files)
// and the quirks listed in the wire README, fed straight into the parser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { describeConformance } from '../../../../test/kit/shared-conformance.js';
import { ModelServerError, ModelStreamError } from '../../errors.js';
import { summarize } from '../../test-support/collect-events.js';
import { drive, TEST_CONTEXT } from '../../test-support/drive-parser.js';
import { loadWireFixtures, WIRE_FIXTURES_DIR } from '../../test-support/wire-fixtures.js';
import { ChatStreamParser } from './parse.js';
import { asPlainTextChunk, chatChunkSchema } from './schema.js';

const run = (payloads: unknown[]) => {
  const result = drive(new ChatStreamParser(TEST_CONTEXT), payloads);
  return { ...result, summary: result.error ? undefined : summarize(result.events) };
};
const chunk = (
  delta: Record<string, unknown>,
  finish: string | null = null,
  extra: Record<string, unknown> = {},
) => ({
  choices: [{ index: 0, delta, finish_reason: finish }],
  ...extra,
});
const call = (fields: Record<string, unknown>) => chunk({ tool_calls: [fields] });

function jsonLines(path: string): unknown[] {
  return readFileSync(join(WIRE_FIXTURES_DIR, path), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
}

describeConformance('fragment fixtures', () => {
  test('llama.cpp choices, arguments almost token by token', () => {
    const choices = jsonLines('ask-openai-nvim/llama-server-qwen3coder-tool-call.choices.jsonl');
    const { summary } = run(choices.map((choice) => ({ choices: [choice] })));
    expect(summary?.calls).toEqual([
      { callId: 'CALL_ID', name: 'run_command', arguments: '{"command":"pwd"}' },
    ]);
    expect(summary?.finish).toBe('tool_calls');
  });

  test('llama.cpp gpt-oss snippets: reasoning_content, null content, usage next to timings', () => {
    const { summary } = run(
      jsonLines('ask-openai-nvim/llama-server-gpt-oss-reasoning-content.snippets.jsonl'),
    );
    expect(summary).toMatchObject({
      text: '',
      reasoning: 'We',
      reasoningItems: [{ type: 'reasoning', text: 'We' }],
      usage: { inputTokens: 1085, outputTokens: 247 },
      finish: 'stop',
    });
  });
});

describe('tool calls', () => {
  test('arguments sent as a JSON object instead of a string', () => {
    const { summary } = run([
      call({ index: 0, id: 'a', function: { name: 'f', arguments: { path: 'x' } } }),
      '[DONE]',
    ]);
    expect(summary?.calls).toEqual([{ callId: 'a', name: 'f', arguments: '{"path":"x"}' }]);
  });

  test('arguments only in the final chunk, next to finish_reason', () => {
    const { summary } = run([
      call({ index: 0, id: 'a', function: { name: 'f' } }),
      {
        choices: [
          {
            index: 0,
            delta: { tool_calls: [{ index: 0, function: { arguments: '{"n":1}' } }] },
            finish_reason: 'tool_calls',
          },
        ],
      },
    ]);
    expect(summary?.calls).toEqual([{ callId: 'a', name: 'f', arguments: '{"n":1}' }]);
  });

  test('no index: calls are told apart by id, continuations go to the last call', () => {
    const { summary } = run([
      call({ id: 'a', function: { name: 'f', arguments: '{"x"' } }),
      call({ function: { arguments: ':1}' } }),
      call({ id: 'b', function: { name: 'g', arguments: '{}' } }),
      '[DONE]',
    ]);
    expect(summary?.calls).toEqual([
      { callId: 'a', name: 'f', arguments: '{"x":1}' },
      { callId: 'b', name: 'g', arguments: '{}' },
    ]);
  });

  test('index 0 reused for a second complete call with its own id', () => {
    const { summary } = run([
      call({ index: 0, id: 'a', function: { name: 'f', arguments: '{}' } }),
      call({ index: 0, id: 'b', function: { name: 'g', arguments: '{}' } }),
      '[DONE]',
    ]);
    expect(summary?.calls.map((c) => [c.callId, c.name])).toEqual([
      ['a', 'f'],
      ['b', 'g'],
    ]);
  });

  test('missing ids are generated, repeated ids made unique', () => {
    const { summary } = run([
      call({ index: 0, function: { name: 'f', arguments: '{}' } }),
      call({ index: 1, id: 'CALL_ID', function: { name: 'g', arguments: '{}' } }),
      call({ index: 2, id: 'CALL_ID', function: { name: 'h', arguments: '{}' } }),
      '[DONE]',
    ]);
    const ids = summary?.calls.map((c) => c.callId) ?? [];
    expect(ids[0]).toMatch(/^call_[0-9a-f]{24}$/);
    expect(ids.slice(1)).toEqual(['CALL_ID', 'CALL_ID_2']);
  });

  test('arguments before the name are replayed once the call begins', () => {
    const { events, summary } = run([
      call({ index: 0, function: { arguments: '{"a"' } }),
      call({ index: 0, id: 'x', function: { name: 'f', arguments: ':1}' } }),
      '[DONE]',
    ]);
    expect(events.filter((event) => event.type.startsWith('tool-call')).map((event) => event.type)).toEqual([
      'tool-call-begin',
      'tool-call-delta',
      'tool-call-delta',
      'tool-call-end',
    ]);
    expect(summary?.calls).toEqual([{ callId: 'x', name: 'f', arguments: '{"a":1}' }]);
  });

  test('a fragment that never gets a name is dropped', () => {
    const { summary } = run([call({ index: 0, function: { arguments: '{}' } }), '[DONE]']);
    expect(summary?.calls).toEqual([]);
    expect(summary?.finish).toBe('stop');
  });
});

describe('finish and usage', () => {
  test.each([
    ['stop', false, 'stop'],
    ['stop', true, 'tool_calls'],
    ['length', false, 'length'],
    ['content_filter', false, 'content_filter'],
    ['something_new', false, 'other'],
  ] as const)('finish_reason %s (tool calls: %s) → %s', (reason, withCall, expected) => {
    const payloads: unknown[] = [chunk({ content: 'x' })];
    if (withCall) payloads.push(call({ index: 0, id: 'a', function: { name: 'f', arguments: '{}' } }));
    payloads.push(chunk({}, reason));
    expect(run(payloads).summary?.finish).toBe(expected);
  });

  test('[DONE] without a finish_reason completes the reply', () => {
    expect(run([chunk({ content: 'hi' }), '[DONE]']).summary).toMatchObject({ text: 'hi', finish: 'stop' });
  });

  test('the last complete usage counts, once; partial usage is ignored', () => {
    const { summary, events } = run([
      chunk({ content: 'a' }, null, { usage: { prompt_tokens: 10, completion_tokens: null } }),
      chunk({}, 'stop', { usage: { prompt_tokens: 10, completion_tokens: 3 } }),
      {
        choices: [],
        usage: { prompt_tokens: 10, completion_tokens: 4, prompt_tokens_details: { cached_tokens: 8 } },
      },
      { choices: [{ index: 0, delta: {}, finish_reason: null }], usage: { prompt_tokens: 10 } },
      '[DONE]',
    ]);
    expect(summary?.usage).toEqual({ inputTokens: 10, outputTokens: 4, cachedInputTokens: 8 });
    expect(events.filter((event) => event.type === 'usage')).toHaveLength(1);
  });

  test("Groq's x_groq.usage when there is no top-level usage", () => {
    const { summary } = run([
      chunk({}, 'stop', { x_groq: { usage: { prompt_tokens: 5, completion_tokens: 2 } } }),
    ]);
    expect(summary?.usage).toEqual({ inputTokens: 5, outputTokens: 2 });
  });
});

describe('content and reasoning fields', () => {
  test('reasoning from `reasoning` (Ollama, vLLM ≥ #27752)', () => {
    expect(run([chunk({ reasoning: 'hmm' }), chunk({ content: 'ok' }, 'stop')]).summary).toMatchObject({
      reasoning: 'hmm',
      text: 'ok',
    });
  });

  test('content as an array of typed parts', () => {
    const { summary } = run([
      chunk(
        { content: [{ type: 'text', text: 'a' }, { type: 'image_url' }, { type: 'text', text: 'b' }] },
        'stop',
      ),
    ]);
    expect(summary?.text).toBe('ab');
  });
});

describe('errors', () => {
  test('a chunk in an unexpected shape is a stream error that quotes it', () => {
    const { error } = run([{ choices: 'nope' }]);
    expect(error).toBeInstanceOf(ModelStreamError);
    expect((error as Error).message).toContain('"choices":"nope"');
  });

  test('an error payload after output', () => {
    const { error, events } = run([
      chunk({ content: 'partial' }),
      { error: { message: 'worker died', type: 'server_error' } },
    ]);
    expect(events).toEqual([{ type: 'text-delta', text: 'partial' }]);
    expect(error).toBeInstanceOf(ModelServerError);
    expect((error as ModelServerError).serverMessage).toBe('worker died');
  });

  test('two payloads without a blank line between them are read line by line', () => {
    const parser = new ChatStreamParser(TEST_CONTEXT);
    const events: never[] = [];
    parser.push(
      { event: undefined, data: `${JSON.stringify(chunk({ content: 'x' }, 'stop'))}\n[DONE]`, atEof: false },
      events,
    );
    expect(parser.done).toBe(true);
  });
});

describeConformance('the zod-free fast path over the recorded chat streams', () => {
  const payloads = loadWireFixtures()
    .filter((fixture) => fixture.wire === 'chat')
    .flatMap((fixture) => fixture.sse.split('\n'))
    .filter((line) => line.startsWith('data: {'))
    .map((line) => JSON.parse(line.slice(6)) as unknown);

  test('accepts only chunks the schema accepts, and most plain chunks', () => {
    const accepted = payloads.filter((payload) => asPlainTextChunk(payload) !== undefined);
    expect(accepted.length).toBeGreaterThan(payloads.length / 2);
    for (const payload of accepted) expect(chatChunkSchema.safeParse(payload).success).toBe(true);
  });
});

describe('the zod-free fast path for plain text chunks', () => {
  test('takes a plain content delta without the schema', () => {
    const payload = { id: 'c1', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }] };
    expect(asPlainTextChunk(payload)).toBeDefined();
    expect(chatChunkSchema.safeParse(payload).success).toBe(true);
  });

  test.each([
    ['tool calls', { choices: [{ index: 0, delta: { tool_calls: [] } }] }],
    ['usage', { choices: [], usage: { prompt_tokens: 1 } }],
    ['content parts', { choices: [{ index: 0, delta: { content: [{ type: 'text', text: 'a' }] } }] }],
    ['an error', { error: { message: 'x' } }],
    ['a wrong type', { choices: [{ index: '0', delta: { content: 'a' } }] }],
  ])('leaves %s to the schema', (_name, payload) => {
    expect(asPlainTextChunk(payload)).toBeUndefined();
  });
});
