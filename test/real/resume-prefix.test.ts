// Resuming with other flags against a real llama-server: the resumed request must find the start
// of its prompt in the server's cache (the flags are in a block at the end, not in the system
// prompt). Figures from the server's own `timings` (prompt_n evaluated, cache_n reused); written
// for `npm run bench` with OSSA_BENCH_OUT.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RecordedExchange } from '../kit/recorded-exchanges.js';
import { runOssa } from '../kit/run-cli.js';
import { gitWorkspace } from '../kit/workspace.js';
import { startLlamaServer } from './kit/llama-server.js';
import { realHome } from './kit/real-home.js';
import { tierSkipped, tinyModel } from './kit/real-tier.js';
import { startRecordingProxy } from './kit/recording-proxy.js';

function timingsOf(exchange: RecordedExchange): { prompt_n: number; cache_n: number } | undefined {
  let found: { prompt_n: number; cache_n: number } | undefined;
  for (const line of exchange.body.split('\n')) {
    if (!line.startsWith('data: {')) continue;
    const data = JSON.parse(line.slice(6)) as { timings?: { prompt_n: number; cache_n: number } };
    if (data.timings) found = data.timings;
  }
  return found;
}

describe.skipIf(tierSkipped())('resume with other flags', () => {
  it('keeps the cached prefix: the resumed request evaluates only its new message', async () => {
    const server = await startLlamaServer({ model: tinyModel('qwen2.5').path });
    const proxy = await startRecordingProxy(server.root);
    const rows: { flags: string; evaluated: number; reused: number }[] = [];
    try {
      const home = realHome({ baseUrl: proxy.baseUrl, wireApi: 'chat' });
      const cwd = gitWorkspace();
      const runs = [
        { flags: ['-s', 'read-only'], args: ['exec', 'say hi'] },
        {
          flags: ['-s', 'workspace-write', '-a', 'untrusted'],
          args: ['exec', 'resume', '--last', 'say hi again'],
        },
      ];
      for (const { flags, args } of runs) {
        const before = proxy.exchanges.length;
        const result = await runOssa([...flags, ...args], {
          cwd,
          env: { OSSA_HOME: home },
          timeoutMs: 60_000,
        });
        expect(result.code, result.stderr).toBe(0);
        const posts = proxy.exchanges.slice(before).filter((entry) => entry.method === 'POST');
        const timings = posts.map(timingsOf).findLast((t) => t !== undefined);
        if (timings)
          rows.push({ flags: flags.join(' '), evaluated: timings.prompt_n, reused: timings.cache_n });
      }
    } finally {
      await proxy.close();
      await server.stop();
    }
    expect(rows, JSON.stringify(rows)).toHaveLength(2);
    const resumed = rows[1]!;
    // The new user message and its environment block: well under a quarter of the prompt.
    expect(resumed.evaluated / (resumed.evaluated + resumed.reused)).toBeLessThan(0.25);
    if (process.env.OSSA_BENCH_OUT)
      writeFileSync(`${process.env.OSSA_BENCH_OUT}.resume.json`, JSON.stringify(rows));
  }, 180_000);
});
