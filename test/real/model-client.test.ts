// ossa's model client against a real llama-server: what a retry cannot fix is not retried (defect 2),
// a connection llama-server closed after a stream does not cost a retry, and a reply cut by -n
// finishes as `length` on both wires (defect 3). The server's in-stream parser error is recorded as
// a fixture (chat-/responses-parse-error) that the ordinary suite replays.
import { existsSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createModelClient } from '../../src/model/client.js';
import { collect, summarize } from '../../src/model/test-support/collect-events.js';
import type { ModelRequest } from '../../src/model/types.js';
import type { WireApi } from '../../src/protocol/provider.js';
import { FIXTURE_DIR, type RecordedScenario } from '../kit/recorded-exchanges.js';
import { scriptedProvider } from '../kit/scripted-model-server.js';
import { ANSWERS } from './gguf/tiny-model.js';
import { startLlamaServer, useLlamaServer } from './kit/llama-server.js';
import { tierSkipped, tinyModel } from './kit/real-tier.js';
import { startRecordingProxy } from './kit/recording-proxy.js';

const WIRES = ['chat', 'responses'] as const;

/**
 * A conversation ending in an assistant message is continued by llama-server, whose parser then
 * reads that prefix too: a tool call followed by text does not match the Qwen2.5 format, so the
 * server fails the stream with a 500 server_error, the same way every time.
 */
export const UNPARSABLE_PREFILL: ModelRequest = {
  model: 'tiny',
  instructions: 'You are a test.',
  input: [
    { type: 'message', role: 'user', text: 'say hi' },
    {
      type: 'message',
      role: 'assistant',
      text: '<tool_call>\n{"name": "shell", "arguments": {"command": ["x"]}}\n</tool_call> trailing text',
    },
  ],
  tools: [
    {
      name: 'shell',
      description: 'Runs a command.',
      parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } } },
    },
  ],
};

const PLAIN: ModelRequest = {
  model: 'tiny',
  instructions: 'You are a test.',
  input: [{ type: 'message', role: 'user', text: 'say hi' }],
  tools: [],
};

function client(baseUrl: string, wireApi: WireApi, retries = 5) {
  return createModelClient(
    scriptedProvider(baseUrl, {
      id: 'llamacpp',
      wireApi,
      requestMaxRetries: retries,
      streamMaxRetries: retries,
    }),
    { sleep: async () => {} },
  );
}

describe.skipIf(tierSkipped())('the model client against a real llama-server', () => {
  const server = useLlamaServer(() => ({ model: tinyModel('qwen2.5').path }));

  describe.each(WIRES)('over the %s wire', (wireApi) => {
    it("the server's in-stream 500 for output its parser rejects: one attempt, the server's words", async () => {
      const proxy = await startRecordingProxy(server().root);
      try {
        const started = performance.now();
        const result = await collect(
          client(proxy.baseUrl, wireApi).stream(UNPARSABLE_PREFILL, AbortSignal.timeout(60_000)),
        );
        const message = (result.error as Error | undefined)?.message ?? '';
        expect(message).toContain('does not match the expected');
        expect(message).toMatch(/Not retried: llama\.cpp server answers 500/);
        expect(result.events.filter((event) => event.type === 'retry')).toHaveLength(0);
        expect(proxy.exchanges.filter((exchange) => exchange.method === 'POST')).toHaveLength(1);
        expect(performance.now() - started).toBeLessThan(10_000);
        const file = `${FIXTURE_DIR}${wireApi}-parse-error.json`;
        if (process.env.OSSA_RECORD_FIXTURES === '1' || !existsSync(file)) {
          const scenario: RecordedScenario = {
            description: `parse-error: a request ending in an assistant prefill llama-server's parser rejects (a tool call followed by text), over ${wireApi}`,
            llamaCpp: 'b1-80fb11a',
            exchanges: proxy.exchanges,
          };
          writeFileSync(file, `${JSON.stringify(scenario, null, 1)}\n`);
        }
      } finally {
        await proxy.close();
      }
    });

    it('a request right after a short stream needs no retry (llama-server closes the connection after a stream)', async () => {
      // No retries allowed: a reused connection the server closed must be handled below the retry loop.
      const model = client(server().baseUrl, wireApi, 0);
      for (let turn = 0; turn < 3; turn++) {
        const result = await collect(model.stream(PLAIN, AbortSignal.timeout(60_000)));
        expect(result.error).toBeUndefined();
        expect(summarize(result.events).text).toBe(ANSWERS.plain);
      }
    });

    it('a reply cut by -n 2 finishes as length, a whole one as stop', async () => {
      const capped = await startLlamaServer({ model: tinyModel('qwen2.5').path, args: ['-n', '2'] });
      try {
        const cut = summarize(
          (await collect(client(capped.baseUrl, wireApi).stream(PLAIN, AbortSignal.timeout(60_000)))).events,
        );
        expect(cut.text).toBe('Hello world');
        expect(cut.finish).toBe('length');
      } finally {
        await capped.stop();
      }
      const whole = summarize(
        (await collect(client(server().baseUrl, wireApi).stream(PLAIN, AbortSignal.timeout(60_000)))).events,
      );
      expect(whole.text).toBe(ANSWERS.plain);
      expect(whole.finish).toBe('stop');
    });
  });
});
