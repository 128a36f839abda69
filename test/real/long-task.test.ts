// A long task on a small window against the real llama-server: `-c 8192`, 32 steps of 2–8 KB tool
// output, with the tiny `worker` model (test/real/gguf/tiny-model.ts). The model is a handful of
// hand-set weights, not a reasoner: while its trigger word is in the prompt it calls
// `sh next.sh` after every result, until a result says its stop word; ossa's compaction prompt gets
// a one-word text answer ("done") as the summary. So the steps are driven by the workspace's
// script and the model's fixed behaviour; what this checks is what the real server really does
// with ossa's requests: the window ossa reads from /props, the prompts the server counts, the
// HTTP 400 `exceed_context_size_error` it answers when a prompt does not fit (with its figures),
// and that ossa finishes with at most one of those and a bounded number of compactions.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/protocol/events.js';
import { longTaskFiles } from '../kit/long-task.js';
import { runOssa } from '../kit/run-cli.js';
import { gitWorkspace } from '../kit/workspace.js';
import { ANSWERS, TRIGGERS } from './gguf/tiny-model.js';
import { useLlamaServer } from './kit/llama-server.js';
import { realHome } from './kit/real-home.js';
import { tierSkipped, tinyModel } from './kit/real-tier.js';
import { type RecordingProxy, startRecordingProxy } from './kit/recording-proxy.js';

const WINDOW = 8192;
const STEPS = 32;

/** Prints the next part on each run (2–8 KB), and the stop word once every part was printed. */
const NEXT_SH = `n=$(cat .step 2>/dev/null || echo 0)
n=$((n + 1))
echo "$n" > .step
if [ "$n" -gt ${STEPS} ]; then echo "All ${STEPS} parts printed.${TRIGGERS.workerDone}"; exit 0; fi
cat "part-$(printf %02d "$n").txt"
`;

let proxy: RecordingProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

/** The server's own prompt figures in a chat stream (its last `timings`): evaluated and from cache. */
function timingsOf(body: string): { prompt_n: number; cache_n: number } | undefined {
  let found: { prompt_n: number; cache_n: number } | undefined;
  for (const line of body.split('\n')) {
    if (!line.startsWith('data: {')) continue;
    const data = JSON.parse(line.slice(6)) as { timings?: { prompt_n: number; cache_n: number } };
    if (data.timings) found = data.timings;
  }
  return found;
}

/** The prompt tokens a completed chat stream reports (its last usage), or undefined. */
function promptTokens(body: string): number | undefined {
  const all = [...body.matchAll(/"prompt_tokens":(\d+)/g)];
  return all.length > 0 ? Number(all.at(-1)![1]) : undefined;
}

