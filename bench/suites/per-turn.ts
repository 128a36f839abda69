// Client CPU per turn as history grows (issue: per-turn cost grew with history — 6.9 ms per turn at
// turns 1–10, 13.6 ms at 91–100). One `ossa exec` task of 100 steps against a scripted server with
// no delays: each step a distinct shell command with ~1.5 KB of output, then an answer. At every
// model request the server reads the CPU time ossa's process has used so far (every thread, in
// nanoseconds, from /proc/<pid>/task/*/schedstat), so the CPU spent between two requests is the
// client's cost of that step: receiving the reply, running the tool, saving, building and sending
// the next request. The commands' own processes are not counted. Goal: turns 91–100 ≤ 1.2× 1–10.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startScriptedModelServer } from '../../test/kit/scripted-model-server.js';
import { gitWorkspace, mockHome } from '../../test/kit/workspace.js';
// @ts-expect-error plain JS helper without types
import { median } from '../lib/measure.mjs';

export const title = 'ossa exec: client CPU per turn at turns 1–10, 41–50, 91–100 (100-step task)';

// The build under test: this checkout's, or another's with OSSA_BENCH_BIN (before/after).
const BIN = resolve(process.env.OSSA_BENCH_BIN ?? 'bin/ossa.js');
const STEPS = 100;
const RUNS = 3;
const WINDOWS: [number, number][] = [
  [1, 10],
  [41, 50],
  [91, 100],
];

/** CPU time used so far by every thread of `pid`, in ms (undefined once it is gone). */
function cpuMs(pid: number): number | undefined {
  try {
    let ns = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    }
    return ns / 1e6;
  } catch {
    return undefined;
  }
}

function steps() {
  return [
    ...Array.from({ length: STEPS }, (_, index) => ({
      toolCalls: [{ name: 'shell', arguments: { command: ['seq', String(index), String(index + 300)] } }],
    })),
    { text: 'All 100 steps done.' },
  ];
}

/** One run: the CPU reading at each model request (index = step, from 1). */
async function oneRun(): Promise<number[]> {
  const readings: number[] = [];
  let pid: number | undefined;
  const server = await startScriptedModelServer({
    turns: steps(),
    respond: () => {
      const reading = pid === undefined ? undefined : cpuMs(pid);
      if (reading !== undefined) readings.push(reading);
      return undefined;
    },
  });
  try {
    const child = spawn(
      process.execPath,
      [BIN, 'exec', '-s', 'danger-full-access', '-c', 'agent_max_steps=200', 'do the 100 steps'],
      {
        cwd: gitWorkspace(),
        env: { ...process.env, OSSA_HOME: mockHome(server.url) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    pid = child.pid;
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.resume();
    const code = await new Promise<number | null>((done) => child.on('close', done));
    if (code !== 0) throw new Error(`exec exited ${code}: ${stderr.slice(-500)}`);
  } finally {
    await server.close();
  }
  if (readings.length < STEPS + 1) throw new Error(`only ${readings.length} requests were read`);
  return readings;
}

export async function run() {
  const perWindow: number[][] = WINDOWS.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    const readings = await oneRun();
    // Step n's cost: from request n to request n + 1.
    WINDOWS.forEach(([from, to], index) => {
      perWindow[index]!.push((readings[to]! - readings[from - 1]!) / (to - from + 1));
    });
  }
  const medians = perWindow.map((values) => median(values) as number);
  const rows = WINDOWS.map(([from, to], index) => [
    `turns ${from}–${to}`,
    `${medians[index]!.toFixed(2)} ms (runs: ${perWindow[index]!.map((v) => v.toFixed(2)).join(', ')})`,
  ]);
  const ratio = medians[2]! / medians[0]!;
  return {
    columns: ['steps', 'client CPU per step (median of runs)'],
    rows,
    notes: [
      `Turns 91–100 / 1–10: ${ratio.toFixed(2)}× (goal ≤ 1.2×); 91–100 / 41–50 (both past JIT warm-up): ${(medians[2]! / medians[1]!).toFixed(2)}×. ${RUNS} runs of a ${STEPS}-step task; each step's shell command prints ~1.5 KB.`,
    ],
  };
}
