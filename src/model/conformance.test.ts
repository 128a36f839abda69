// Every recorded stream in ../shared/conformance/wire replayed through the real client: from a
// scripted HTTP server on 127.0.0.1 (whole, per line, per byte, split inside UTF-8 characters),
// and through an injected fetch that delivers exactly one chunk per read (per byte, UTF-8 split),
// so chunk boundaries land everywhere. Expectations follow the fixtures' README and Codex's
// expectations.json; a new fixture without an expectation fails the suite.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type ScriptedModelServer,
  scriptedProvider,
  startScriptedModelServer,
} from '../../test/kit/scripted-model-server.js';
import { describeConformance } from '../../test/kit/shared-conformance.js';
import type { ProviderSettings } from '../protocol/provider.js';
import { createModelClient } from './client.js';
import {
  ContextWindowExceededError,
  ModelIncompleteError,
  ModelRefusalError,
  ModelServerError,
  ModelStreamError,
  QuotaExceededError,
} from './errors.js';
import { type Collected, collect, summarize } from './test-support/collect-events.js';
import {
  loadWireFixtures,
  type Rechunking,
  rechunk,
  type WireFixture,
} from './test-support/wire-fixtures.js';
import type { FinishReason, ModelRequest, Usage } from './types.js';

type TextSpec = string | { start: string; end: string; length: number };

interface Expectation {
  text?: TextSpec;
  reasoning?: TextSpec;
  /** Reasoning items to keep in history: their text, and whether encrypted content came with them. */
  reasoningItems?: { text: TextSpec; encrypted: boolean }[];
  calls?: { callId?: string; name: string; arguments: string }[];
  usage?: Usage;
  finish?: FinishReason;
  error?: {
    type: abstract new (...args: never[]) => Error;
    retryable: boolean;
    includes?: string[];
    serverMessage?: string;
    retryAfterMs?: number;
  };
}

const WEATHER_SF = '{"location":"San Francisco"}';

