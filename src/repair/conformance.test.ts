// The shared conformance data, read at test time: harmony parse vectors and real leak examples,
// and the wire captures whose content carries leaked tool-call markup.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { describeConformance, SHARED_CONFORMANCE_DIR } from '../../test/kit/shared-conformance.js';
import { resolveModelFamily } from './families.js';
import { repairResponse } from './repair-response.js';
import { createVisibleTextFilter } from './stream-filter.js';
import { resolveToolName } from './tool-name.js';
import type { RawToolCall, RepairToolSchema } from './types.js';

const CONFORMANCE = pathToFileURL(SHARED_CONFORMANCE_DIR);
const read = (path: string) => readFileSync(new URL(path, CONFORMANCE), 'utf8');
const jsonl = <T>(path: string): T[] =>
  read(path)
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);

const gptOss = resolveModelFamily('gpt-oss:20b');
const anyObjectTool = (name: string): RepairToolSchema => ({ name, parameters: { type: 'object' } });

interface VectorMessage {
  role: string;
  channel?: string;
  recipient?: string;
  content: string | null;
}

describeConformance('harmony parse_vectors.jsonl', () => {
  const vectors = jsonl<{ id: string; text?: string; expected: VectorMessage[] }>(
    'harmony/parse_vectors.jsonl',
  );
  // Token-file vectors need the o200k_harmony tokenizer to decode; only text vectors run here.
  for (const vector of vectors.filter((v) => v.text !== undefined)) {
    it(vector.id, () => {
      const assistant = vector.expected.filter((m) => m.role === 'assistant');
      const calls = assistant.filter((m) => m.recipient && m.recipient !== 'assistant');
      const names = calls.map((m) => m.recipient!.replace(/^functions\./, ''));
      const result = repairResponse({ text: vector.text!, toolCalls: [] }, names.map(anyObjectTool), gptOss);

      expect(result.toolCalls.map((c) => c.name)).toEqual(names);
      calls.forEach((message, index) => {
        const call = result.toolCalls[index]!;
        expect(call.ok && JSON.parse(call.arguments)).toEqual(JSON.parse(message.content!));
      });
      const visible = assistant.filter((m) => !m.recipient && m.channel !== 'analysis').map((m) => m.content);
      expect(result.text).toBe(visible.join('\n\n'));
      const analysis = assistant
        .filter((m) => !m.recipient && m.channel === 'analysis')
        .map((m) => m.content);
      if (!analysis.includes(null))
        expect(result.reasoning).toBe(analysis.length ? analysis.join('\n\n') : undefined);
      expect(result.text).not.toContain('<|');
    });
  }
});

describeConformance('harmony leaked_content_examples.jsonl', () => {
  interface Leak {
    id: string;
    content: string;
    expected: {
      reasoning?: string;
      final?: string;
      tool_calls?: { name: string; arguments: string }[];
      tool_name?: string;
    };
  }
  for (const leak of jsonl<Leak>('harmony/leaked_content_examples.jsonl')) {
    it(leak.id, () => {
      if (leak.expected.tool_name !== undefined) {
        // A contaminated native tool name: cut at the first control token.
        const resolved = resolveToolName(leak.content, [leak.expected.tool_name]);
        expect(resolved).toMatchObject({ ok: true, name: leak.expected.tool_name });
        return;
      }
      const expectedCalls = leak.expected.tool_calls ?? [];
      const tools = expectedCalls.map((call) => anyObjectTool(call.name));
      const result = repairResponse({ text: leak.content, toolCalls: [] }, tools, gptOss);
      expect(result.text).toBe(leak.expected.final);
      expect(result.reasoning).toBe(leak.expected.reasoning || undefined);
      expect(result.toolCalls.map((c) => (c.ok ? [c.name, JSON.parse(c.arguments)] : c.refused))).toEqual(
        expectedCalls.map((call) => [call.name, JSON.parse(call.arguments)]),
      );
      const streamed = streamThrough(leak.content, gptOss.toolCallFormats);
      expect(streamed).not.toContain('<|');
      if (leak.content.startsWith('<|')) expect(streamed.trim()).toBe(leak.expected.final);
    });
  }
});

