// Start-up against a local server (issue 15): how many requests `ossa exec` sends before its first
// model request, and the time from spawning it to that request arriving, against the fake Ollama
// (--oss) and a fake llama-server (custom provider) on 127.0.0.1. Cold: a fresh $OSSA_HOME; warm:
// the same home again, a moment later. Targets: at most 2 requests before the model request on a
// warm start, none sent twice.
//
// OSSA_BENCH_BEFORE=/path/to/other/checkout/bin/ossa.js measures that build too, alternated.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FakeHttpServer } from '../../test/kit/fake-http-server.js';
import { startFakeLlamaCpp } from '../../test/kit/fake-llamacpp-server.js';
import { startFakeOllama } from '../../test/kit/fake-ollama-server.js';
import { gitWorkspace, tempDir } from '../../test/kit/workspace.js';
// @ts-expect-error plain JS helper without types
import { summarize } from '../lib/measure.mjs';

export const title = 'Start-up probes: requests and time before the first model request';

const BIN = resolve('bin/ossa.js');
const RUNS = 7;

interface Target {
  label: string;
  server: FakeHttpServer;
  args: string[];
  env: (home: string) => Record<string, string>;
  newHome: () => string;
}

/** Spawns ossa; resolves with ms from spawn to the first model request and the requests before it. */
function timeToFirstRequest(bin: string, target: Target, home: string, cwd: string) {
  target.server.requests.length = 0;
  return new Promise<{ ms: number; before: string[] }>((resolvePromise, reject) => {
    const started = performance.now();
    let ms: number | undefined;
    const poll = setInterval(() => {
      if (ms === undefined && target.server.requests.some(isModelRequest)) ms = performance.now() - started;
    }, 1);
    const child = spawn(process.execPath, [bin, ...target.args], {
      cwd,
      env: { ...process.env, ...target.env(home) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('close', (code) => {
      clearInterval(poll);
      const requests = target.server.requests;
      const first = requests.findIndex(isModelRequest);
      if (code !== 0 || first < 0 || ms === undefined) return reject(new Error(`exit ${code}: ${stderr}`));
      resolvePromise({ ms, before: requests.slice(0, first).map((r) => `${r.method} ${r.path}`) });
    });
  });
}

function isModelRequest(request: { method: string; path: string }): boolean {
  return request.method === 'POST' && request.path.startsWith('/v1/');
}

export async function run() {
  const ollama = await startFakeOllama({
    reply: 'ok',
    models: [{ name: 'qwen3-coder:30b', numCtx: 65536 }],
    loaded: ['qwen3-coder:30b'],
  });
  const llama = await startFakeLlamaCpp({ reply: 'ok' });
  const targets: Target[] = [
    {
      label: 'Ollama (--oss)',
      server: ollama,
      args: ['exec', '--oss', '--local-provider', 'ollama', '-m', 'qwen3-coder:30b', '--ephemeral', 'hi'],
      env: (home) => ({ OSSA_HOME: home, OSSA_OSS_BASE_URL: ollama.baseUrl }),
      newHome: () => tempDir('ossa-bench-home-'),
    },
    {
      label: 'llama-server (custom provider)',
      server: llama,
      args: ['exec', '--ephemeral', 'hi'],
      env: (home) => ({ OSSA_HOME: home }),
      newHome: () => {
        const home = tempDir('ossa-bench-home-');
        writeFileSync(
          join(home, 'config.toml'),
          `model = "local-model"\nmodel_provider = "llama"\n[model_providers.llama]\nname = "llama"\nbase_url = "${llama.baseUrl}"\nwire_api = "chat"\n`,
        );
        return home;
      },
    },
  ];
  const builds: [string, string][] = [['this build', BIN]];
  if (process.env.OSSA_BENCH_BEFORE) builds.unshift(['before', resolve(process.env.OSSA_BENCH_BEFORE)]);
  const rows: string[][] = [];
  const cwd = gitWorkspace({ 'README.md': '# demo\n' });
  try {
    for (const target of targets) {
      const figures = new Map(
        builds.map(([label]) => [
          label,
          {
            cold: [] as number[],
            warm: [] as number[],
            coldReq: [] as string[][],
            warmReq: [] as string[][],
          },
        ]),
      );
      for (let i = 0; i < RUNS; i++) {
        for (const [label, bin] of builds) {
          const home = target.newHome();
          const cold = await timeToFirstRequest(bin, target, home, cwd);
          const warm = await timeToFirstRequest(bin, target, home, cwd);
          const f = figures.get(label)!;
          f.cold.push(cold.ms);
          f.warm.push(warm.ms);
          f.coldReq.push(cold.before);
          f.warmReq.push(warm.before);
        }
      }
      for (const [label] of builds) {
        const f = figures.get(label)!;
        const twice = (list: string[]) => list.filter((item, i) => list.indexOf(item) !== i).length;
        const warmCount = f.warmReq.at(-1)!.length;
        rows.push([
          `${target.label}, ${label}`,
          `${f.coldReq.at(-1)!.length} (${twice(f.coldReq.at(-1)!)} twice)`,
          `${warmCount} (${twice(f.warmReq.at(-1)!)} twice)${warmCount <= 2 ? ' ✓' : ' ✗'}`,
          `${summarize(f.cold).median.toFixed(0)} ms`,
          `${summarize(f.warm).median.toFixed(0)} ms`,
        ]);
      }
    }
  } finally {
    await Promise.all([ollama.close(), llama.close()]);
  }
  return {
    columns: [
      'server, build',
      'requests before, cold',
      'warm (≤ 2)',
      'to first request, cold (median)',
      'warm (median)',
    ],
    rows,
    notes: [
      `${RUNS} cold + warm pairs per build, alternated; time from spawn to the model request reaching the server (Node start-up included).`,
    ],
  };
}
