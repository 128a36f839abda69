import { describe, expect, it } from 'vitest';
import * as z from '../protocol/zod.js';
import { applyPatchTool } from './apply-patch/tool.js';
import { defineTool, type ToolDefinition } from './define-tool.js';
import { updatePlanTool } from './plan/tool.js';
import { createToolRegistry } from './registry.js';
import type { ToolSource } from './tool-source.js';

const echo = defineTool({
  name: 'echo',
  description: 'Echo text.',
  parameters: z.object({ text: z.string(), times: z.optional(z.number().check(z.int())) }),
  async run({ text }) {
    return { output: text, success: true };
  },
});

const registry = createToolRegistry([echo, applyPatchTool, updatePlanTool]);

describe('createToolRegistry', () => {
  it('declares the tools in order with small JSON Schemas, byte-identical every call', () => {
    const first = JSON.stringify(registry.specs());
    expect(JSON.stringify(registry.specs())).toBe(first);
    expect(JSON.stringify(createToolRegistry([echo, applyPatchTool, updatePlanTool]).specs())).toBe(first);
    expect(registry.specs().map((spec) => spec.name)).toEqual(['echo', 'apply_patch', 'update_plan']);
    expect(registry.specs()[0]?.parameters).toEqual({
      type: 'object',
      properties: { text: { type: 'string' }, times: { type: 'integer' } },
      required: ['text'],
    });
    expect(registry.specs()[1]?.parameters).toEqual({
      type: 'object',
      properties: {
        input: { type: 'string', description: 'The whole patch, from *** Begin Patch to *** End Patch.' },
      },
      required: ['input'],
    });
    expect(first).not.toContain('$schema');
  });

  it('makes each declaration on first use, once: not when the session is created', () => {
    let made = 0;
    const counted: ToolDefinition<unknown> = {
      ...echo,
      name: 'counted',
      get inputSchema() {
        made++;
        return { type: 'object', properties: { text: { type: 'string' } } };
      },
    } as ToolDefinition<unknown>;
    const lazy = createToolRegistry([counted, echo]);
    expect(made).toBe(0);
    const specs = lazy.specs();
    expect(made).toBe(1);
    expect(lazy.specs()).toBe(specs);
    expect(lazy.parseArguments('counted', '{"text": 1}').ok).toBe(false);
    expect(made).toBe(1);
    expect(specs[0]?.parameters).toEqual({ type: 'object', properties: { text: { type: 'string' } } });
  });

  it('keeps the apply_patch and update_plan declarations small (prefill cost on every request)', () => {
    const bytes = (name: string) =>
      JSON.stringify(registry.specs().find((spec) => spec.name === name)).length;
    // About 4 bytes per token: apply_patch under ~250 tokens, update_plan under ~125.
    expect(bytes('apply_patch')).toBeLessThan(1000);
    expect(bytes('update_plan')).toBeLessThan(500);
  });

  it('refuses two tools with the same name', () => {
    expect(() => createToolRegistry([echo, echo])).toThrow('Two tools are named `echo`.');
  });

  it('parses valid arguments and treats empty arguments as {}', () => {
    expect(registry.parseArguments('echo', '{"text":"hi"}')).toEqual({ ok: true, params: { text: 'hi' } });
    expect(registry.parseArguments('echo', JSON.stringify('{"text":"twice"}'))).toEqual({
      ok: true,
      params: { text: 'twice' },
    });
    expect(registry.parseArguments('update_plan', '')).toMatchObject({ ok: false });
    expect(registry.get('echo')).toBe(echo);
    expect(registry.get('nope')).toBeUndefined();
  });

  it('names the available tools for an unknown one', () => {
    expect(registry.parseArguments('read_file', '{}')).toEqual({
      ok: false,
      message: 'Unknown tool `read_file`. Available tools: echo, apply_patch, update_plan.',
    });
  });

  it('explains invalid JSON with its position and shows the schema', () => {
    const result = registry.parseArguments('echo', '{"text": "hi",}');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toBe(
      'Invalid arguments for `echo`: not valid JSON (Expected double-quoted property name in JSON at position 14 (line 1 column 15)).\n' +
        'Expected arguments: a JSON object matching this schema: ' +
        '{"type":"object","properties":{"text":{"type":"string"},"times":{"type":"integer"}},"required":["text"]}',
    );
  });

  it('lists every schema violation with its path', () => {
    const result = registry.parseArguments(
      'update_plan',
      '{"plan":[{"step":"a","status":"done"},{"status":"pending"}]}',
    );
    expect(!result.ok && result.message.split('\n').slice(0, 3)).toEqual([
      'Invalid arguments for `update_plan`:',
      '- plan[0].status: Invalid option: expected one of "pending"|"in_progress"|"completed"',
      '- plan[1].step: Invalid input: expected string, received undefined',
    ]);
    expect(!result.ok && result.message).toContain(
      'Expected arguments: a JSON object matching this schema: {"type":"object"',
    );
    expect(registry.parseArguments('echo', '[1]')).toMatchObject({
      ok: false,
      message: expect.stringContaining('- (arguments): Invalid input: expected object, received array'),
    });
  });

  it('accepts a bare patch or a `patch` field for apply_patch', () => {
    const patch = '*** Begin Patch\n*** Delete File: a\n*** End Patch';
    expect(registry.parseArguments('apply_patch', patch)).toEqual({ ok: true, params: { input: patch } });
    expect(registry.parseArguments('apply_patch', JSON.stringify({ patch }))).toEqual({
      ok: true,
      params: { input: patch },
    });
    expect(registry.parseArguments('apply_patch', '{"input": "*** Begin')).toMatchObject({
      ok: false,
      message: expect.stringContaining('not valid JSON'),
    });
  });
});

describe('createToolRegistry with a tool source', () => {
  const remote = (name: string) =>
    defineTool({
      name,
      description: `Remote ${name}.`,
      parameters: z.record(z.string(), z.unknown()),
      inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
      async run() {
        return { output: name, success: true };
      },
    }) as ToolDefinition<unknown>;

  it('adds the chosen tools after the built-ins, keeps the same specs array until the source chooses again', async () => {
    let lists = [[remote('s__a')], [remote('s__b')]];
    let calls = 0;
    const source: ToolSource = {
      async toolsFor(_task, context) {
        calls += 1;
        if (context.reselect) lists = lists.slice(1);
        return lists[0]!;
      },
      async close() {},
    };
    const tools = createToolRegistry([echo], [source]);
    expect(tools.names()).toEqual(['echo']);
    const context = { reselect: false, signal: new AbortController().signal, notify() {} };
    await tools.prepare('task', context);
    const first = tools.specs();
    expect(first.map((spec) => spec.name)).toEqual(['echo', 's__a']);
    expect(first[1]?.parameters).toEqual({ type: 'object', properties: { q: { type: 'string' } } });
    await tools.prepare('next turn', context);
    expect(tools.specs()).toBe(first);
    await tools.prepare('after compaction', { ...context, reselect: true });
    expect(tools.specs().map((spec) => spec.name)).toEqual(['echo', 's__b']);
    expect(calls).toBe(3);
    expect(tools.parseArguments('s__b', '{"q":"x"}')).toEqual({ ok: true, params: { q: 'x' } });
  });
});
