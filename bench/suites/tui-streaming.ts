// The interactive UI while a long answer streams (issue 15): a 4,000-token Markdown answer at
// 190 tokens/s from the scripted server, drawn by the built CLI in a real pty (100×30). Measured
// over the answer, from the model request to the end of the turn: CPU seconds of the ossa
// process (/proc/<pid>/stat), bytes written to the terminal, frames drawn (Ink brackets each in
// a synchronized-update sequence), and RSS after the answer. Targets: ≤ 10 % of one core, bytes
// ≤ Codex CLI's 1.5 MB for the same answer (measured in the issue), RSS ≤ Codex's 145 MiB.
//
// OSSA_BENCH_BEFORE=/path/to/other/checkout/bin/ossa.js measures that build too, run for run
// alternated with this one, so a change can be quoted as before/after medians; several builds are
// separated by commas, each optionally `label=path`. OSSA_BENCH_TUI_RUNS sets the runs per build
// (default 3); OSSA_BENCH_BIN measures another build as "this build".
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startScriptedModelServer } from '../../test/kit/scripted-model-server.js';
import { writeBenchConfig } from '../lib/bench-config.js';
// @ts-expect-error plain JS helper without types
import { summarize } from '../lib/measure.mjs';
import { PtyProcess, ptyAvailable } from '../lib/pty-process.js';

export const title = 'TUI streaming: a 4,000-token answer at 190 tokens/s in a pty';

const BIN = resolve(process.env.OSSA_BENCH_BIN ?? 'bin/ossa.js');
const RUNS = Number(process.env.OSSA_BENCH_TUI_RUNS ?? 3);
const TOKENS = 4000;
const CHARS_PER_TOKEN = 4;
const TOKENS_PER_SECOND = 190;
const END_MARKER = 'END-OF-ANSWER';
/** Extra node flags for the measured process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it. */
const NODE_ARGS = (process.env.OSSA_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** A long answer with the Markdown a model writes: headings, paragraphs, lists, code. */
export function longAnswer(chars: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let section = 1; length < chars; section++) {
    const part = [
      `## Step ${section}: update the handler`,
      '',
      `The request handler in \`src/server/route-${section}.ts\` reads the body twice, once to validate it and once to log it. That doubles the memory for large uploads and makes the timing depend on the payload size, which is why the p99 latency grows with traffic.`,
      '',
      `- keep the parsed body on the request object (${section} place)`,
      '- validate before logging, and log only the size',
      '- add a test that sends a 10 MB body',
      '',
      '```ts',
      `export async function handle${section}(req: Request): Promise<Response> {`,
      '  const body = await req.json();',
      `  if (!isValid(body)) return new Response('bad request', { status: 400 });`,
      `  log.info({ route: ${section}, bytes: req.headers.get('content-length') });`,
      '  return respond(body);',
      '}',
      '```',
      '',
    ].join('\n');
    parts.push(part);
    length += part.length;
  }
  return `${parts.join('\n').slice(0, chars - END_MARKER.length - 1)}\n${END_MARKER}`;
}

interface RunFigures {
  cpuSeconds: number;
  streamSeconds: number;
  bytes: number;
  frames: number;
  rssMiB: number;
}

async function measureOnce(bin: string, serverUrl: string, root: string): Promise<RunFigures> {
  const home = join(root, `home-${Math.random().toString(36).slice(2)}`);
  const cwd = join(root, 'work');
  mkdirSync(home, { recursive: true });
  mkdirSync(cwd, { recursive: true });
  writeBenchConfig(home, {
    model: 'scripted-model',
    baseUrl: serverUrl,
    wireApi: 'responses',
    contextWindow: 131072,
  });
  const env: NodeJS.ProcessEnv = { ...process.env, OSSA_HOME: home, TERM: 'xterm-256color' };
  delete env.CI; // Ink draws only a final frame under CI
  const pty = new PtyProcess([process.execPath, ...NODE_ARGS, bin, 'Write the long answer.'], { env, cwd });
  try {
    await pty.waitFor(
      (out) => out.includes('Working') || out.includes('Waiting for the model'),
      'turn start',
    );
    const start = pty.sample();
    const startedAt = performance.now();
    await pty.waitFor((out) => out.includes(END_MARKER), 'end of the answer', 400_000);
    // The turn is over once the UI stops redrawing (no spinner without a running turn).
    await pty.waitQuiet(600, 60_000);
    const streamSeconds = (performance.now() - startedAt - 600) / 1000;
    const end = pty.sample();
    pty.write('\u0004'); // Ctrl-D on the empty composer quits
    await Promise.race([pty.closed, new Promise((r) => setTimeout(r, 5000))]);
    return {
      cpuSeconds: end.cpuSeconds - start.cpuSeconds,
      streamSeconds,
      bytes: end.bytes - start.bytes,
      frames: end.frames - start.frames,
      rssMiB: end.rssMiB,
    };
  } finally {
    pty.kill();
  }
}

function row(label: string, runs: RunFigures[]): string[] {
  const med = (pick: (r: RunFigures) => number) => summarize(runs.map(pick)).median as number;
  const range = (pick: (r: RunFigures) => number, digits: number) => {
    const s = summarize(runs.map(pick));
    return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
  };
  const share = med((r) => r.cpuSeconds / r.streamSeconds) * 100;
  return [
    label,
    range((r) => r.cpuSeconds, 2),
    `${share.toFixed(1)} %${share <= 10 ? ' ✓' : ' ✗'}`,
    `${range((r) => r.bytes / 1e6, 2)}${med((r) => r.bytes) <= 1.5e6 ? ' ✓' : ' ✗'}`,
    range((r) => r.frames, 0),
    `${range((r) => r.rssMiB, 0)}${med((r) => r.rssMiB) <= 145 ? ' ✓' : ' ✗'}`,
    range((r) => r.streamSeconds, 1),
  ];
}

export async function run() {
  const columns = [
    'build',
    'CPU s (median, range)',
    'of one core (≤ 10 %)',
    'MB written (≤ 1.5)',
    'frames',
    'RSS MiB after (≤ 145)',
    'answer s',
  ];
  if (!ptyAvailable()) return { columns, rows: [['skipped: needs util-linux `script` (Linux)']] };
  const text = longAnswer(TOKENS * CHARS_PER_TOKEN);
  const server = await startScriptedModelServer({ pieceChars: CHARS_PER_TOKEN });
  const root = mkdtempSync(join(tmpdir(), 'ossa-bench-stream-'));
  const builds: [string, string][] = [['this build', BIN]];
  const others = (process.env.OSSA_BENCH_BEFORE ?? '').split(',').filter(Boolean);
  others.forEach((other, i) => {
    const [label, path] = other.includes('=')
      ? other.split('=', 2)
      : [i === 0 ? 'before' : `before ${i + 1}`, other];
    builds.splice(i, 0, [label!, resolve(path!)]);
  });
  const results = new Map<string, RunFigures[]>(builds.map(([label]) => [label, []]));
  try {
    for (let i = 0; i < RUNS; i++) {
      for (const [label, bin] of builds) {
        server.setTurns([{ text, piecesPerSecond: TOKENS_PER_SECOND }]);
        results.get(label)!.push(await measureOnce(bin, server.url, root));
      }
    }
  } finally {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
  return {
    columns,
    rows: builds.map(([label]) => row(label, results.get(label)!)),
    notes: [
      `${RUNS} runs per build, alternated. ${TOKENS} pieces of ${CHARS_PER_TOKEN} characters (≈ tokens) at ${TOKENS_PER_SECOND}/s; figures cover the model request to the end of the turn.`,
    ],
  };
}
