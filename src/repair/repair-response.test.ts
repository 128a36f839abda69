import { describe, expect, it } from 'vitest';
import { type CorpusCase, loadCorpus, ossaTools } from './corpus/load-corpus.js';
import { resolveModelFamily } from './families.js';
import { repairResponse } from './repair-response.js';
import type { RawResponse } from './types.js';

const tools = ossaTools();
const generic = resolveModelFamily('some-model');

describe('repairResponse', () => {
  it('leaves a clean response untouched: same text, byte-identical arguments, no records', () => {
    const args = '{ "command": ["ls"] }';
    const result = repairResponse(
      { text: 'Listing.', toolCalls: [{ callId: 'c1', name: 'shell', arguments: args }] },
      tools,
      generic,
    );
    expect(result).toEqual({
      text: 'Listing.',
      toolCalls: [
        {
          ok: true,
          callId: 'c1',
          name: 'shell',
          arguments: args,
          repairedKinds: [],
          original: `shell ${args}`,
        },
      ],
      repairs: [],
      textKinds: [],
    });
  });

  it('records a repair in the shape of the tool-call-repair event', () => {
    const text = '<tool_call>{"name": "Shell", "arguments": {"command": "ls -la"}}</tool_call>';
    const result = repairResponse({ text, toolCalls: [] }, tools, generic, { callIdPrefix: 't1_s2' });
    expect(result.text).toBe('');
    expect(result.repairs).toEqual([
      {
        callId: 't1_s2_1',
        kinds: ['extracted:tool_call_tag', 'name-normalized', 'command-string-split'],
        original: text,
        repaired: { name: 'shell', arguments: '{"command":["ls","-la"]}' },
      },
    ]);
  });

  it('refuses a call closed after the output token limit, accepts it when the model stopped', () => {
    const text = '<tool_call>\n{"name": "shell", "arguments": {"command": ["git", "diff"]';
    const stopped = repairResponse({ text, toolCalls: [] }, tools, generic);
    expect(stopped.toolCalls[0]).toMatchObject({ ok: true, arguments: '{"command":["git","diff"]}' });
    const cut = repairResponse({ text, toolCalls: [] }, tools, generic, { truncated: true });
    expect(cut.toolCalls[0]).toMatchObject({ ok: false, name: 'shell' });
    expect(cut.toolCalls[0]!.ok === false && cut.toolCalls[0]!.refused).toContain('output token limit');
  });

  it('generated ids never collide with native ones', () => {
    const wrapper = JSON.stringify({
      tool_uses: [{ recipient_name: 'functions.shell', parameters: { command: ['ls'] } }],
    });
    const result = repairResponse(
      {
        text: '',
        toolCalls: [
          { callId: 'repair_1', name: 'shell', arguments: '{"command":["pwd"]}' },
          { callId: 'w', name: 'parallel', arguments: wrapper },
        ],
      },
      tools,
      generic,
    );
    expect(result.toolCalls.map((call) => call.callId)).toEqual(['repair_1', 'repair_2']);
  });
});

/**
 * Zero wrong calls under truncation: cut every recoverable corpus response at every position (as
 * an output token limit would) and check that no call is ever run with arguments other than the
 * intended ones: each call is either exactly an expected call or refused.
 */
describe('truncation never produces a wrong call', () => {
  const recoverable = loadCorpus().filter(
    (c) => c.expected.calls.length > 0 && c.expected.calls.every((call) => !('refused' in call)),
  );
  const expectedKeys = (c: CorpusCase) =>
    new Set(
      c.expected.calls.map((call) =>
        'arguments' in call ? JSON.stringify([call.name, call.arguments]) : '',
      ),
    );

  for (const testCase of recoverable) {
    it(testCase.id, () => {
      const family = resolveModelFamily(testCase.model);
      const allowed = expectedKeys(testCase);
      const variants: RawResponse[] = [];
      const { text, toolCalls } = testCase.response;
      if (toolCalls.length === 0) {
        for (let cut = 0; cut < text.length; cut++)
          variants.push({ text: text.slice(0, cut), toolCalls: [] });
      } else {
        toolCalls.forEach((call, index) => {
          for (let cut = 0; cut < call.arguments.length; cut++) {
            const cutCalls = toolCalls
              .slice(0, index + 1)
              .map((c, i) => (i === index ? { ...c, arguments: c.arguments.slice(0, cut) } : c));
            variants.push({ text, toolCalls: cutCalls });
          }
        });
      }
      const wrong: string[] = [];
      for (const variant of variants) {
        const result = repairResponse(variant, testCase.tools, family, { truncated: true });
        for (const call of result.toolCalls) {
          if (!call.ok) continue;
          const key = JSON.stringify([call.name, JSON.parse(call.arguments)]);
          if (!allowed.has(key)) wrong.push(`${JSON.stringify(variant)} → ${key}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});
