// Prompt-cache reuse against a real llama-server (issue 13): per model request of a 4-turn session
// (one turn with a tool call), the prompt tokens the server evaluated vs reused from its cache.
// Runs the real tier's test/real/prompt-cache.test.ts (which builds/finds llama-server) and reads
// the figures it writes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const title = 'llama.cpp prompt cache: tokens evaluated vs reused per request';

export async function run() {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const out = join(mkdtempSync(join(tmpdir(), 'ossa-bench-')), 'cache');
  const result = spawnSync(
    process.execPath,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      '-c',
      'vitest.real.config.ts',
      'test/real/prompt-cache.test.ts',
    ],
    { cwd: root, env: { ...process.env, OSSA_BENCH_OUT: out }, encoding: 'utf8' },
  );
  const rows = [];
  for (const wire of ['chat', 'responses']) {
    const file = `${out}.${wire}.json`;
    if (!existsSync(file)) continue;
    JSON.parse(readFileSync(file, 'utf8')).forEach((row, index) => {
      const share = Math.round((100 * row.reused) / Math.max(1, row.reused + row.evaluated));
      rows.push([
        wire,
        String(row.turn),
        String(index + 1),
        String(row.evaluated),
        String(row.reused),
        `${share}%`,
      ]);
    });
  }
  if (rows.length === 0) {
    const skipped = /test:real skipped: (.*)/.exec(result.stdout ?? '');
    if (skipped) return { columns: ['note'], rows: [[`skipped: ${skipped[1]}`]] };
    throw new Error(`the real tier did not produce figures:\n${result.stdout}\n${result.stderr}`);
  }
  return {
    columns: ['wire', 'turn', 'request', 'prompt tokens evaluated', 'reused from cache', 'reused'],
    rows,
    notes: [
      'From llama-server `timings` (prompt_n, cache_n) of each model request; tiny generated model, CPU.',
    ],
  };
}