const EXPECTATIONS: Record<string, Expectation> = {
  // Harmony markup in content is the repair layer's business; here it is text, and the snippet
  // has no end, so the stream is incomplete.
  'ask-openai-nvim/llama-server-gpt-oss-raw-harmony-in-content.snippet.sse': {
    text: '<|channel|>',
    error: { type: ModelStreamError, retryable: true, includes: ['closed before the reply was complete'] },
  },
  'ask-openai-nvim/llama-server-qwen3coder-leaked-tool_call-markup.chunks.jsonl': {
    text: { start: 'Hi there! Let me check the cur', end: '\n<function=get_current_weather', length: 111 },
    calls: [{ callId: 'CALL_ID', name: 'get_current_weather', arguments: '{"location":"Washington DC"}' }],
    finish: 'tool_calls',
  },
  'ask-openai-nvim/ollama-v1-chat-qwen2.5-coder-parallel-tool-calls.sse': {
    text: '',
    calls: [
      { callId: 'call_wteop8bt', name: 'run_command', arguments: '{"command":"ls"}' },
      { callId: 'call_rk2xye1l', name: 'run_command', arguments: '{"command":"ls -l"}' },
    ],
    finish: 'tool_calls',
  },
  'ask-openai-nvim/vllm-v1-chat-tool-call-args-split.sse': {
    calls: [
      {
        callId: 'chatcmpl-tool-ca99dda515524c6abe47d1ea22813507',
        name: 'run_command',
        arguments: '{"command": "ls"}',
      },
    ],
    finish: 'tool_calls',
  },
  'goose/mid-stream-error-first-chunk.sse': {
    error: {
      type: ModelServerError,
      retryable: true,
      serverMessage: 'Rate limit exceeded',
      includes: ['"Rate limit exceeded"'],
    },
  },
  'goose/mid-stream-error-openai-shape.sse': {
    error: { type: ModelServerError, retryable: true, serverMessage: 'Internal server error' },
  },
  'goose/mid-stream-error-vllm-shape.sse': {
    error: {
      type: ModelServerError,
      retryable: true,
      serverMessage: 'CUDA out of memory',
      includes: ['code 500'],
    },
  },
  'goose/openai-chat-tool-call-usage-empty-choices.sse': {
    calls: [{ name: 'developer__shell', arguments: '{"command":"ls ~/Desktop | wc -l"}' }],
    usage: { inputTokens: 8320, outputTokens: 172 },
    finish: 'tool_calls',
  },
  'goose/proxy-bedrock-claude-two-tool-calls-usage-every-chunk.sse': {
    text: { start: "I'll run both `ls` commands in", end: ' and one on the `working_dir`.', length: 113 },
    calls: [
      {
        callId: 'toolu_bdrk_01RMTd7R9DzQjEEWgDwzcBsU',
        name: 'developer__shell',
        arguments: '{"command": "ls"}',
      },
      {
        callId: 'toolu_bdrk_016bgVTGZdpjP8ehjMWp9cWW',
        name: 'developer__shell',
        arguments: '{"command": "ls working_dir"}',
      },
    ],
    // Partial usage on every chunk, the complete value on the finish chunk: counted once.
    usage: { inputTokens: 4982, outputTokens: 122 },
    finish: 'tool_calls',
  },
  'goose/tetrate-claude-tool-call.sse': {
    calls: [{ name: 'developer__shell', arguments: '{"command": "find ~/Desktop -type f | wc -l"}' }],
    usage: { inputTokens: 12376, outputTokens: 79 },
    finish: 'tool_calls',
  },
  'openai-codex/responses/cli_responses_fixture.sse': { text: 'fixture hello', finish: 'stop' },
  'openai-codex/responses/created_then_completed.sse': {
    text: '',
    usage: { inputTokens: 0, outputTokens: 0 },
    finish: 'stop',
  },
  'openai-codex/responses/incomplete_sse.json': {
    error: { type: ModelStreamError, retryable: true, includes: ['closed before response.completed'] },
  },
  // Two message items (the first a commentary phase): one text, separated by a blank line.
  'openai-codex/responses/items_then_completed.sse': {
    text: 'Hello\n\nWorld',
    usage: undefined,
    finish: 'stop',
  },
  'openai-codex/responses/missing_completed.sse': {
    text: 'Hello',
    error: { type: ModelStreamError, retryable: true, includes: ['closed before response.completed'] },
  },
  'openai-codex/responses/reasoning_summary_done.sse': {
    reasoning: 'Checking',
    reasoningItems: [{ text: 'Checking', encrypted: false }],
    finish: 'stop',
  },
  'openai-codex/responses/response_failed_bio_policy.sse': {
    error: {
      type: ModelRefusalError,
      retryable: false,
      serverMessage: 'This content was flagged for possible biological risk.',
    },
  },
  'openai-codex/responses/response_failed_context_length_exceeded.sse': {
    error: {
      type: ContextWindowExceededError,
      retryable: false,
      includes: ['Your input exceeds the context window'],
    },
  },
  'openai-codex/responses/response_failed_context_length_exceeded_newline.sse': {
    error: { type: ContextWindowExceededError, retryable: false },
  },
  'openai-codex/responses/response_failed_cyber_policy.sse': {
    error: {
      type: ModelRefusalError,
      retryable: false,
      serverMessage: 'This request was flagged for cyber policy.',
    },
  },
  'openai-codex/responses/response_failed_cyber_policy_empty_message.sse': {
    error: {
      type: ModelRefusalError,
      retryable: false,
      serverMessage: 'This request has been flagged for possible cybersecurity risk.',
    },
  },
  'openai-codex/responses/response_failed_insufficient_quota.sse': {
    error: { type: QuotaExceededError, retryable: false, includes: ['You exceeded your current quota'] },
  },
  'openai-codex/responses/response_failed_invalid_prompt.sse': {
    error: {
      type: ModelRefusalError,
      retryable: false,
      serverMessage: "Invalid prompt: we've limited access to this content for safety reasons.",
    },
  },
  'openai-codex/responses/response_failed_rate_limit.sse': {
    error: {
      type: ModelServerError,
      retryable: true,
      retryAfterMs: 11_054,
      includes: ['Please try again in 11.054s'],
    },
  },
  'openai-codex/responses/response_incomplete_content_filter.sse': {
    text: 'continued chunk',
    error: {
      type: ModelIncompleteError,
      retryable: false,
      includes: ['Incomplete response returned, reason: content_filter'],
    },
  },
  'openai-codex/responses/test_helper_event_shapes.sse': {
    text: 'Hello',
    reasoning: 'Thinking\n\nraw thought',
    reasoningItems: [{ text: 'raw thought', encrypted: true }],
    // The custom (freeform) apply_patch call and the web search are tool types ossa never declares.
    calls: [
      { callId: 'call-1', name: 'shell_command', arguments: '{"command":"ls -la"}' },
      { callId: 'call-2', name: 'search', arguments: '{}' },
      {
        callId: 'call-4',
        name: 'shell_command',
        arguments: `{"command": "apply_patch <<'EOF'\\n*** Begin Patch\\n*** Add File: hello.txt\\n+hello\\n*** End Patch\\nEOF\\n"}`,
      },
    ],
    usage: { inputTokens: 0, outputTokens: 0 },
    finish: 'tool_calls',
  },
  // Custom tool input and tool_search calls belong to tool types ossa never declares: ignored.
  'openai-codex/responses/tool_call_input_deltas.sse': { text: '', calls: [], finish: 'stop' },
  'openai-codex/responses/tool_search_call_item.sse': { text: '', calls: [], finish: 'stop' },
  'openai-codex/responses/unknown_event_then_completed.sse': {
    usage: { inputTokens: 0, outputTokens: 0 },
    finish: 'stop',
  },
  'openrouter/ai-sdk-provider-reasoning-details.synthetic.sse': {
    text: 'Hello!',
    // reasoning_details preferred over the duplicate `reasoning` field; plain `reasoning` otherwise.
    reasoning: 'Let me think about this...User wants a greetingThis reasoning is used',
    usage: { inputTokens: 17, outputTokens: 30 },
    finish: 'stop',
  },
  'openrouter/goose-gpt-oss-120b-usage-after-finish.sse': {
    text: 'There are **47** files.',
    usage: { inputTokens: 7007, outputTokens: 49 },
    finish: 'stop',
  },
  // Comment frames before the first chunk; [DONE] without a finish_reason still completes.
  'openrouter/keepalive-comments.excerpt.sse': { text: 'I am a helpful AI desig', finish: 'stop' },
  'vercel-ai/chat-completions/alibaba-tool-call.chunks.jsonl': {
    calls: [
      {
        callId: 'call_eee11723464a4b9eb8cee71d',
        name: 'weather',
        arguments: '{"location": "San Francisco"}',
      },
    ],
    usage: { inputTokens: 295, outputTokens: 22, cachedInputTokens: 0 },
    finish: 'tool_calls',
  },
  'vercel-ai/chat-completions/anthropic-fallback-tool-call.sse': {
    text: 'Reading it.',
    calls: [{ callId: 'toolu_sanitized', name: 'read_file', arguments: '{"path": "a.txt"}' }],
    finish: 'tool_calls',
  },
  'vercel-ai/chat-completions/azure-deepseek-reasoning.1.chunks.jsonl': {
    text: {
      start: 'Exciting news, Knicks fans—the',
      end: ' April\u202f4—from the logo! 🎯🧡💙',
      length: 2665,
    },
    reasoning: {
      start: 'We need to invent a new holida',
      end: "ms fun. I'll craft a response.",
      length: 3832,
    },
    reasoningItems: [
      {
        text: {
          start: 'We need to invent a new holida',
          end: "ms fun. I'll craft a response.",
          length: 3832,
        },
        encrypted: false,
      },
    ],
    usage: { inputTokens: 19, outputTokens: 1720, reasoningOutputTokens: 0 },
    finish: 'stop',
  },
  'vercel-ai/chat-completions/azure-model-router.1.chunks.jsonl': {
    text: 'Capital of Denmark.',
    usage: { inputTokens: 15, outputTokens: 78, cachedInputTokens: 0, reasoningOutputTokens: 64 },
    finish: 'stop',
  },
  'vercel-ai/chat-completions/deepseek-reasoning.chunks.jsonl': {
    text: 'The word "strawberry" contains three "r"s.',
    reasoning: {
      start: 'We need to count the number of',
      end: 'es, 3.\n\nThus, the answer is 3.',
      length: 606,
    },
    usage: { inputTokens: 18, outputTokens: 219, cachedInputTokens: 0, reasoningOutputTokens: 205 },
    finish: 'stop',
  },
  'vercel-ai/chat-completions/deepseek-tool-call.chunks.jsonl': {
    reasoning: {
      start: 'The user is asking for the wea',
      end: 'ameter set to "San Francisco".',
      length: 191,
    },
    calls: [
      {
        callId: 'call_00_ioIn7yN9p1ZOMNpDLwd4MgAF',
        name: 'weather',
        arguments: '{"location": "San Francisco"}',
      },
    ],
    usage: { inputTokens: 339, outputTokens: 83, cachedInputTokens: 320, reasoningOutputTokens: 39 },
    finish: 'tool_calls',
  },
  'vercel-ai/chat-completions/groq-tool-call.chunks.jsonl': {
    calls: [{ callId: 'tk85n1k4m', name: 'weather', arguments: '{}' }],
    usage: { inputTokens: 210, outputTokens: 15 },
    finish: 'tool_calls',
  },
  // The second fragment repeats `type` with `name: ""`; arguments arrive whole there.
  'vercel-ai/chat-completions/mistral-incremental-tool-call.chunks.jsonl': {
    calls: [
      {
        callId: 'chatcmpl-tool-9f149c74c42f265b',
        name: 'webSearchTool',
        arguments: '{"query": "current Berlin weather"}',
      },
    ],
    usage: { inputTokens: 171, outputTokens: 14, cachedInputTokens: 128 },
    finish: 'tool_calls',
  },
  'vercel-ai/chat-completions/moonshotai-stream.chunks.jsonl': {
    text: 'Hello!',
    reasoning: 'Thinking aloud. ',
    usage: { inputTokens: 9, outputTokens: 12, reasoningOutputTokens: 7 },
    finish: 'stop',
  },
  'vercel-ai/chat-completions/openai-text.chunks.jsonl': {
    text: { start: '**Holiday Name:** Harmony Day\n', end: 'xperiences and mutual respect.', length: 1724 },
    usage: { inputTokens: 16, outputTokens: 300, cachedInputTokens: 0, reasoningOutputTokens: 0 },
    finish: 'stop',
  },
  'vercel-ai/chat-completions/xai-tool-call.chunks.jsonl': {
    reasoning: {
      start: 'First, the user is asking abou',
      end: 'this is the logical next step.',
      length: 1069,
    },
    calls: [{ callId: 'call_79382389', name: 'weather', arguments: WEATHER_SF }],
    usage: { inputTokens: 307, outputTokens: 26, cachedInputTokens: 306, reasoningOutputTokens: 227 },
    finish: 'tool_calls',
  },
  'vercel-ai/lmstudio-responses/lmstudio-basic.1.chunks.jsonl': {
    text: { start: '## The Festival of Whispering ', end: 'rough storytelling around fire', length: 1384 },
    usage: { inputTokens: 31, outputTokens: 282, cachedInputTokens: 30, reasoningOutputTokens: 0 },
    finish: 'stop',
  },
  // LM Studio: raw reasoning_text, empty summary; arguments only in function_call_arguments.done.
  'vercel-ai/lmstudio-responses/lmstudio-tool-call.1.chunks.jsonl': {
    text: "I'll get the current weather information for San Francisco for you.",
    reasoning: {
      start: 'The user is asking for the wea',
      end: 'ion to make the function call.',
      length: 242,
    },
    reasoningItems: [
      {
        text: { start: 'The user is asking for the wea', end: 'ion to make the function call.', length: 242 },
        encrypted: false,
      },
    ],
    calls: [{ callId: 'call_2025306790300011', name: 'weather', arguments: WEATHER_SF }],
    usage: { inputTokens: 182, outputTokens: 61, cachedInputTokens: 2, reasoningOutputTokens: 48 },
    finish: 'tool_calls',
  },
  'vercel-ai/lmstudio-responses/lmstudio-tool-call.2.chunks.jsonl': {
    text: "I'll get the current weather information for San Francisco for you.",
    reasoning: {
      start: 'The user is asking for the wea',
      end: 'ers to make the function call.',
      length: 241,
    },
    calls: [{ callId: 'call_3466696471230001', name: 'weather', arguments: WEATHER_SF }],
    usage: { inputTokens: 182, outputTokens: 60, cachedInputTokens: 52, reasoningOutputTokens: 47 },
    finish: 'tool_calls',
  },
  // The anonymised recording streams "X" but closes the message with other text: what was
  // streamed stays (the consumer already showed it).
  'vercel-ai/openai-responses/azure-gpt5-reasoning-multi-summary-with-encryption.chunks.jsonl': {
    text: 'X',
    reasoning: {
      start: '**Anonymized summary 0**\n\nThis',
      end: 's preserved for test purposes.',
      length: 1264,
    },
    reasoningItems: [
      {
        text: {
          start: '**Anonymized summary 0**\n\nThis',
          end: 's preserved for test purposes.',
          length: 1264,
        },
        encrypted: true,
      },
    ],
    usage: { inputTokens: 100, outputTokens: 500, cachedInputTokens: 0, reasoningOutputTokens: 300 },
    finish: 'stop',
  },
  // Every event carries a different item id: correlated by output_index.
  'vercel-ai/openai-responses/github-copilot-id-rotation.1.chunks.jsonl': {
    text: { start: 'There are **3** letter **“r”**', end: ' at positions **3, 8, and 9**.', length: 138 },
    reasoning: '**Counting character occurrences**',
    reasoningItems: [{ text: '**Counting character occurrences**', encrypted: false }],
    usage: { inputTokens: 19, outputTokens: 105, cachedInputTokens: 0, reasoningOutputTokens: 44 },
    finish: 'stop',
  },
  // Hosted and custom tool calls (apply_patch_call, custom_tool_call, local_shell_call) are types
  // ossa never declares: ignored.
  'vercel-ai/openai-responses/openai-apply-patch-tool.1.chunks.jsonl': {
    text: '',
    calls: [],
    usage: { inputTokens: 642, outputTokens: 67, cachedInputTokens: 0, reasoningOutputTokens: 0 },
    finish: 'stop',
  },
  'vercel-ai/openai-responses/openai-custom-tool.1.chunks.jsonl': {
    calls: [],
    usage: { inputTokens: 50, outputTokens: 20, cachedInputTokens: 0, reasoningOutputTokens: 0 },
    finish: 'stop',
  },
  'vercel-ai/openai-responses/openai-error.1.chunks.jsonl': {
    error: { type: QuotaExceededError, retryable: false, includes: ['insufficient_quota'] },
  },
  'vercel-ai/openai-responses/openai-local-shell-tool.1.chunks.jsonl': {
    calls: [],
    usage: { inputTokens: 407, outputTokens: 151, cachedInputTokens: 0, reasoningOutputTokens: 128 },
    finish: 'stop',
  },
  'vercel-ai/openai-responses/openai-phase.1.chunks.jsonl': {
    text: { start: 'Got it — I’ll quickly check re', end: 'morning brief with timestamps.', length: 1640 },
    usage: { inputTokens: 7112, outputTokens: 463, cachedInputTokens: 3072, reasoningOutputTokens: 64 },
    finish: 'stop',
  },
  'vercel-ai/openai-responses/openai-reasoning-encrypted-content.1.chunks.jsonl#1': {
    reasoning: {
      start: '**Calculating step-by-step usi',
      end: ', reporting the final product.',
      length: 163,
    },
    reasoningItems: [
      {
        text: { start: '**Calculating step-by-step usi', end: ', reporting the final product.', length: 163 },
        encrypted: true,
      },
    ],
    calls: [
      { callId: 'call_AB6AaRZ1FYZB2RwS6A5vbdqn', name: 'calculator', arguments: '{"a":12,"b":7,"op":"add"}' },
    ],
    usage: { inputTokens: 134, outputTokens: 28, cachedInputTokens: 0, reasoningOutputTokens: 0 },
    finish: 'tool_calls',
  },
  'vercel-ai/openai-responses/openai-reasoning-encrypted-content.1.chunks.jsonl#2': {
    calls: [
      {
        callId: 'call_Q6pW65MUgW9vF59BmItYGos3',
        name: 'calculator',
        arguments: '{"a":19,"b":3,"op":"multiply"}',
      },
    ],
    finish: 'tool_calls',
  },
  'vercel-ai/openai-responses/openai-reasoning-encrypted-content.1.chunks.jsonl#3': {
    calls: [
      {
        callId: 'call_Zl5vIMnD7dVAjgU6FkhmiCZh',
        name: 'calculator',
        arguments: '{"a":57,"b":10,"op":"multiply"}',
      },
    ],
    finish: 'tool_calls',
  },
  'vercel-ai/openai-responses/openai-reasoning-encrypted-content.1.chunks.jsonl#4': {
    text: 'The final result is **570**.',
    usage: { inputTokens: 299, outputTokens: 12, cachedInputTokens: 0, reasoningOutputTokens: 0 },
    finish: 'stop',
  },
  'vercel-ai/openai-responses/openai-response-failed-only.1.chunks.jsonl': {
    error: { type: ModelServerError, retryable: true, includes: ['Request too large for gpt-4o-mini'] },
  },
  // Lines 1 and 6 are malformed JSON upstream: a typed stream error quoting the line, never a skip.
  'vercel-ai/openai-responses/parallel-tool-call-wrapper.1.chunks.jsonl': {
    error: { type: ModelStreamError, retryable: true, includes: ['not JSON', 'resp_parallel'] },
  },
};

