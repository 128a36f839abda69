// Context management against the real llama-server (issue 16): the real tier's 32-step task on
// `-c 8192` (test/real/long-task.test.ts, tiny generated `worker` model, CPU), once with the window
// read from /props and once with /props hidden (ossa assumes 32K and learns 8K from the server's
// 400). Steps completed, compactions, overflow answers, prompt tokens the server had to prefill
// per request (its `timings.prompt_n`, not served from its cache) and the summary requests' time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const title = 'llama.cpp long task on -c 8192: compactions, overflows, prefill per request';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export async function run() {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const out = join(mkdtempSync(join(tmpdir(), 'ossa-bench-')), 'long');
  const result = spawnSync(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '-c', 'vitest.real.config.ts', 'test/real/long-task.test.ts'],
    { cwd: root, env: { ...process.env, OSSA_BENCH_OUT: out }, encoding: 'utf8' },
  );
  const rows = [];
  for (const [name, label] of [
    ['props', 'window from /props'],
    ['hidden', '/props hidden (assumes 32K)'],
  ]) {
    const file = `${out}.${name}.json`;
    if (!existsSync(file)) continue;
    const run = JSON.parse(readFileSync(file, 'utf8'));
    const total = run.prefilled.reduce((sum, n) => sum + n, 0);
    rows.push([
      label,
      String(run.steps),
      `${run.compactions} (${run.summaries} summaries)`,
      String(run.overflows.length),
      String(run.requests),
      `${median(run.prefilled)} / ${Math.max(...run.prefilled)}`,
      `${Math.round((100 * run.fromCache.reduce((sum, n) => sum + n, 0)) / Math.max(1, total + run.fromCache.reduce((sum, n) => sum + n, 0)))}%`,
      run.summaryMs.map((ms) => `${ms} ms`).join(', '),
    ]);
  }
  if (rows.length === 0) {
    const skipped = /test:real skipped: (.*)/.exec(result.stdout ?? '');
    if (skipped) return { columns: ['note'], rows: [[`skipped: ${skipped[1]}`]] };
    throw new Error(`the real tier did not produce figures:\n${result.stdout}\n${result.stderr}`);
  }
  return {
    columns: [
      'run',
      'steps completed',
      'compactions',
      'overflow answers',
      'requests',
      'prefilled per request (median / max)',
      'prompt served from cache',
      'summary requests',
    ],
    rows,
    notes: [
      'llama-server -c 8192 -np 1; prefill = `timings.prompt_n` of each accepted request (tokens not served from the cache).',
    ],
  };
}