function streamThrough(text: string, formats: readonly (typeof gptOss.toolCallFormats)[number][]): string {
  const filter = createVisibleTextFilter({ formats });
  let out = '';
  for (const char of text) out += filter.push(char);
  return out + filter.flush();
}

interface ChatChunk {
  choices: {
    delta: {
      content?: string | null;
      tool_calls?: { index: number; id?: string; function: { name?: string; arguments?: string } }[];
    };
  }[];
}

describeConformance('wire captures with leaked markup', () => {
  it('llama-server qwen3-coder: leaked <tool_call> prefix before the structured call', () => {
    const chunks = jsonl<ChatChunk>(
      'wire/ask-openai-nvim/llama-server-qwen3coder-leaked-tool_call-markup.chunks.jsonl',
    );
    const deltas: string[] = [];
    const calls: RawToolCall[] = [];
    for (const chunk of chunks) {
      const delta = chunk.choices[0]!.delta;
      if (delta.content) deltas.push(delta.content);
      for (const part of delta.tool_calls ?? []) {
        calls[part.index] ??= { callId: '', name: '', arguments: '' };
        const call = calls[part.index]!;
        if (part.id) call.callId = part.id;
        if (part.function.name) call.name = part.function.name;
        call.arguments += part.function.arguments ?? '';
      }
    }
    const weather: RepairToolSchema = {
      name: 'get_current_weather',
      parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
    };
    const family = resolveModelFamily('qwen3-coder-30b');
    const result = repairResponse({ text: deltas.join(''), toolCalls: calls }, [weather], family);
    const expectedText = 'Hi there! Let me check the current weather for Washington DC for you.';
    expect(result.text).toBe(expectedText);
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]).toMatchObject({ ok: true, callId: 'CALL_ID', name: 'get_current_weather' });
    expect(JSON.parse((result.toolCalls[0] as { arguments: string }).arguments)).toEqual({
      location: 'Washington DC',
    });

    const filter = createVisibleTextFilter({ formats: family.toolCallFormats });
    const streamed = deltas.map((delta) => filter.push(delta)).join('') + filter.flush();
    expect(streamed.trimEnd()).toBe(expectedText);
  });

  it('llama-server gpt-oss: a bare <|channel|> delta never reaches the screen', () => {
    const body = read('wire/ask-openai-nvim/llama-server-gpt-oss-raw-harmony-in-content.snippet.sse');
    const deltas = body
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => (JSON.parse(line.slice(6)) as ChatChunk).choices[0]!.delta.content ?? '');
    expect(deltas).toContain('<|channel|>');
    const filter = createVisibleTextFilter({ formats: gptOss.toolCallFormats });
    expect(deltas.map((delta) => filter.push(delta)).join('') + filter.flush()).toBe('');
  });

  it('OpenAI `parallel` wrapper call is unwrapped into the calls it holds', () => {
    // Lines 1 and 6 of this fixture are malformed upstream (README); only the call events are needed.
    const events = read('wire/vercel-ai/openai-responses/parallel-tool-call-wrapper.1.chunks.jsonl')
      .split('\n')
      .filter((line) => /"type":"response\.(output_item\.added|function_call_arguments\.done)"/.test(line))
      .map(
        (line) =>
          JSON.parse(line) as { type: string; item?: { name: string; call_id: string }; arguments?: string },
      );
    const added = events.find((e) => e.type === 'response.output_item.added')!.item!;
    const done = events.find((e) => e.type === 'response.function_call_arguments.done')!;
    const tools: RepairToolSchema[] = [
      { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } },
      { name: 'cityAttractions', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
    ];
    const result = repairResponse(
      { text: '', toolCalls: [{ callId: added.call_id, name: added.name, arguments: done.arguments! }] },
      tools,
      resolveModelFamily('gpt-5.4'),
    );
    expect(result.toolCalls.map((c) => (c.ok ? [c.name, JSON.parse(c.arguments)] : c.refused))).toEqual([
      ['weather', { location: 'San Francisco' }],
      ['cityAttractions', { city: 'Rome' }],
    ]);
    expect(result.repairs.every((r) => r.kinds.includes('parallel-unwrapped'))).toBe(true);
  });
});