describe.skipIf(tierSkipped())(`a ${STEPS}-step task on a real llama-server with -c ${WINDOW}`, () => {
  const server = useLlamaServer(() => ({
    model: tinyModel('worker').path,
    context: WINDOW,
    args: ['-np', '1'],
  }));

  async function runTask(options: { hidePaths?: RegExp } = {}) {
    proxy = await startRecordingProxy(server().root, options);
    const home = realHome({ baseUrl: proxy.baseUrl, wireApi: 'chat' });
    const work = gitWorkspace({ ...longTaskFiles(STEPS), 'next.sh': NEXT_SH, '.gitignore': '.step\n' });
    writeFileSync(join(work, '.step'), '0\n');
    const result = await runOssa(
      [
        'exec',
        '--json',
        '-s',
        'danger-full-access',
        `Run next.sh with the${TRIGGERS.toolCall} tool until it is finished.`,
      ],
      { cwd: work, env: { OSSA_HOME: home }, timeoutMs: 300_000 },
    );
    const events = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as AgentEvent);
    expect(result.code, `${result.stderr}\n${server().log().slice(-2000)}`).toBe(0);
    return { result, events, exchanges: proxy.exchanges };
  }

  /** The checks every run must pass; returns what the run showed. */
  function expectFinished(
    events: AgentEvent[],
    exchanges: RecordingProxy['exchanges'],
    options: { windowHidden?: boolean } = {},
  ) {
    expect(events.at(-1)).toMatchObject({
      type: 'turn-end',
      status: 'completed',
      lastMessage: ANSWERS.afterToolResult,
    });

    // Every step ran: the script printed every part, then the stop word.
    const ends = events.filter(
      (e): e is Extract<AgentEvent, { type: 'tool-call-end' }> => e.type === 'tool-call-end',
    );
    expect(ends).toHaveLength(STEPS + 1);
    expect(ends.every((e) => e.success)).toBe(true);
    expect(ends.at(-1)!.output).toContain(`All ${STEPS} parts printed.`);

    // The window ossa used is the one the server serves (when it says).
    const props = exchanges.find((x) => x.path.startsWith('/props'));
    const nCtx = options.windowHidden
      ? undefined
      : (JSON.parse(props!.body) as { default_generation_settings: { n_ctx: number } })
          .default_generation_settings.n_ctx;
    if (!options.windowHidden) expect(nCtx).toBe(WINDOW);

    const completions = exchanges.filter((x) => x.path.startsWith('/v1/chat/completions'));
    const overflows = completions.filter((x) => x.status === 400);
    expect(overflows.length, 'overflow answers').toBeLessThanOrEqual(1);
    for (const overflow of overflows) {
      const error = (
        JSON.parse(overflow.body) as { error: { type: string; n_prompt_tokens: number; n_ctx: number } }
      ).error;
      expect(error.type).toBe('exceed_context_size_error');
      expect(error.n_ctx).toBe(WINDOW);
      expect(error.n_prompt_tokens).toBeGreaterThan(WINDOW);
    }
    // Every prompt the server accepted fit its window, with room left for the answer.
    const counted = completions.filter((x) => x.status === 200).map((x) => promptTokens(x.body));
    expect(counted.every((tokens) => tokens !== undefined && tokens < WINDOW)).toBe(true);

    const compactions = events.filter((e) => e.type === 'compaction');
    const summaries = compactions.filter((e) => e.type === 'compaction' && e.stage === 'summary');
    expect(summaries.length, 'a summary was needed and made').toBeGreaterThan(0);
    expect(compactions.length, 'compactions').toBeLessThanOrEqual(STEPS);
    // Main requests: one per step and the final answer, plus a retry per overflow.
    const main = events.filter((e) => e.type === 'request-begin').length;
    expect(main).toBe(STEPS + 2 + overflows.length);
    const timings = completions.filter((x) => x.status === 200).map((x) => timingsOf(x.body));
    const summaryMs = summaries.map((e) => (e.type === 'compaction' ? e.durationMs : 0));
    const shown = {
      nCtx,
      steps: ends.length,
      prefilled: timings.map((t) => t?.prompt_n ?? 0),
      fromCache: timings.map((t) => t?.cache_n ?? 0),
      summaryMs,
      requests: completions.length,
      overflows: overflows.map((x) => (JSON.parse(x.body) as { error: unknown }).error),
      compactions: compactions.length,
      summaries: summaries.length,
      maxPromptTokens: Math.max(...(counted as number[])),
    };
    const out = process.env.OSSA_BENCH_OUT;
    if (out) writeFileSync(`${out}.${options.windowHidden ? 'hidden' : 'props'}.json`, JSON.stringify(shown));
    return shown;
  }

  it('finishes with at most one overflow answer and a bounded number of compactions', async () => {
    const { events, exchanges } = await runTask();
    expectFinished(events, exchanges);
  }, 320_000);

  it('when the server does not say its window: assumes 32K, learns 8K from the one 400’s figures, finishes', async () => {
    const { events, exchanges } = await runTask({ hidePaths: /^\/(props|slots)/ });
    const shown = expectFinished(events, exchanges, { windowHidden: true });
    expect(shown.overflows).toHaveLength(1);
    const recovery = events.find((e) => e.type === 'compaction' && e.reason === 'overflow');
    expect(recovery).toMatchObject({ window: WINDOW });
  }, 320_000);
});
