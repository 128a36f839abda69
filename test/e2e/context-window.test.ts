// Long tasks on small windows, end to end: the built CLI runs a 30-step task (2–8 KB of tool
// output per step) against a scripted server that enforces its context window the way llama.cpp
// does (HTTP 400 `exceed_context_size_error`) or the way Ollama does (silently keeps the end of
// the prompt). The task must finish with at most one overflow answer, a bounded number of
// compactions, and every request after a compaction a byte-prefix extension of the one before,
// until the next compaction.
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/protocol/events.js';
import {
  historyOf,
  isSummaryRequest,
  longTaskFiles,
  longTaskTurns,
  summaryResponder,
} from '../kit/long-task.js';
import { runOssa } from '../kit/run-cli.js';
import {
  type LoggedRequest,
  type ScriptedModelServer,
  type ScriptedTurn,
  startScriptedModelServer,
} from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome } from '../kit/workspace.js';

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const STEPS = 30;
const partFiles = () => longTaskFiles(STEPS);
const taskTurns = () => longTaskTurns(STEPS);

async function runLongTask(
  window: number,
  style: 'reject' | 'truncate',
  wireApi: 'responses' | 'chat',
  options: { configuredWindow?: number; prompt?: string; turns?: ScriptedTurn[] } = {},
) {
  server = await startScriptedModelServer({
    turns: options.turns ?? taskTurns(),
    window: { tokens: window, style },
    respond: summaryResponder,
  });
  const home = mockHome(server.url, { wireApi, contextWindow: options.configuredWindow ?? window });
  const work = gitWorkspace(partFiles());
  const result = await runOssa(
    ['exec', '--json', '-s', 'danger-full-access', options.prompt ?? 'Read every part file in order.'],
    {
      cwd: work,
      env: { OSSA_HOME: home },
      timeoutMs: 120_000,
    },
  );
  const events = result.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AgentEvent);
  return { result, events, requests: server.requests.filter((r) => r.wire !== undefined) };
}

/** Each main request, and whether a compaction happened between it and the one before. */
function mainRequests(requests: LoggedRequest[], events: AgentEvent[]) {
  const main = requests.filter((r) => !isSummaryRequest(r));
  const compactedBefore: boolean[] = [];
  let compacted = false;
  for (const event of events) {
    if (event.type === 'compaction') compacted = true;
    if (event.type === 'request-begin') {
      compactedBefore.push(compacted);
      compacted = false;
    }
  }
  return main.map((request, index) => ({ request, compactedBefore: compactedBefore[index] ?? false }));
}

function expectPrefixExtensions(main: ReturnType<typeof mainRequests>): number {
  let checked = 0;
  for (let i = 1; i < main.length; i++) {
    const previous = main[i - 1]!.request;
    const current = main[i]!;
    if (current.compactedBefore || previous.overflow) continue;
    const history = JSON.stringify(historyOf(previous.body));
    const start = previous.rawBody.indexOf(history);
    expect(start, 'the history array appears verbatim in the body').toBeGreaterThan(0);
    // Everything up to the history's closing bracket is repeated byte for byte.
    const prefix = previous.rawBody.slice(0, start + history.length - 1);
    expect(current.request.rawBody.startsWith(prefix), `request ${i + 1} extends request ${i}`).toBe(true);
    checked++;
  }
  return checked;
}

describe.each([
  [8192, 'reject', 'chat'],
  [8192, 'truncate', 'responses'],
  [16384, 'reject', 'responses'],
  [16384, 'truncate', 'chat'],
  [32768, 'reject', 'chat'],
  [32768, 'truncate', 'responses'],
] as const)('a %i-token window enforced by %s (%s wire)', (window, style, wireApi) => {
  it(`a ${STEPS}-step task with 2–8 KB outputs finishes`, async () => {
    const { result, events, requests } = await runLongTask(window, style, wireApi);
    expect(result.stderr).not.toMatch(/Error:/);
    expect(result.code).toBe(0);
    expect(server!.pendingTurns()).toBe(0);
    const end = events.find((e) => e.type === 'turn-end');
    expect(end).toMatchObject({ status: 'completed', lastMessage: `Read all ${STEPS} parts.` });

    const overflows = requests.filter((r) => r.overflow !== undefined);
    expect(overflows.length, 'overflow answers').toBeLessThanOrEqual(1);
    // No request the server saw went over the window, except that one.
    for (const request of requests.filter((r) => r.overflow === undefined)) {
      expect(request.promptTokens!).toBeLessThanOrEqual(window);
    }
    const compactions = events.filter((e) => e.type === 'compaction');
    const summaries = compactions.filter((e) => e.type === 'compaction' && e.stage === 'summary');
    expect(summaries.length).toBe(requests.filter(isSummaryRequest).length);
    // Bounded: far fewer compactions than steps at 16K and 32K; at 8K the fixed prompt takes a third.
    expect(compactions.length).toBeLessThanOrEqual(window <= 8192 ? STEPS : STEPS / 2);
    // Every pair of requests without a compaction between was checked, and extended its prefix.
    const main = mainRequests(requests, events);
    const unbroken = main.filter((m, i) => i > 0 && !m.compactedBefore && !main[i - 1]!.request.overflow);
    expect(expectPrefixExtensions(main)).toBe(unbroken.length);
    expect(unbroken.length).toBeGreaterThan(STEPS / 4);
  }, 180_000);
});

