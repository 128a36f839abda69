// Prompt-cache reuse over a multi-turn session against a real llama-server: per model request, the
// prompt tokens the server evaluated and those it reused from its cache (its own `timings`:
// prompt_n, cache_n). Checked here (later turns must reuse most of the prompt) and reported by
// `npm run bench` (bench/suites/llamacpp-cache.mjs, via OSSA_BENCH_OUT).
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RecordedExchange } from '../kit/recorded-exchanges.js';
import { runOssa } from '../kit/run-cli.js';
import { gitWorkspace } from '../kit/workspace.js';
import { TRIGGERS } from './gguf/tiny-model.js';
import { startLlamaServer } from './kit/llama-server.js';
import { realHome } from './kit/real-home.js';
import { tierSkipped, tinyModel } from './kit/real-tier.js';
import { startRecordingProxy } from './kit/recording-proxy.js';

interface Timings {
  prompt_n: number;
  cache_n: number;
}

/** The server's timings in a chat or responses stream (the last event that carries them). */
function timingsOf(exchange: RecordedExchange): Timings | undefined {
  let found: Timings | undefined;
  for (const line of exchange.body.split('\n')) {
    if (!line.startsWith('data: {')) continue;
    const data = JSON.parse(line.slice(6)) as { timings?: Timings };
    if (data.timings) found = data.timings;
  }
  return found;
}

const TURNS = ['say hi', `use the${TRIGGERS.toolCall} tool`, 'say hi again', 'and once more'];

describe.skipIf(tierSkipped())('prompt cache over a multi-turn session', () => {
  it.each(['chat', 'responses'] as const)('%s: later requests reuse the cached prefix', async (wireApi) => {
    const server = await startLlamaServer({ model: tinyModel('qwen2.5').path });
    const proxy = await startRecordingProxy(server.root);
    const rows: { turn: number; evaluated: number; reused: number }[] = [];
    try {
      const home = realHome({ baseUrl: proxy.baseUrl, wireApi });
      const cwd = gitWorkspace();
      for (const [index, prompt] of TURNS.entries()) {
        const args = index === 0 ? ['exec', prompt] : ['exec', 'resume', '--last', prompt];
        const before = proxy.exchanges.length;
        const result = await runOssa(args, { cwd, env: { OSSA_HOME: home }, timeoutMs: 60_000 });
        expect(result.code, result.stderr).toBe(0);
        for (const exchange of proxy.exchanges.slice(before).filter((entry) => entry.method === 'POST')) {
          const timings = timingsOf(exchange);
          if (timings) rows.push({ turn: index + 1, evaluated: timings.prompt_n, reused: timings.cache_n });
        }
      }
    } finally {
      await proxy.close();
      await server.stop();
    }
    expect(rows.length).toBeGreaterThanOrEqual(TURNS.length + 1);
    // Every request after the first reuses at least 80% of its prompt from the server's cache.
    for (const row of rows.slice(1)) expect(row.reused / (row.reused + row.evaluated)).toBeGreaterThan(0.8);
    if (process.env.OSSA_BENCH_OUT)
      writeFileSync(`${process.env.OSSA_BENCH_OUT}.${wireApi}.json`, JSON.stringify(rows));
  });
});
