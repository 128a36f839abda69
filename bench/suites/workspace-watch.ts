// What the workspace watch (src/session/context/workspace-changes.ts) adds to every tool call that
// may write: a snapshot before and one after, on a 10,000-file repository (clean, and with 200
// dirty and 200 untracked files) and on a 10,000-file plain directory, against `true` run the way
// the shell tool runs a command (spawned, no sandbox) for scale.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_WATCH_LIMITS, WorkspaceWatch } from '../../src/session/context/workspace-changes.js';

export const title = 'Workspace watch per tool call (10,000 files)';

const FILES = 10_000;
const RUNS = 30;
/** Measure every call, however slow the machine is (the session would stop watching past slowMs). */
const LIMITS = { ...DEFAULT_WATCH_LIMITS, maxWalkFiles: 20_000, slowMs: 60_000, timeoutMs: 60_000 };
const WARMUP = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function populate(root: string): void {
  for (let d = 0; d < 100; d++) {
    const dir = join(root, `src/mod${d}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < FILES / 100; f++)
      writeFileSync(join(dir, `file${f}.ts`), `export const v${f} = ${d};\n`);
  }
}

async function timeCalls(watch: WorkspaceWatch, root: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const start = performance.now();
    const before = await watch.before();
    writeFileSync(join(root, 'src/mod0/file0.ts'), `export const v0 = ${i + 1000};\n`);
    const changed = await watch.changedSince(before);
    if (i >= WARMUP) times.push(performance.now() - start);
    if (!changed.includes('src/mod0/file0.ts')) throw new Error(`the watch missed the change: ${changed}`);
  }
  return times;
}

const format = (times: number[]) =>
  `${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`;

export async function run() {
  const roots: string[] = [];
  const fresh = () => {
    const root = mkdtempSync(join(tmpdir(), 'ossa-bench-watch-'));
    roots.push(root);
    populate(root);
    return root;
  };
  try {
    const git = (root: string, ...args: string[]) =>
      execFileSync('git', args, { cwd: root, stdio: 'ignore' });
    const clean = fresh();
    git(clean, 'init', '-q');
    git(clean, 'add', '-A');
    git(clean, '-c', 'user.email=b@b', '-c', 'user.name=b', 'commit', '-qm', 'init');
    const dirty = fresh();
    git(dirty, 'init', '-q');
    git(dirty, 'add', '-A');
    git(dirty, '-c', 'user.email=b@b', '-c', 'user.name=b', 'commit', '-qm', 'init');
    for (let f = 0; f < 200; f++) writeFileSync(join(dirty, `src/mod1/file${f % 100}.ts`), `changed ${f}\n`);
    for (let f = 0; f < 200; f++) writeFileSync(join(dirty, `src/mod2/new${f}.ts`), 'new\n');
    const plain = fresh();

    const spawnTimes: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const start = performance.now();
      spawnSync('true');
      if (i >= WARMUP) spawnTimes.push(performance.now() - start);
    }
    const rows = [
      ['git repository, clean', format(await timeCalls(new WorkspaceWatch(clean, LIMITS), clean))],
      [
        'git repository, 100 modified + 200 untracked',
        format(await timeCalls(new WorkspaceWatch(dirty, LIMITS), dirty)),
      ],
      ['plain directory (walk)', format(await timeCalls(new WorkspaceWatch(plain, LIMITS), plain))],
      ['for scale: spawning `true`', format(spawnTimes)],
    ];
    return {
      columns: ['workspace', 'before + after snapshot, median per call'],
      rows,
      notes: [
        `${FILES} files each; ${RUNS} calls after ${WARMUP} warm-up calls; each call changes one file. ` +
          `Load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores.`,
      ],
    };
  } finally {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  }
}
