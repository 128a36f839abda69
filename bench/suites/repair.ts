// Cost of the tool-call repair stage per model response: repairResponse on the collected reply,
// and the visible-text stream filter over the same reply in ~4-character deltas (about one
// delta per token). Target (issue 7): under 1 ms for a 4,000-token reply with no tool markup.
import { resolveModelFamily } from '../../src/repair/families.js';
import { repairResponse } from '../../src/repair/repair-response.js';
import { createVisibleTextFilter } from '../../src/repair/stream-filter.js';
import type { RawResponse, RepairToolSchema } from '../../src/repair/types.js';

export const title = 'Tool-call repair (per 4,000-token reply)';

const TOOLS: RepairToolSchema[] = [
  {
    name: 'shell',
    parameters: {
      type: 'object',
      properties: {
        command: { type: 'array', items: { type: 'string' }, minItems: 1 },
        workdir: { type: 'string' },
        timeout_ms: { type: 'integer', exclusiveMinimum: 0 },
      },
      required: ['command'],
      additionalProperties: false,
    },
  },
  {
    name: 'apply_patch',
    parameters: {
      type: 'object',
      properties: { input: { type: 'string' } },
      required: ['input'],
      additionalProperties: false,
    },
  },
];

/** About 4,000 tokens (~16,000 characters) of prose, lists and code with `<`, `{`, `[` and backticks. */
function plainReply(): string {
  const paragraph =
    'The failing test compares `range(0, n)` against a list built by hand; the loop in src/range.ts ' +
    'stops one step too late when `end < start`, so the last element is repeated. [See the notes](docs/notes.md). ';
  const code =
    '```ts\nexport function range(start: number, end: number): number[] {\n  const out: number[] = [];\n  for (let i = start; i < end; i++) out.push(i);\n  return out;\n}\n```\n';
  const list = '- check `a <= b` and `b >= c`\n- keep {braces} and [brackets] as they are\n';
  let text = '';
  while (text.length < 16_000) text += `${paragraph}\n\n${list}\n${code}\n`;
  return text;
}

function deltas(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += 4) out.push(text.slice(i, i + 4));
  return out;
}

function measure(iterations: number, work: () => void): { median: number; p95: number } {
  for (let i = 0; i < 30; i++) work();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, p95: times[Math.floor(times.length * 0.95)]! };
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

export async function run() {
  const plain = plainReply();
  const harmonyCall =
    `<|channel|>analysis<|message|>${plain}<|end|><|start|>assistant<|channel|>commentary to=functions.shell ` +
    '<|constrain|>json<|message|>{"command":"grep -rn TODO src | head",}<|call|>';
  const qwenCall = `${plain}\n<tool_call>\n<function=shell>\n<parameter=command>\nls -la\n</parameter>\n</function>\n</tool_call>`;
  const cases: { name: string; model: string; response: RawResponse }[] = [
    {
      name: 'plain text, no markup (generic family)',
      model: 'some-model',
      response: { text: plain, toolCalls: [] },
    },
    {
      name: 'plain text, no markup (gpt-oss family)',
      model: 'gpt-oss:20b',
      response: { text: plain, toolCalls: [] },
    },
    {
      name: 'leaked harmony: analysis + repaired call',
      model: 'gpt-oss:20b',
      response: { text: harmonyCall, toolCalls: [] },
    },
    {
      name: 'text + Qwen3-Coder XML call',
      model: 'qwen3-coder:30b',
      response: { text: qwenCall, toolCalls: [] },
    },
  ];
  const rows: string[][] = [];
  for (const { name, model, response } of cases) {
    const family = resolveModelFamily(model);
    const repair = measure(300, () => repairResponse(response, TOOLS, family));
    const chunks = deltas(response.text);
    const filter = measure(300, () => {
      const stream = createVisibleTextFilter({
        formats: family.toolCallFormats,
        toolNames: ['shell', 'apply_patch'],
      });
      for (const chunk of chunks) stream.push(chunk);
      stream.flush();
    });
    rows.push([
      name,
      `${response.text.length}`,
      `${ms(repair.median)} (p95 ${ms(repair.p95)})`,
      `${chunks.length}`,
      `${ms(filter.median)} (p95 ${ms(filter.p95)})`,
    ]);
  }
  return {
    columns: ['reply', 'chars', 'repairResponse (median)', 'deltas', 'stream filter, whole reply (median)'],
    rows,
    notes: [
      'Target: under 1 ms for a 4,000-token reply with no tool markup (repairResponse and the stream filter each).',
    ],
  };
}
