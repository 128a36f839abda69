// `ossa eval --quick` on a real llama-server with the tiny deterministic model: the harness gathers
// the setup facts from the server itself (kind, build, window, llama.cpp's own timings), probes
// both wires, and runs every quick scenario end to end, reporting honestly. The tiny model answers
// "Hello world!" to nearly everything, so it must come out not qualified, for the right reason. The
// whole suite (about a minute) checks the setup at 3/4 of the real window on a real tokenizer.
import { afterEach, describe, expect, it } from 'vitest';
import { runOssa } from '../kit/run-cli.js';
import { tempDir } from '../kit/workspace.js';
import { type RunningLlamaServer, startLlamaServer } from './kit/llama-server.js';
import { realHome } from './kit/real-home.js';
import { tierSkipped, tinyModel } from './kit/real-tier.js';

let server: RunningLlamaServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe.skipIf(tierSkipped())('ossa eval on a real llama-server', () => {
  it('runs the quick suite end to end and reports the tiny model as not qualified, with why', async () => {
    server = await startLlamaServer({ model: tinyModel('qwen2.5').path, context: 65536 });
    const home = realHome({ baseUrl: server.baseUrl, wireApi: 'chat' });
    const result = await runOssa(['eval', '--quick', '--no-scale', '--json'], {
      cwd: tempDir('ossa-real-eval-'),
      env: { OSSA_HOME: home },
      timeoutMs: 600_000,
    });
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout);
    const run = report.runs[0];
    // The window came from the server itself.
    expect(run.setup).toMatchObject({
      contextWindow: 65536,
      windowSource: 'llama.cpp /props n_ctx',
      serverKind: 'llamacpp',
    });
    // The build llama-server reports, and speed from its own timings.
    expect(run.setup.serverVersion).toMatch(/\S/);
    expect(run.setup.speed.speedSource).toBe('server');
    expect(run.setup.speed.decodeTokensPerSecond).toBeGreaterThan(0);
    expect(run.setup.speed.prefillTokensPerSecond).toBeGreaterThan(0);
    expect(run.setup.speed.ttftLargeMs).toBeGreaterThan(0);
    expect(run.setup.speed.truncation).toBeUndefined();
    // One slot with prompt caching: the second turn reuses the large prompt.
    expect(run.setup.speed.cacheReuse).toBeGreaterThan(0.5);
    // Both wires were probed; llama-server answers chat (and, in recent builds, responses).
    expect(run.setup.conformance.wires.map((w: { wire: string }) => w.wire)).toEqual(['chat', 'responses']);
    const chat = run.setup.conformance.wires[0];
    expect(chat.probes.find((p: { probe: string }) => p.probe === 'usage-reported').outcome).toBe('pass');
    expect(run.results).toHaveLength(7);
    expect(run.plan.scaled).toBe(false);
    expect(run.scorecard.verdict).toBe('not qualified');
    expect(run.scorecard.reasons.join('\n')).toContain('never called a tool');
    // Every attempt really talked to the server: requests were sent and usage came back.
    for (const scenario of run.results) {
      expect(scenario.requests).toBeGreaterThan(0);
      expect(scenario.promptTokens).toBeGreaterThan(0);
    }
  }, 700_000);

  it('the whole suite at the real window: the setup prompt of 3/4 window in its own tokens is not mistaken for truncation', async () => {
    server = await startLlamaServer({ model: tinyModel('qwen2.5').path, context: 65536 });
    const home = realHome({ baseUrl: server.baseUrl, wireApi: 'chat' });
    const result = await runOssa(['eval', '--no-scale', '--json'], {
      cwd: tempDir('ossa-real-eval-'),
      env: { OSSA_HOME: home },
      timeoutMs: 600_000,
    });
    expect(result.code, result.stderr).toBe(1);
    const run = JSON.parse(result.stdout).runs[0];
    // Calibrated on the real tokenizer (which counts this filler far denser than ossa's guess).
    expect(run.setup.speed.problems).toEqual([]);
    expect(run.setup.speed.truncation).toBeUndefined();
    expect(run.setup.speed.largePromptTokens).toBeGreaterThan(65536 * 0.6);
    expect(run.setup.speed.largePromptTokens).toBeLessThan(65536);
    expect(run.results).toHaveLength(24);
    // The long task was generated for this window and ran; the tiny model does not get far.
    const long = run.results.find((r: { id: string }) => r.id === 'long-task-compaction');
    expect(long).toMatchObject({ expectedCompaction: true, passed: false });
    expect(run.scorecard.compaction).toMatchObject({ attempts: 1 });
    expect(run.scorecard.verdict).toBe('not qualified');
  }, 700_000);
});