const REQUEST: ModelRequest = { model: 'fixture-model', instructions: '', input: [], tools: [] };

function matchesText(actual: string, spec: TextSpec): void {
  if (typeof spec === 'string') {
    expect(actual).toBe(spec);
  } else {
    expect(actual.slice(0, spec.start.length)).toBe(spec.start);
    expect(actual.slice(-spec.end.length)).toBe(spec.end);
    expect(actual.length).toBe(spec.length);
  }
}

function check(fixture: WireFixture, result: Collected): void {
  const expected = EXPECTATIONS[fixture.name];
  if (!expected) throw new Error(`no expectation for ${fixture.name}`);
  const summary = summarize(result.events);
  expect(summary.responseStarts).toBe(1);
  if (expected.text !== undefined) matchesText(summary.text, expected.text);
  if (expected.reasoning !== undefined) matchesText(summary.reasoning, expected.reasoning);
  if (expected.reasoningItems !== undefined) {
    expect(summary.reasoningItems).toHaveLength(expected.reasoningItems.length);
    expected.reasoningItems.forEach((item, index) => {
      const actual = summary.reasoningItems[index];
      matchesText(actual?.text ?? '', item.text);
      expect(Boolean(actual?.encryptedContent)).toBe(item.encrypted);
    });
  }
  if (expected.calls !== undefined) {
    expect(summary.calls.map(({ name, arguments: args }) => ({ name, arguments: args }))).toEqual(
      expected.calls.map(({ name, arguments: args }) => ({ name, arguments: args })),
    );
    expected.calls.forEach((call, index) => {
      if (call.callId) expect(summary.calls[index]?.callId).toBe(call.callId);
    });
  }
  if ('usage' in expected) expect(summary.usage).toEqual(expected.usage);
  if (expected.error) {
    expect(summary.finish).toBeUndefined();
    const error = result.error as Error & {
      retryable?: boolean;
      serverMessage?: string;
      retryAfterMs?: number;
    };
    expect(error).toBeInstanceOf(expected.error.type);
    expect(error.retryable).toBe(expected.error.retryable);
    for (const part of expected.error.includes ?? []) expect(error.message).toContain(part);
    if (expected.error.serverMessage !== undefined)
      expect(error.serverMessage).toBe(expected.error.serverMessage);
    if (expected.error.retryAfterMs !== undefined)
      expect(error.retryAfterMs).toBe(expected.error.retryAfterMs);
  } else {
    expect(result.error).toBeUndefined();
    expect(summary.finish).toBe(expected.finish);
  }
}

