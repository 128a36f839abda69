// Interactive start-up: time from spawning `ossa` in a pseudo-terminal until the first frame
// (the composer) is on screen, and until the session is connected (the status line shows the
// model). Target (issue 8): first frame under 300 ms. The config is complete and points at the
// scripted model server: connecting checks that the server answers (as with a real one), and
// no model request is made.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startScriptedModelServer } from '../../test/kit/scripted-model-server.js';
import { writeBenchConfig } from '../lib/bench-config.js';
// @ts-expect-error plain JS helper without types
import { summarize } from '../lib/measure.mjs';

/** The build to measure (bundled to .bench-out/, so the path is from the project root, where npm runs). */
const bin = resolve(process.env.OSSA_BENCH_BIN ?? 'bin/ossa.js');
const FIRST_FRAME = 'Ask ossa to do something';
const CONNECTED = 'bench-model ·';
const RUNS = 12;
const WARMUP = 2;
const TIMEOUT_MS = 15_000;

export const title = 'Interactive start-up (time to first frame in a pty)';

function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A process that prints the same marker at once: what the pty and Node start-up alone cost. */
const BASELINE = `process.stdout.write(${JSON.stringify(`${FIRST_FRAME} ${CONNECTED}`)}); process.stdin.once('data', () => process.exit(0))`;

/**
 * One start: resolves { firstFrameMs, connectedMs }. `script` gives the process a real pty.
 * `args` default to ossa itself; the baseline passes `-e BASELINE`.
 */
interface StartTimes {
  firstFrameMs: number;
  connectedMs: number;
}

function measureOnce(env: NodeJS.ProcessEnv, cwd: string, args = [bin]): Promise<StartTimes> {
  return new Promise((resolve, reject) => {
    const command = `stty cols 100 rows 30; exec ${[process.execPath, ...args].map(quote).join(' ')}`;
    const started = process.hrtime.bigint();
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env,
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    let output = '';
    let firstFrameMs: number | undefined;
    let connectedMs: number | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no frame within ${TIMEOUT_MS} ms; output so far:\n${output}`));
    }, TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      output += chunk;
      if (firstFrameMs === undefined && output.includes(FIRST_FRAME)) firstFrameMs = elapsed();
      if (connectedMs === undefined && output.includes(CONNECTED)) {
        connectedMs = elapsed();
        child.stdin.write('\u0004'); // Ctrl-D on the empty composer quits
      }
    });
    child.on('close', () => {
      clearTimeout(timer);
      if (firstFrameMs === undefined || connectedMs === undefined) {
        reject(new Error(`ossa exited before connecting; output:\n${output}`));
      } else {
        resolve({ firstFrameMs, connectedMs });
      }
    });
  });
}

export async function run() {
  if (process.platform !== 'linux' || spawnSync('script', ['--version']).status !== 0) {
    return { columns: ['measure', 'value'], rows: [['skipped', 'needs util-linux `script` (Linux)']] };
  }
  const root = mkdtempSync(join(tmpdir(), 'ossa-bench-tui-'));
  const server = await startScriptedModelServer();
  try {
    const home = join(root, 'home');
    const cwd = join(root, 'work');
    spawnSync('mkdir', ['-p', home, cwd]);
    writeBenchConfig(home, {
      model: 'bench-model',
      baseUrl: server.url,
      wireApi: 'chat',
      contextWindow: 32768,
    });
    const env: NodeJS.ProcessEnv = { ...process.env, OSSA_HOME: home, TERM: 'xterm-256color' };
    delete env.CI; // Ink draws only a final frame under CI
    const firstFrames: number[] = [];
    const connected: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const result = await measureOnce(env, cwd);
      if (i < WARMUP) continue;
      firstFrames.push(result.firstFrameMs);
      connected.push(result.connectedMs);
    }
    const baseline: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const result = await measureOnce(env, cwd, ['-e', BASELINE]);
      if (i >= WARMUP) baseline.push(result.firstFrameMs);
    }
    const format = (s: { median: number; min: number; max: number; runs: number }) =>
      `${s.median.toFixed(0)} ms (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)}, ${s.runs} runs)`;
    const first = summarize(firstFrames);
    return {
      columns: ['measure', 'median', 'target'],
      rows: [
        ['first frame (composer drawn)', format(first), first.median < 300 ? '< 300 ms ✓' : '< 300 ms ✗'],
        ['session connected (status line)', format(summarize(connected)), '—'],
        ['baseline: `node -e` printing the same text', format(summarize(baseline)), '—'],
      ],
      notes: [
        'Measured with `script` (a real pty) from spawn to the bytes on the terminal; includes Node start-up.',
      ],
    };
  } finally {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}