describe('when ossa was told the wrong window', () => {
  it('learns the real one from the first llama.cpp overflow answer and finishes', async () => {
    const { result, events, requests } = await runLongTask(8192, 'reject', 'chat', {
      configuredWindow: 32768,
    });
    expect(result.code).toBe(0);
    expect(server!.pendingTurns()).toBe(0);
    expect(requests.filter((r) => r.overflow === 'rejected')).toHaveLength(1);
    const recovery = events.find((e) => e.type === 'compaction' && e.reason === 'overflow');
    expect(recovery).toMatchObject({ window: 8192 });
  }, 180_000);

  it('notices Ollama-style cutting from the counts alone, learns the window and finishes', async () => {
    const { result, events, requests } = await runLongTask(8192, 'truncate', 'responses', {
      configuredWindow: 32768,
    });
    expect(result.code).toBe(0);
    expect(server!.pendingTurns()).toBe(0);
    // A cut smaller than a quarter of one step's growth can pass once; the next one cannot.
    expect(requests.filter((r) => r.overflow === 'truncated').length).toBeLessThanOrEqual(2);
    expect(events.some((e) => e.type === 'warning' && e.code === 'server-truncation')).toBe(true);
    expect(events.find((e) => e.type === 'compaction' && e.reason === 'truncation')).toMatchObject({
      window: 8192,
    });
  }, 180_000);
});

describe('what cannot fit', () => {
  it('refuses a single message larger than the window with the figures, before sending anything', async () => {
    const { result, events, requests } = await runLongTask(8192, 'reject', 'chat', {
      prompt: `Summarise this log:\n${'2024-01-01 INFO something happened in the system\n'.repeat(1500)}`,
    });
    expect(result.code).not.toBe(0);
    expect(requests).toHaveLength(0);
    const end = events.find((e) => e.type === 'turn-end');
    expect(end).toMatchObject({ status: 'failed' });
    const error = end?.type === 'turn-end' ? (end.error ?? '') : '';
    expect(error).toMatch(/too large for the model's context window: it is about [\d,]+ tokens/);
    expect(error).toContain('the window is 8,192 tokens with 2,048 kept for the answer (limit 6,144)');
  }, 60_000);

  it('a first message the server rejects, with nothing older to summarise, stops at once with its figures', async () => {
    // ossa was told 128K, so the message goes out; the server's window is 8K. Retrying after a
    // compaction cannot help: there is nothing to compact.
    const { result, events, requests } = await runLongTask(8192, 'reject', 'chat', {
      configuredWindow: 131072,
      prompt: `Summarise this log:\n${'2024-01-01 INFO something happened in the system\n'.repeat(1500)}`,
    });
    expect(result.code).not.toBe(0);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.overflow).toBe('rejected');
    const end = events.find((e) => e.type === 'turn-end');
    const error = end?.type === 'turn-end' ? (end.error ?? '') : '';
    expect(error).toMatch(/the server counted [\d,.K]+ prompt tokens for its 8(,192|\.0K)-token window/);
    expect(error).toContain('no older part of the conversation to summarise');
    expect(error).not.toMatch(/failed 2 times in a row/);
  }, 60_000);

  it('stops with a clear message when compaction cannot make room, instead of sending or looping', async () => {
    // One tool output may take almost the whole window: after it nothing older can be freed.
    const turns: ScriptedTurn[] = Array.from({ length: 40 }, () => ({
      toolCalls: [
        { name: 'shell', arguments: { command: ['sh', '-c', 'head -c 40000 /dev/zero | tr "\\0" a'] } },
      ],
    }));
    server = await startScriptedModelServer({
      turns,
      window: { tokens: 8192, style: 'reject' },
      respond: (request) => (isSummaryRequest(request) ? { text: 'x '.repeat(20_000) } : undefined),
    });
    const home = mockHome(server.url, {
      wireApi: 'chat',
      contextWindow: 8192,
      extra: 'tool_output_token_limit = 7000',
    });
    const work = gitWorkspace();
    const result = await runOssa(['exec', '-s', 'danger-full-access', 'go'], {
      cwd: work,
      env: { OSSA_HOME: home },
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Stopped: /);
    expect(result.stderr).toContain("no longer fits the model's context window even after compaction");
    // The first request, one summary attempt; never a request over the window.
    const calls = server.requests.filter((r) => r.wire !== undefined);
    expect(calls.length).toBeLessThanOrEqual(3);
    expect(calls.filter((r) => r.overflow)).toHaveLength(0);
  }, 60_000);
});
