import { describe, expect, it } from 'vitest';
import { bm25Scores, terms } from './bm25.js';
import { formatToolResult } from './format-result.js';
import { mcpCallNeedsApproval } from './mcp-tool.js';
import { plainText } from './plain-text.js';
import { schemaBudget, selectTools, type ToolCandidate } from './select-tools.js';
import { slimDescription, slimInputSchema } from './slim-schema.js';
import { assignToolNames, qualifiedToolName } from './tool-names.js';

describe('qualifiedToolName', () => {
  it('keeps a valid <server>__<tool> as it is', () => {
    expect(qualifiedToolName('github', 'create_issue')).toBe('github__create_issue');
  });

  it('rewrites names invalid for some model server (dots, spaces, unicode, leading digit) with a hash', () => {
    for (const [server, tool] of [
      ['my.server', 'get.item'],
      ['docs', 'search docs'],
      ['9lives', 'x'],
      ['srv', 'überprüfen'],
      ['srv', 'a/b:c'],
    ] as const) {
      const name = qualifiedToolName(server, tool);
      expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/);
    }
  });

  it('cuts long names to 64 characters, different tools staying different', () => {
    const long = 'a'.repeat(80);
    const one = qualifiedToolName('server', `${long}_one`);
    const two = qualifiedToolName('server', `${long}_two`);
    expect(one.length).toBeLessThanOrEqual(64);
    expect(one).not.toBe(two);
  });

  it('never gives two tools one name, even when sanitising makes them collide', () => {
    const names = assignToolNames([
      { server: 's', tool: 'a.b' },
      { server: 's', tool: 'a_b' },
      { server: 's', tool: 'a b' },
    ]);
    expect(new Set(names).size).toBe(3);
    expect(names[1]).toBe('s__a_b');
  });
});

describe('slimInputSchema', () => {
  it('drops annotation keywords but keeps properties of those names and every validation keyword', () => {
    const slim = slimInputSchema({
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'Args',
      type: 'object',
      properties: {
        title: { type: 'string', title: 'Title', description: '  The   issue\ntitle. ', examples: ['x'] },
        count: { type: 'integer', minimum: 1, default: 3, $comment: 'x' },
        mode: { enum: ['a', 'b'] },
      },
      required: ['title'],
      additionalProperties: false,
    });
    expect(slim).toEqual({
      type: 'object',
      properties: {
        title: { type: 'string', description: 'The issue title.' },
        count: { type: 'integer', minimum: 1, default: 3 },
        mode: { enum: ['a', 'b'] },
      },
      required: ['title'],
      additionalProperties: false,
    });
  });

  it('gives a schema without type or properties an object shape', () => {
    expect(slimInputSchema({})).toEqual({ type: 'object', properties: {} });
  });

  it('trims long descriptions at a sentence or word boundary', () => {
    const text = `${'First sentence here. '.repeat(30)}`;
    const slim = slimDescription(text, 100);
    expect(slim.length).toBeLessThanOrEqual(100);
    expect(slim.endsWith('.')).toBe(true);
    expect(slimDescription('word '.repeat(50), 40).endsWith('…')).toBe(true);
  });

  it('survives a schema nested deeper than any sane one', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 200; i++) schema = { type: 'object', properties: { x: schema } };
    expect(() => JSON.stringify(slimInputSchema(schema))).not.toThrow();
  });
});

