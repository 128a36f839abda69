// Sandbox overhead per command (issue 5, target: under 15 ms): `true` spawned directly vs under
// bubblewrap with the workspace-write arguments ossa builds, and the same through runCommand —
// the shell tool's whole path (detection cached, protected paths, spawn, namespace teardown) —
// in workspace-write and in read-only (which adds the private TMPDIR).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { SandboxPolicy } from '../../src/protocol/sandbox-policy.js';
import { requireSandbox } from '../../src/sandbox/detect.js';
import { buildBwrapArgs } from '../../src/sandbox/linux-bwrap.js';
import { resolveWritableRoots } from '../../src/sandbox/policy.js';
import { findProtectedPaths, tempRoots } from '../../src/sandbox/protected-paths.js';
import { runCommand } from '../../src/sandbox/spawn.js';

export const title = 'Sandbox overhead per command';

const RUNS = 40;
const WARMUP = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timeRuns(run: () => unknown | Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const start = performance.now();
    await run();
    if (i >= WARMUP) times.push(performance.now() - start);
  }
  return times;
}

function format(times: number[]): string {
  const f = (value: number) => value.toFixed(1);
  return `${f(median(times))} ms (min ${f(Math.min(...times))}, max ${f(Math.max(...times))}, ${times.length} runs)`;
}

const minOverhead = (sandboxed: number[], direct: number[]) =>
  (Math.min(...sandboxed) - Math.min(...direct)).toFixed(1);

export async function run() {
  const ws = mkdtempSync(join(tmpdir(), 'ossa-bench-sandbox-'));
  mkdirSync(join(ws, '.git'));
  try {
    const { bwrapPath } = await requireSandbox('linux', process.env.PATH);
    if (!bwrapPath) throw new Error('no bwrap');
    const policy: SandboxPolicy = {
      mode: 'workspace-write',
      approval: 'never',
      writableRoots: resolveWritableRoots(
        'workspace-write',
        ws,
        [],
        { excludeSlashTmp: false, excludeTmpdirEnvVar: false },
        process.env,
      ),
      networkAccess: false,
      nonInteractive: true,
    };
    const { socketFilter } = await requireSandbox('linux', process.env.PATH);
    if (!socketFilter) throw new Error('no seccomp socket filter for this architecture');
    const found = findProtectedPaths(policy.writableRoots, ws, tempRoots(process.env));
    const bwrapArgs = buildBwrapArgs(['true'], policy, {
      cwd: ws,
      readOnlySubpaths: found.existing,
      seccompFd: 4,
    });
    // bwrap reads the filter from fd 4 to its end: a file works as well as the pipe ossa uses.
    const filterFile = join(ws, '..', `${basename(ws)}.bpf`);
    writeFileSync(filterFile, socketFilter);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    const check = (result: ReturnType<typeof spawnSync>) => {
      if (result.status !== 0) throw new Error(`exit ${result.status}: ${result.stderr}`);
    };

    const direct = await timeRuns(() => check(spawnSync('true', [], { cwd: ws, env })));
    const bwrap = await timeRuns(() => {
      const fd = openSync(filterFile, 'r');
      try {
        check(
          spawnSync(bwrapPath, bwrapArgs, { cwd: ws, env, stdio: ['ignore', 'pipe', 'pipe', 'ignore', fd] }),
        );
      } finally {
        closeSync(fd);
      }
    });
    rmSync(filterFile, { force: true });
    const viaRunCommand = (mode: SandboxPolicy['mode']) =>
      timeRuns(async () => {
        const outcome = await runCommand({ argv: ['true'], cwd: ws, env, policy: { ...policy, mode } });
        if (outcome.exitCode !== 0) throw new Error(outcome.output);
      });
    const toolDirect = await viaRunCommand('danger-full-access');
    const toolSandboxed = await viaRunCommand('workspace-write');
    // read-only also makes and removes the command's private TMPDIR.
    const toolReadOnly = await viaRunCommand('read-only');

    const overhead = median(bwrap) - median(direct);
    const toolOverhead = median(toolSandboxed) - median(toolDirect);
    return {
      columns: ['path', 'wall per `true`', 'sandbox overhead (median / min)'],
      rows: [
        ['spawnSync, no sandbox', format(direct), ''],
        [
          'spawnSync, bwrap workspace-write',
          format(bwrap),
          `${overhead.toFixed(1)} / ${minOverhead(bwrap, direct)} ms`,
        ],
        ['runCommand, danger-full-access', format(toolDirect), ''],
        [
          'runCommand, workspace-write',
          format(toolSandboxed),
          `${toolOverhead.toFixed(1)} / ${minOverhead(toolSandboxed, toolDirect)} ms`,
        ],
        [
          'runCommand, read-only (private TMPDIR)',
          format(toolReadOnly),
          `${(median(toolReadOnly) - median(toolDirect)).toFixed(1)} / ${minOverhead(toolReadOnly, toolDirect)} ms`,
        ],
      ],
      notes: [
        `Target: median overhead under 15 ms — ${Math.max(overhead, toolOverhead) < 15 ? 'met' : 'NOT met'} ` +
          `(load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs; bwrap's cost grows with machine load).`,
      ],
    };
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}
