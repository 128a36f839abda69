// `@` completion in a 100,000-file repository (issue 15): the time to list the files (git
// ls-files, once per `@` word) and the time each key of `@pkg499/src/lib/file-19` takes to rank
// them, with the per-list index (this build) and without it (every path lower-cased and scanned
// again on each key, as before). Target: under 10 ms a key, and the last package's files found
// (the old list stopped at 20,000 paths). Key times are CPU time of this process, so a busy
// machine does not count against them.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { listWorkspaceFiles } from '../../src/app/workspace/list-files.js';
import { fileCompletion } from '../../src/tui/completion.js';
import { createFileIndex } from '../../src/tui/file-index.js';
import { tempDir } from '../../test/kit/workspace.js';
// @ts-expect-error plain JS helper without types
import { summarize } from '../lib/measure.mjs';

export const title = '@ completion in a 100,000-file repository';

const PACKAGES = 500;
const FILES_PER_PACKAGE = 200;
const TYPED = '@pkg499/src/lib/file-19';
const RUNS = 5;

/** A git repository whose index holds PACKAGES × FILES_PER_PACKAGE paths (one empty blob). */
function bigRepository(): string {
  const dir = tempDir('ossa-bench-files-');
  execFileSync('git', ['init', '-q'], { cwd: dir });
  const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: dir, input: '' })
    .toString()
    .trim();
  const lines: string[] = [];
  for (let p = 0; p < PACKAGES; p++) {
    for (let f = 0; f < FILES_PER_PACKAGE; f++) {
      lines.push(`100644 ${blob}\tpkg${p}/src/${f % 7 === 0 ? 'components' : 'lib'}/file-${f}.ts`);
    }
  }
  execFileSync('git', ['update-index', '--index-info'], { cwd: dir, input: `${lines.join('\n')}\n` });
  return dir;
}

/**
 * CPU ms per key while typing TYPED, one key at a time (CPU, not wall: the machine may be shared);
 * `fresh` builds the index again on each key.
 */
function typeKeys(paths: string[], fresh: boolean): { perKey: number[]; items: string[] } {
  const shared = createFileIndex(paths);
  const perKey: number[] = [];
  let items: string[] = [];
  for (let end = 1; end <= TYPED.length; end++) {
    const started = process.cpuUsage();
    const completion = fileCompletion(TYPED.slice(0, end), 0, fresh ? createFileIndex(paths) : shared);
    const used = process.cpuUsage(started);
    perKey.push((used.user + used.system) / 1000);
    items = completion?.items ?? [];
  }
  return { perKey, items };
}

function ms(values: number[]): string {
  const s = summarize(values);
  return `${s.median.toFixed(2)} (max ${s.max.toFixed(2)})`;
}

export async function run() {
  const dir = bigRepository();
  try {
    const listing: number[] = [];
    let paths: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      paths = await listWorkspaceFiles(dir);
      listing.push(performance.now() - started);
    }
    const indexing: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      createFileIndex(paths);
      indexing.push(performance.now() - started);
    }
    typeKeys(paths, false); // warm-up: the JIT, not the algorithm
    const rows: string[][] = [];
    for (const [label, fresh] of [
      ['without the index (before)', true],
      ['per-list index (this build)', false],
    ] as const) {
      const perKey: number[] = [];
      const firstKey: number[] = [];
      let items: string[] = [];
      for (let i = 0; i < RUNS; i++) {
        const typed = typeKeys(paths, fresh);
        perKey.push(...typed.perKey);
        firstKey.push(typed.perKey[0]!);
        items = typed.items;
      }
      const max = Math.max(...perKey);
      rows.push([
        label,
        `${paths.length}`,
        ms(listing),
        fresh ? '—' : ms(indexing),
        ms(firstKey),
        `${ms(perKey)}${max < 10 ? ' ✓' : ' ✗'}`,
        items[0] ?? 'nothing',
      ]);
    }
    return {
      columns: [
        'ranking',
        'files listed',
        'listing ms (once per @)',
        'index ms (once per list)',
        'first key CPU ms',
        'CPU ms per key (< 10)',
        'first item',
      ],
      rows,
      notes: [
        `${RUNS} runs of typing \`${TYPED}\` key by key; the listing is \`git ls-files\` of the repository (run when an @ word starts, not per key).`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