describe('selectTools', () => {
  const tool = (name: string, description: string, tokens: number, pinned = false): ToolCandidate => ({
    name: `s__${name}`,
    server: 's',
    tool: name,
    description,
    tokens,
    pinned,
  });

  it('offers everything when it fits', () => {
    const all = [tool('a', 'x', 10), tool('b', 'y', 10)];
    expect(selectTools(all, 20, 'anything')).toMatchObject({ leftOut: [], usedTokens: 20 });
  });

  it('over budget: pinned first, then by relevance; the offered keep the server order', () => {
    const all = [
      tool('create_invoice', 'Create an invoice for a customer', 40),
      tool('list_pull_requests', 'List the pull requests of a repository', 40),
      tool('send_email', 'Send an email', 40),
      tool('get_weather', 'Weather forecast for a city', 40, true),
    ];
    const chosen = selectTools(all, 80, 'list the open pull requests');
    expect(chosen.offered.map((t) => t.tool)).toEqual(['list_pull_requests', 'get_weather']);
    expect(chosen.leftOut.map((t) => t.name)).toEqual(['s__create_invoice', 's__send_email']);
    expect(chosen.leftOut[0]?.reason).toContain('80-token tool budget');
  });

  it('choosing again, equally relevant tools already offered stay; a more relevant one still wins', () => {
    const all = [
      tool('weather_1', 'Weather record', 40),
      tool('weather_2', 'Weather record', 40),
      tool('weather_3', 'Weather record', 40),
      tool('invoice_1', 'Invoice record', 40),
    ];
    const now = new Set(['s__weather_2', 's__weather_3']);
    expect(selectTools(all, 80, 'the weather', now).offered.map((t) => t.tool)).toEqual([
      'weather_2',
      'weather_3',
    ]);
    // Without the current choice the first two by server order are taken.
    expect(selectTools(all, 80, 'the weather').offered.map((t) => t.tool)).toEqual([
      'weather_1',
      'weather_2',
    ]);
    const next = selectTools(all, 80, 'the invoice record', now).offered.map((t) => t.tool);
    expect(next).toContain('invoice_1');
    expect(next).toHaveLength(2);
  });

  it('derives the budget from the real window (10 %), assuming 32K when unknown', () => {
    expect(schemaBudget(131072)).toBe(13107);
    expect(schemaBudget(undefined)).toBe(3276);
  });

  it('splits identifiers into words for matching', () => {
    expect(terms('listPullRequests get_file-info')).toEqual([
      'list',
      'pull',
      'request',
      'get',
      'file',
      'info',
    ]);
    const [a, b] = bm25Scores([terms('read_file'), terms('write_file')], terms('read the files'));
    expect(a).toBeGreaterThan(b!);
  });
});

describe('formatToolResult', () => {
  it('joins text blocks; summarises binary content; reports isError as a failure', () => {
    expect(
      formatToolResult({
        content: [
          { type: 'text', text: 'one' },
          { type: 'audio', data: 'AAAA', mimeType: 'audio/wav' },
          { type: 'resource', resource: { uri: 'file:///x', blob: 'AAAAAAAA', mimeType: 'application/zip' } },
          { type: 'resource_link', uri: 'file:///y', name: 'y' },
        ],
        isError: true,
      }),
    ).toEqual({
      output:
        'The tool reported an error:\none\n[audio: audio/wav, 3 bytes]\n[resource file:///x: application/zip, 6 bytes]\n[resource link: file:///y (y)]',
      success: false,
      omittedBytes: 0,
    });
  });

  it('uses structured content only when no text says the same', () => {
    expect(
      formatToolResult({ content: [{ type: 'text', text: '{"a":1}' }], structuredContent: { a: 1 } }).output,
    ).toBe('{"a":1}');
    expect(formatToolResult({ content: [], structuredContent: { a: [1, 2] } }).output).toBe('{"a":[1,2]}');
  });

  it('says so when a result has no content, and survives a result that is not an object', () => {
    expect(formatToolResult({ content: [] }).output).toBe('(the tool returned no content)');
    expect(formatToolResult('nonsense').output).toBe('(the tool returned no content)');
  });

  it('caps the result at the byte budget, keeping head and tail', () => {
    const result = formatToolResult(
      { content: [{ type: 'text', text: `start${'x'.repeat(100_000)}end` }] },
      1000,
    );
    expect(Buffer.byteLength(result.output)).toBeLessThan(1100);
    expect(result.output.startsWith('start')).toBe(true);
    expect(result.output.endsWith('end')).toBe(true);
    expect(result.omittedBytes).toBeGreaterThan(99_000);
  });
});

describe('plainText', () => {
  it('removes OSC (title, clipboard), CSI, C1 controls and bidi overrides, keeps newlines and tabs', () => {
    const hostile =
      'a\u001b]52;c;ZXZpbA==\u0007b\u001b[2Jc\u001b[?1049hd\u009b31me\u202eevil\u202c\tf\r\ng\u0000\u0008h\u001b(Bi';
    expect(plainText(hostile)).toBe('abcdeevil\tf\nghi');
  });
});

describe('mcpCallNeedsApproval', () => {
  const policy = (approval: 'untrusted' | 'on-request' | 'on-failure' | 'never') => ({
    mode: 'workspace-write' as const,
    approval,
    writableRoots: [],
    networkAccess: false,
    nonInteractive: false,
  });
  it('asks unless the policy is never (auto); prompt always asks; approve never does', () => {
    expect(mcpCallNeedsApproval('auto', policy('untrusted'))).toBe(true);
    expect(mcpCallNeedsApproval('auto', policy('on-request'))).toBe(true);
    expect(mcpCallNeedsApproval('auto', policy('on-failure'))).toBe(true);
    expect(mcpCallNeedsApproval('auto', policy('never'))).toBe(false);
    expect(mcpCallNeedsApproval('prompt', policy('never'))).toBe(true);
    expect(mcpCallNeedsApproval('approve', policy('untrusted'))).toBe(false);
  });
});