describeConformance('recorded wire streams in ../shared/conformance/wire', () => {
  const fixtures = loadWireFixtures();

  test('every fixture stream has an expectation, and every expectation a fixture', () => {
    expect(fixtures.map((fixture) => fixture.name).sort()).toEqual(Object.keys(EXPECTATIONS).sort());
  });

  describe('replayed over HTTP from 127.0.0.1', () => {
    let server: ScriptedModelServer;
    beforeAll(async () => {
      server = await startScriptedModelServer();
    });
    afterAll(() => server.close());

    const variants: Rechunking[] = ['whole', 'lines', 'bytes', 'utf8-split'];
    describe.each(variants)('%s', (how) => {
      test.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('%s', async (_name, fixture) => {
        // Per-byte writes go back to back (still one HTTP chunk each); the others yield between writes.
        server.setTurns([{ rawSse: rechunk(fixture.sse, how), burst: how === 'bytes' }]);
        const client = createModelClient(scriptedProvider(server.url, { wireApi: fixture.wire }));
        check(fixture, await collect(client.stream(REQUEST, new AbortController().signal)));
      });
    });
  });

  /** A fetch whose response body delivers exactly the given chunks, one per read. */
  function chunkedFetch(chunks: Uint8Array[]): typeof fetch {
    return async () => {
      let index = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const chunk = chunks[index++];
          if (chunk) controller.enqueue(chunk);
          else controller.close();
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    };
  }

  describe('one read per chunk (exact boundaries)', () => {
    const provider = (fixture: WireFixture): ProviderSettings =>
      scriptedProvider('http://127.0.0.1:9/v1', { wireApi: fixture.wire });
    describe.each(['bytes', 'utf8-split'] as const)('%s', (how) => {
      test.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('%s', async (_name, fixture) => {
        const client = createModelClient(provider(fixture), {
          fetch: chunkedFetch(rechunk(fixture.sse, how)),
        });
        check(fixture, await collect(client.stream(REQUEST, new AbortController().signal)));
      });
    });
  });
});
