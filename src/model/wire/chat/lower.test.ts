import { describe, expect, test } from 'vitest';
import { scriptedProvider } from '../../../../test/kit/scripted-model-server.js';
import type { ModelItem, ModelRequest } from '../../types.js';
import { lowerChatRequest } from './lower.js';

const provider = scriptedProvider('http://127.0.0.1:1/v1', { wireApi: 'chat' });
const state = { chatStreamOptions: true };

function request(input: ModelItem[], extra: Partial<ModelRequest> = {}): ModelRequest {
  return { model: 'm', instructions: 'sys', input, tools: [], ...extra };
}

describe('lowerChatRequest', () => {
  test('one assistant message per model reply: reasoning, text and every call of that turn', () => {
    const body = lowerChatRequest(
      request([
        { type: 'message', role: 'user', text: 'go' },
        { type: 'reasoning', text: 'plan' },
        { type: 'message', role: 'assistant', text: 'Running two things.' },
        { type: 'function_call', callId: 'a', name: 'shell', arguments: '{"command":["ls"]}' },
        { type: 'function_call', callId: 'b', name: 'shell', arguments: '{"command":["pwd"]}' },
        { type: 'function_call_output', callId: 'a', output: 'x' },
        { type: 'function_call_output', callId: 'b', output: 'y' },
        { type: 'message', role: 'assistant', text: 'Done.' },
        { type: 'message', role: 'developer', text: 'mode changed' },
      ]),
      provider,
      state,
    );
    expect(body.messages).toEqual([
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'go' },
      {
        role: 'assistant',
        content: 'Running two things.',
        reasoning_content: 'plan',
        tool_calls: [
          { id: 'a', type: 'function', function: { name: 'shell', arguments: '{"command":["ls"]}' } },
          { id: 'b', type: 'function', function: { name: 'shell', arguments: '{"command":["pwd"]}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'a', content: 'x' },
      { role: 'tool', tool_call_id: 'b', content: 'y' },
      { role: 'assistant', content: 'Done.' },
      { role: 'system', content: 'mode changed' },
    ]);
  });

  test('the reasoning field follows the provider: `reasoning`, or not sent at all', () => {
    const input: ModelItem[] = [
      { type: 'reasoning', text: 'why' },
      { type: 'function_call', callId: 'a', name: 'f', arguments: '{}' },
    ];
    const asReasoning = lowerChatRequest(
      request(input),
      { ...provider, chatReasoningField: 'reasoning' },
      state,
    );
    expect((asReasoning.messages as Record<string, unknown>[])[1]).toEqual({
      role: 'assistant',
      content: null,
      reasoning: 'why',
      tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } }],
    });
    const none = lowerChatRequest(request(input), { ...provider, chatReasoningField: 'none' }, state);
    expect((none.messages as Record<string, unknown>[])[1]).not.toHaveProperty('reasoning_content');
  });

  test('options: tools, parallel calls, effort, stream options, extra body last; none of them when absent', () => {
    const full = lowerChatRequest(
      request([], {
        tools: [{ name: 't', description: 'd', parameters: { type: 'object' } }],
        parallelToolCalls: false,
        reasoningEffort: 'low',
        extraBody: { options: { num_ctx: 32768 } },
      }),
      provider,
      state,
    );
    expect(Object.keys(full)).toEqual([
      'model',
      'messages',
      'tools',
      'parallel_tool_calls',
      'reasoning_effort',
      'stream',
      'stream_options',
      'options',
    ]);
    expect(full.tools).toEqual([
      { type: 'function', function: { name: 't', description: 'd', parameters: { type: 'object' } } },
    ]);
    const bare = lowerChatRequest(request([]), provider, { chatStreamOptions: false });
    expect(Object.keys(bare)).toEqual(['model', 'messages', 'stream']);
  });

  test('appending history never changes the serialised prefix', () => {
    const history: ModelItem[] = [{ type: 'message', role: 'user', text: 'q' }];
    const first = lowerChatRequest(request(history), provider, state);
    const one = JSON.stringify(first);
    history.push(
      { type: 'reasoning', text: 'r' },
      { type: 'function_call', callId: 'a', name: 'f', arguments: '{}' },
      { type: 'function_call_output', callId: 'a', output: 'o' },
    );
    const two = JSON.stringify(lowerChatRequest(request(history), provider, state));
    // Everything up to (not including) the `]` that closes request 1's messages.
    const cut = one.indexOf('"messages":') + '"messages":'.length + JSON.stringify(first.messages).length - 1;
    expect(two.startsWith(one.slice(0, cut))).toBe(true);
  });

  test('a response format becomes response_format json_schema (what llama.cpp, vLLM, LM Studio and Ollama read)', () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
    const body = lowerChatRequest(
      request([{ type: 'message', role: 'user', text: 'go' }], { responseFormat: { name: 'r', schema } }),
      provider,
      state,
    );
    expect(body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'r', schema } });
    expect(lowerChatRequest(request([]), provider, state)).not.toHaveProperty('response_format');
  });
});
