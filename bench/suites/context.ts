// Context management on small windows (issue 16): a 40-step task (one 2–8 KB `cat` per step)
// through the real CLI against a scripted server that enforces its window like llama.cpp
// (rejects) or Ollama (silently keeps the end), with a one-slot prefix cache like llama-server.
// Per window and style: steps completed, compactions (prune / summary), overflow answers, prompt
// tokens the server had to prefill per step (not served from its cache), and the wall time of the
// compaction (summary) requests.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import {
  isSummaryRequest,
  longTaskFiles,
  longTaskTurns,
  summaryResponder,
} from '../../test/kit/long-task.js';
import { startScriptedModelServer } from '../../test/kit/scripted-model-server.js';
import { gitWorkspace, mockHome } from '../../test/kit/workspace.js';

export const title = 'context management: 40-step task on a small window';

const BIN = resolve('bin/ossa.js');
const STEPS = 40;

function runCli(
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.on('close', (code) => done({ code, stdout }));
  });
}

export async function run() {
  const rows: string[][] = [];
  for (const window of [16384, 32768]) {
    for (const style of ['reject', 'truncate'] as const) {
      const server = await startScriptedModelServer({
        turns: longTaskTurns(STEPS),
        window: { tokens: window, style },
        respond: summaryResponder,
      });
      try {
        const home = mockHome(server.url, { wireApi: 'chat', contextWindow: window });
        const work = gitWorkspace(longTaskFiles(STEPS));
        const started = performance.now();
        const result = await runCli(
          ['exec', '--json', '--ephemeral', '-s', 'danger-full-access', 'Read every part file in order.'],
          work,
          {
            OSSA_HOME: home,
          },
        );
        const wallMs = performance.now() - started;
        const events = result.stdout
          .trim()
          .split('\n')
          .filter(Boolean)
          .map(
            (line) =>
              JSON.parse(line) as { type: string; stage?: string; durationMs?: number; status?: string },
          );
        const calls = server.requests.filter((r) => r.wire !== undefined);
        const main = calls.filter((r) => !isSummaryRequest(r));
        const steps = events.filter((e) => e.type === 'tool-call-end').length;
        const compactions = events.filter((e) => e.type === 'compaction');
        const prunes = compactions.filter((e) => e.stage === 'prune').length;
        const summaries = compactions.filter((e) => e.stage === 'summary');
        const overflows = calls.filter((r) => r.overflow !== undefined).length;
        const prefill = main.map((r) => (r.promptTokens ?? 0) - (r.cachedTokens ?? 0));
        const total = prefill.reduce((a, b) => a + b, 0);
        const maxPrefill = Math.max(...prefill);
        const summaryMs = summaries.reduce((sum, e) => sum + (e.durationMs ?? 0), 0);
        const status = events.find((e) => e.type === 'turn-end')?.status ?? 'none';
        rows.push([
          `${window / 1024}K, ${style}`,
          `${steps}/${STEPS} (${status})`,
          `${prunes} prune, ${summaries.length} summary`,
          String(overflows),
          `${Math.round(total / main.length)} mean, ${maxPrefill} max (of ${Math.max(...main.map((r) => r.promptTokens ?? 0))} max prompt)`,
          `${summaryMs} ms`,
          `${Math.round(wallMs)} ms`,
        ]);
      } finally {
        await server.close();
      }
    }
  }
  return {
    columns: [
      'window, style',
      'steps',
      'compactions',
      'overflow answers',
      'prefill tokens per step',
      'summary requests (wall)',
      'task wall',
    ],
    rows,
    notes: [
      'Server tokens are request bytes / 3 (denser than ossa’s uncalibrated guess); the prefix cache is one slot: a request reuses the bytes it shares with the previous one. The scripted summary answers instantly, so summary wall time here is ossa’s own overhead plus HTTP; with a real model it is the summary’s prefill and generation.',
    ],
  };
}
