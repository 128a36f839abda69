import { describe, expect, it } from 'vitest';
import { loadCorpus } from './corpus/load-corpus.js';
import { resolveModelFamily } from './families.js';
import { createVisibleTextFilter, type VisibleTextFilterOptions } from './stream-filter.js';

function streamChunks(
  chunks: readonly string[],
  options?: VisibleTextFilterOptions,
): { out: string; perPush: string[] } {
  const filter = createVisibleTextFilter(options);
  const perPush = chunks.map((chunk) => filter.push(chunk));
  return { out: perPush.join('') + filter.flush(), perPush };
}

/** Deterministic chunk sizes 1..7 (a small LCG), so failures reproduce. */
function chunked(text: string, seed: number): string[] {
  const chunks: string[] = [];
  let state = seed;
  for (let i = 0; i < text.length; ) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const size = 1 + (state % 7);
    chunks.push(text.slice(i, i + size));
    i += size;
  }
  return chunks;
}

// Known differences, settled by the final message: text before a lone `</think>` streams before it
// turns out to be reasoning; a fenced JSON call is hidden before the prose after it shows it was an example.
const STREAM_DIFFERS = new Set(['qwen3-template-opened-think', 'fenced-json-example-then-prose']);

describe('visible text filter over the corpus', () => {
  for (const testCase of loadCorpus()) {
    it(testCase.id, () => {
      const options = {
        formats: resolveModelFamily(testCase.model).toolCallFormats,
        toolNames: testCase.tools.map((tool) => tool.name),
      };
      const text = testCase.response.text;
      const whole = streamChunks([text], options).out;
      expect(streamChunks([...text], options).out).toBe(whole);
      expect(streamChunks(chunked(text, 7), options).out).toBe(whole);
      expect(streamChunks(chunked(text, 99), options).out).toBe(whole);
      if (!STREAM_DIFFERS.has(testCase.id)) expect(whole.trim()).toBe(testCase.expected.text);
    });
  }
});

describe('visible text filter', () => {
  it('passes ordinary text through in the same push', () => {
    const chunks = [
      'The fix ',
      'is in src/range.ts: ',
      'the loop ran one step too far.\n',
      'All tests pass.',
    ];
    expect(streamChunks(chunks).perPush).toEqual(chunks);
  });

  it('holds a trailing `<` only until the next delta settles it', () => {
    const { perPush, out } = streamChunks(['if a <', ' b then', ' return <', '|end|> x']);
    expect(perPush).toEqual(['if a ', '< b then', ' return ', ' x']);
    expect(out).toBe('if a < b then return  x');
  });

  it('releases an undecided prefix at the end of the stream', () => {
    expect(streamChunks(['see <tool_']).out).toBe('see <tool_');
    expect(streamChunks(['see [TOOL']).out).toBe('see [TOOL');
  });

  it('streams a harmony final body and hides analysis and calls', () => {
    const deltas = [
      '<|channel|>',
      'analysis',
      '<|message|>',
      'secret plan',
      '<|end|>',
      '<|start|>assistant',
      '<|channel|>final',
      '<|message|>',
      'Hel',
      'lo',
      '<|return|>',
    ];
    const { perPush, out } = streamChunks(deltas, { formats: ['harmony'] });
    expect(out).toBe('Hello');
    expect(perPush.slice(8)).toEqual(['Hel', 'lo', '']);
  });

  it('hides a cut-off tool call but shows a tag mentioned in prose', () => {
    expect(
      streamChunks(['Checking.\n<tool_call>\n', '{"name": "shell", "arguments": {"command": ["ls"', ']}}'])
        .out,
    ).toBe('Checking.\n');
    expect(streamChunks(['Qwen uses a <tool_call> tag', ' around JSON.']).out).toBe(
      'Qwen uses a <tool_call> tag around JSON.',
    );
  });

  it('shows markup inside code, hides a fenced JSON call', () => {
    const code = 'Example:\n```xml\n<tool_call>\n<function=shell>\n</function>\n</tool_call>\n```\nDone.';
    expect(streamChunks([...code]).out).toBe(code);
    const call = 'Running it.\n```json\n{"name": "shell", "arguments": {"command": ["ls"]}}\n```\n';
    expect(streamChunks([...call], { toolNames: ['shell'] }).out).toBe('Running it.\n\n');
  });

  it('only recognises harmony mid-text for families that use it', () => {
    const text = 'Tokens like <|end|> and <|channel|> appear in the prompt.';
    expect(streamChunks([text], { formats: ['tool_call_tag'] }).out).toBe(text);
    expect(streamChunks(['<|channel|>final<|message|>Hi'], { formats: ['tool_call_tag'] }).out).toBe('Hi');
  });

  it('hides a leading <think> block and the stripped-token analysis of gpt-oss', () => {
    expect(streamChunks(['<think>\nhmm', '\n</think>\n\nAnswer.']).out).toBe('\n\nAnswer.');
    expect(streamChunks([...'analysisUser says hi.assistantfinalHello!'], { formats: ['harmony'] }).out).toBe(
      'Hello!',
    );
    expect(streamChunks(['analysis of the code: fine.'], { formats: ['harmony'] }).out).toBe(
      'analysis of the code: fine.',
    );
  });
});
