// Fault injection: `ossa apply-patch` with a long patch (300 files: updates, adds in new
// directories, deletes) is signalled at random points while it applies — SIGHUP, SIGTERM,
// SIGINT or SIGKILL. After the signal (and, for SIGKILL, the next ossa run in the workspace) the
// workspace must hold the whole patch or none of it, and no `.ossa-*.tmp` temporary anywhere.
import { type FSWatcher, watch } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOssa, spawnOssa } from '../kit/run-cli.js';
import { tempDir } from '../kit/workspace.js';

const UPDATES = 240;
const ADDS = 30;
const DELETES = 30;
const SIGNALS = ['SIGHUP', 'SIGTERM', 'SIGINT', 'SIGKILL'] as const;
const TRIALS = 16;
const BUDGET_MS = 40_000;

let root: string;
beforeAll(() => {
  root = tempDir('ossa-patch-interrupt-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

function buildPatch(): string {
  const lines = ['*** Begin Patch'];
  for (let i = 0; i < UPDATES; i++)
    lines.push(`*** Update File: src/f${i}.txt`, '@@', `-old ${i}`, `+new ${i}`);
  for (let i = 0; i < ADDS; i++) lines.push(`*** Add File: added/deep/a${i}.txt`, `+added ${i}`);
  for (let i = 0; i < DELETES; i++) lines.push(`*** Delete File: gone/d${i}.txt`);
  lines.push('*** End Patch', '');
  return lines.join('\n');
}

async function freshWorkspace(name: string): Promise<{ workspace: string; home: string }> {
  const workspace = join(root, name, 'ws');
  const home = join(root, name, 'home');
  await mkdir(join(workspace, 'src'), { recursive: true });
  await mkdir(join(workspace, 'gone'));
  await mkdir(join(home, 'patch-journal'), { recursive: true });
  for (let i = 0; i < UPDATES; i++)
    await writeFile(join(workspace, 'src', `f${i}.txt`), `line\nold ${i}\nend\n`);
  for (let i = 0; i < DELETES; i++) await writeFile(join(workspace, 'gone', `d${i}.txt`), `doomed ${i}\n`);
  return { workspace, home };
}

/** 'before', 'after', or a description of the torn state; throws on a leftover temporary. */
async function patchState(workspace: string): Promise<string> {
  const all = await readdir(workspace, { recursive: true });
  const temporaries = all.filter((path) => /\.ossa-[0-9a-f]+\.tmp$/.test(path));
  if (temporaries.length > 0) return `${temporaries.length} temporaries left: ${temporaries[0]}`;
  let updated = 0;
  for (let i = 0; i < UPDATES; i++) {
    const text = await readFile(join(workspace, 'src', `f${i}.txt`), 'utf8');
    if (text === `line\nnew ${i}\nend\n`) updated++;
  }
  const added = all.filter((path) => /^added\/deep\/a\d+\.txt$/.test(path)).length;
  const remaining = all.filter((path) => /^gone\/d\d+\.txt$/.test(path)).length;
  const addedDirs = all.filter((path) => path === 'added').length;
  if (updated === 0 && added === 0 && addedDirs === 0 && remaining === DELETES) return 'before';
  if (updated === UPDATES && added === ADDS && remaining === 0) return 'after';
  return `torn: ${updated}/${UPDATES} updated, ${added}/${ADDS} added, ${DELETES - remaining}/${DELETES} deleted`;
}

/** Resolves when the apply begins writing: the first temporary appears next to the files. */
function writingStarts(workspace: string): { seen: Promise<void>; watcher: FSWatcher } {
  let watcher!: FSWatcher;
  const seen = new Promise<void>((resolve) => {
    watcher = watch(join(workspace, 'src'), (_event, name) => {
      if (name?.startsWith('.ossa-')) resolve();
    });
  });
  return { seen, watcher };
}

describe('apply_patch under signals and kill -9', () => {
  it('is all-or-nothing and leaves no temporaries, at random points of a 300-file patch', async () => {
    const patch = buildPatch();
    // How long the apply itself takes, from its first temporary to the process exiting.
    const baseline = await freshWorkspace('baseline');
    const { seen, watcher } = writingStarts(baseline.workspace);
    const run = spawnOssa(['apply-patch'], {
      cwd: baseline.workspace,
      env: { OSSA_HOME: baseline.home },
      input: patch,
    });
    await seen;
    const applyStart = performance.now();
    const finished = await run.done;
    const applyMs = performance.now() - applyStart;
    watcher.close();
    expect(finished.code, finished.stderr).toBe(0);
    expect(await patchState(baseline.workspace)).toBe('after');

    const started = performance.now();
    const outcomes: string[] = [];
    let recoveries = 0;
    for (let trial = 0; trial < TRIALS && performance.now() - started < BUDGET_MS; trial++) {
      const signal = SIGNALS[trial % SIGNALS.length]!;
      const { workspace, home } = await freshWorkspace(`trial-${trial}`);
      const journal = writingStarts(workspace);
      const child = spawnOssa(['apply-patch'], { cwd: workspace, env: { OSSA_HOME: home }, input: patch });
      await journal.seen;
      journal.watcher.close();
      await new Promise((resolve) => setTimeout(resolve, Math.random() * applyMs));
      child.child.kill(signal);
      const result = await child.done;
      if (signal === 'SIGKILL') {
        // The next ossa run in the workspace finds the journal and finishes or undoes the apply.
        const next = await runOssa(['apply-patch'], { cwd: workspace, env: { OSSA_HOME: home }, input: '' });
        if (/interrupted at .* was (completed|undone)/.test(next.stderr)) recoveries++;
      } else {
        expect(result.stderr).not.toMatch(/Error/);
      }
      const state = await patchState(workspace);
      outcomes.push(`${signal}: ${state}`);
      expect(state === 'before' || state === 'after', `${signal} after trial ${trial}: ${state}`).toBe(true);
      expect(await readdir(join(home, 'patch-journal'))).toEqual([]);
    }
    expect(outcomes.length).toBeGreaterThanOrEqual(8);
    // The kills must have landed inside the apply at least once, or the test proved nothing.
    expect(recoveries, outcomes.join('\n')).toBeGreaterThan(0);
  }, 90_000);
});
