import { describe, expect, test } from 'vitest';
import { scriptedProvider } from '../../../../test/kit/scripted-model-server.js';
import type { ModelRequest } from '../../types.js';
import { lowerResponsesRequest } from './lower.js';

const local = scriptedProvider('http://127.0.0.1:1/v1');
const openai = { ...local, id: 'openai', builtIn: true, isLocal: false };

const request: ModelRequest = {
  model: 'gpt-oss:20b',
  instructions: 'sys',
  input: [
    { type: 'message', role: 'developer', text: 'dev' },
    { type: 'message', role: 'user', text: 'hi' },
    { type: 'reasoning', text: 'thinking', encryptedContent: 'opaque' },
    { type: 'message', role: 'assistant', text: 'hello' },
    { type: 'function_call', callId: 'c', name: 'shell', arguments: '{}' },
    { type: 'function_call_output', callId: 'c', output: 'ok' },
  ],
  tools: [{ name: 'shell', description: 'Run', parameters: { type: 'object' } }],
  reasoningEffort: 'medium',
  parallelToolCalls: true,
};

describe('lowerResponsesRequest', () => {
  test('fixed key order, function tools only, store:false, no ids, no include for other providers', () => {
    const body = lowerResponsesRequest(request, local);
    expect(Object.keys(body)).toEqual([
      'model',
      'instructions',
      'input',
      'tools',
      'tool_choice',
      'parallel_tool_calls',
      'reasoning',
      'store',
      'stream',
    ]);
    expect(body).toMatchObject({
      tool_choice: 'auto',
      parallel_tool_calls: true,
      reasoning: { effort: 'medium' },
      store: false,
      stream: true,
    });
    expect(body.tools).toEqual([
      { type: 'function', name: 'shell', description: 'Run', parameters: { type: 'object' }, strict: false },
    ]);
    expect(body.input).toEqual([
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'dev' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
      {
        type: 'reasoning',
        summary: [],
        content: [{ type: 'reasoning_text', text: 'thinking' }],
        encrypted_content: 'opaque',
      },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'hello' }] },
      { type: 'function_call', call_id: 'c', name: 'shell', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c', output: 'ok' },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/"id"/);
  });

  test('OpenAI: reasoning goes back as its summary with the encrypted copy, which is requested', () => {
    const body = lowerResponsesRequest(request, openai);
    expect(body.include).toEqual(['reasoning.encrypted_content']);
    expect((body.input as unknown[])[2]).toEqual({
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'thinking' }],
      encrypted_content: 'opaque',
    });
  });

  test('a user-defined provider named "openai" is not the built-in one', () => {
    expect(lowerResponsesRequest(request, { ...local, id: 'openai', builtIn: false })).not.toHaveProperty(
      'include',
    );
  });

  test('without tools, effort or instructions those keys are absent', () => {
    const body = lowerResponsesRequest({ model: 'm', instructions: '', input: [], tools: [] }, local);
    expect(Object.keys(body)).toEqual(['model', 'input', 'store', 'stream']);
  });

  test('a response format becomes text.format with the schema, before store and stream', () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] };
    const body = lowerResponsesRequest(
      {
        model: 'm',
        instructions: '',
        input: [],
        tools: [],
        responseFormat: { name: 'r', schema, strict: true },
      },
      local,
    );
    expect(body.text).toEqual({ format: { type: 'json_schema', name: 'r', strict: true, schema } });
    expect(Object.keys(body)).toEqual(['model', 'input', 'text', 'store', 'stream']);
  });
});
