// `ossa eval` end to end: the built CLI against the scripted server, the real tools and the real
// sandbox. The scripted server plays a model policy (test/kit/eval-model.ts) that knows each
// scenario by its prompt: a cooperative model qualifies (the quick suite, and every built-in
// scenario including the long task, which compacts at the real window); a model that never calls
// tools, one that misformats its calls, one that edits wrongly and one whose server truncates
// silently do not — each with its reason named.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cooperative,
  evalResponder,
  misformatting,
  overriding,
  type Policy,
  SOLUTIONS,
  talker,
} from '../kit/eval-model.js';
import { runOssa } from '../kit/run-cli.js';
import {
  type ScriptedModelServer,
  type ScriptedUsage,
  startScriptedModelServer,
} from '../kit/scripted-model-server.js';
import { mockHome, tempDir } from '../kit/workspace.js';

let server: ScriptedModelServer;
/** The model the scripted server plays for the next run. */
let model: { policy: Policy; usage?: ScriptedUsage } = { policy: cooperative };
beforeAll(async () => {
  server = await startScriptedModelServer({ respond: evalResponder(() => model) });
});
afterAll(async () => {
  await server.close();
});

const QUICK = [
  'list-files',
  'pick-plan-tool',
  'create-file',
  'no-tool-needed',
  'count-lines',
  'recover-broken-config',
  'fix-failing-test',
];

async function evalWith(
  policy: Policy,
  extraArgs: string[] = [],
  home = mockHome(server.url),
  usage?: ScriptedUsage,
  quick = true,
) {
  model = { policy, ...(usage ? { usage } : {}) };
  const work = tempDir('ossa-eval-cwd-');
  const result = await runOssa(['eval', ...(quick ? ['--quick'] : []), '--json', ...extraArgs], {
    cwd: work,
    env: { OSSA_HOME: home },
    timeoutMs: 540_000,
  });
  const report = result.stdout.trim() ? JSON.parse(result.stdout) : undefined;
  return { result, report, home, work };
}

const patchCall = (input: string) => ({ toolCalls: [{ name: 'apply_patch', arguments: { input } }] });

// Each test runs the built CLI through whole evals: generous limits for a loaded 2-core machine.
describe('ossa eval --quick', { timeout: 240_000 }, () => {
  it('a cooperative model qualifies, with setup facts, conformance and the plan; the next run compares', async () => {
    const { result, report, home } = await evalWith(cooperative);
    expect(result.stderr).not.toContain('FAILED');
    expect(result.code, result.stderr).toBe(0);
    const run = report.runs[0];
    expect(run.scorecard.verdict).toBe('qualified');
    expect(
      run.results.map((r: { id: string }) => r.id),
      JSON.stringify({ plan: run.plan, speed: run.setup.speed }),
    ).toEqual(QUICK);
    expect(run.scorecard.overall).toMatchObject({ passed: QUICK.length, attempts: QUICK.length });
    expect(run.setup).toMatchObject({
      model: 'scripted-model',
      contextWindow: 131072,
      sandbox: 'workspace-write',
      serverKind: 'openai-compatible',
    });
    // Setup facts: both first-token times, the large prompt's size, no truncation.
    expect(run.setup.speed.ttftSmallMs).toBeGreaterThanOrEqual(0);
    expect(run.setup.speed.ttftLargeMs).toBeGreaterThanOrEqual(0);
    expect(run.setup.speed.largePromptTokens).toBeGreaterThan(4000);
    expect(run.setup.speed.truncation).toBeUndefined();
    // Wire conformance on both wires, every probe passing (reasoning sent back included).
    for (const wire of run.setup.conformance.wires) {
      expect(wire.probes.map((p: { outcome: string }) => p.outcome)).toEqual([
        'pass',
        'pass',
        'pass',
        'pass',
        'pass',
      ]);
    }
    expect(run.setup.conformance.recommended).toBe('responses');
    expect(run.plan).toMatchObject({ budgetMinutes: 3, dropped: [], repeat: 1 });
    expect(readdirSync(join(home, 'evals')).filter((f) => f.endsWith('.json'))).toHaveLength(1);

    const again = await evalWith(cooperative, [], home);
    expect(again.report.runs[0].previous).toMatchObject({ rate: 1, verdict: 'qualified' });
  });

  it('a model that never calls tools is not qualified, and the reason says so', async () => {
    const { result, report } = await evalWith(talker);
    expect(result.code).toBe(1);
    const card = report.runs[0].scorecard;
    expect(card.verdict).toBe('not qualified');
    expect(card.reasons[0]).toContain('never called a tool');
    expect(card.conformance.failed.join('\n')).toContain(
      'streamed-arguments: no structured record_value call',
    );
  });

  it('a model that misformats its calls (recovered by repair) is not qualified, the repairs counted', async () => {
    const { report } = await evalWith(misformatting(cooperative));
    const card = report.runs[0].scorecard;
    // Every tool call of the quick suite came as text and was recovered: the tasks still pass.
    expect(card.repairs.toolCalls).toBeGreaterThanOrEqual(10);
    expect(card.repairs.calls).toBeGreaterThanOrEqual(card.repairs.toolCalls);
    expect(card.overall.passed).toBe(QUICK.length);
    expect(card.verdict).toBe('not qualified');
    expect(card.reasons.join('\n')).toMatch(/misformatted and recovered by ossa's repair stage \(.+×\d+/);
    // Outside a session nothing repairs the calls: the wire probes see none.
    expect(card.conformance.failed.join('\n')).toContain('no structured record_value call: it came as text');
  });

  it('a model that edits wrongly is not qualified, naming the scenario and what the file holds', async () => {
    const policy = overriding(cooperative, {
      'create-file': [
        patchCall('*** Begin Patch\n*** Add File: greeting.txt\n+hello\n+indented line\n*** End Patch'),
        { text: 'Created.' },
      ],
      'fix-failing-test': [
        patchCall(
          '*** Begin Patch\n*** Update File: test.js\n@@\n-if (add(2, 3) !== 5) {\n+if (false) {\n*** End Patch',
        ),
        { text: 'Fixed.' },
      ],
    });
    const { report } = await evalWith(policy);
    const card = report.runs[0].scorecard;
    expect(card.verdict).toBe('not qualified');
    const reasons = card.reasons.join('\n');
    expect(reasons).toContain('create-file: greeting.txt holds');
    expect(reasons).toMatch(/fix-failing-test: `node test.js` failed|fix-failing-test: test.js lacks/);
  });

  it('a server that truncates silently makes the run not qualified, first reason, found at setup too', async () => {
    const { report } = await evalWith(cooperative, [], mockHome(server.url), {
      inputTokens: 40,
      outputTokens: 5,
    });
    const run = report.runs[0];
    expect(run.setup.speed.truncation).toContain('read only 40 prompt tokens');
    const card = run.scorecard;
    expect(card.truncated).toBe(true);
    expect(card.verdict).toBe('not qualified');
    expect(card.reasons[0]).toContain('cut prompts silently');
  });

  it('a server that serves a smaller window than it claims is caught at setup by its own token counts', async () => {
    // Like Ollama at its default num_ctx: the prompt is cut to the last 6000 tokens, no error.
    const small = await startScriptedModelServer({
      respond: evalResponder(() => ({ policy: cooperative })),
      window: { tokens: 6000, style: 'truncate', bytesPerToken: 4 },
    });
    try {
      const home = mockHome(small.url);
      const result = await runOssa(['eval', '--quick', '--json', '--only', 'no-tool-needed'], {
        cwd: tempDir('ossa-eval-cwd-'),
        env: { OSSA_HOME: home },
        timeoutMs: 120_000,
      });
      const run = JSON.parse(result.stdout).runs[0];
      // 6000 kept of the ~8K the calibration predicts: only 75 % — the session's 40 % rule alone would pass it.
      expect(run.setup.speed.truncation).toContain('read only 6000 prompt tokens');
      expect(run.setup.speed.truncation).toContain('calibrated against its own count');
      expect(run.setup.speed.truncation).toContain('not the 131072 ossa was told');
      expect(run.scorecard.verdict).toBe('not qualified');
      expect(run.scorecard.reasons[0]).toContain('cut prompts silently');
      expect(result.code).toBe(1);
    } finally {
      await small.close();
    }
  });

  it('--sweep twice runs every combination (cartesian), with shorthands, names the best and writes it as a profile', async () => {
    const home = mockHome(server.url);
    model = { policy: cooperative };
    const before = server.requests.length;
    const result = await runOssa(
      [
        'eval',
        '--only',
        'list-files,no-tool-needed',
        '--sweep',
        'temperature=0.1,0.9',
        '--sweep',
        'wire_api=chat,responses',
        '--write-profile',
        'swept',
      ],
      { cwd: tempDir('ossa-eval-cwd-'), env: { OSSA_HOME: home }, timeoutMs: 240_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    for (const label of [
      'temperature=0.1 wire_api=chat',
      'temperature=0.1 wire_api=responses',
      'temperature=0.9 wire_api=chat',
      'temperature=0.9 wire_api=responses',
    ])
      expect(result.stdout).toContain(`(config) ${label}\n`.replace('\n', ':'));
    expect(result.stdout).toContain('verdict: QUALIFIED');
    expect(result.stdout).toMatch(/best: \(config\) temperature=0\.(1|9) wire_api=(chat|responses)/);
    // Each combination's scenario requests carried its temperature, on its wire.
    const sent = server.requests.slice(before).flatMap((request) => {
      const body = request.body as
        | { temperature?: number; instructions?: string; messages?: unknown }
        | undefined;
      return body?.temperature === undefined ? [] : [`${request.wire} ${body.temperature}`];
    });
    expect(new Set(sent)).toEqual(new Set(['chat 0.1', 'responses 0.1', 'chat 0.9', 'responses 0.9']));
    const profile = readFileSync(join(home, 'swept.config.toml'), 'utf8');
    expect(profile).toContain('# Written by `ossa eval`');
    expect(profile).toContain('# Wire conformance:');
    // The real keys the shorthands stand for, loadable as config.
    expect(profile).toMatch(/^model_families\.[a-z0-9-]+\.sampling\.temperature = 0\.(1|9)$/m);
    expect(profile).toMatch(/^model_providers\.mock\.wire_api = "(chat|responses)"$/m);
    const debug = await runOssa(['-p', 'swept', 'debug', 'config'], {
      cwd: tempDir('ossa-eval-cwd-'),
      env: { OSSA_HOME: home },
    });
    expect(debug.code, debug.stderr).toBe(0);
  });

  it('a wire that conforms worse than the other is named, and --write-profile switches to the better one', async () => {
    // On the responses wire this model answers the parallel probe with one call; on chat with two.
    const policy: Policy = (view) =>
      view.wire === 'responses' && view.scenario === 'probe:parallel-calls' && view.outputs.length === 0
        ? { toolCalls: [{ name: 'record_value', arguments: { value: 'a', tags: [] } }] }
        : cooperative(view);
    const { result, report, home } = await evalWith(policy, ['--write-profile', 'wired']);
    const run = report.runs[0];
    expect(run.setup.conformance.recommended).toBe('chat');
    const card = run.scorecard;
    expect(card.conformance).toMatchObject({
      wire: 'responses',
      passed: 4,
      applicable: 5,
      recommended: 'chat',
    });
    // One call at a time is reported and tips the wire choice, but does not block qualifying.
    expect(card.verdict).toBe('qualified');
    expect(result.code).toBe(0);
    const reasons = card.reasons.join('\n');
    expect(reasons).toContain('wire conformance on responses: 4/5 probes passed — parallel-calls: 1 call(s)');
    expect(reasons).toContain('the chat wire worked better on this server than responses');
    const profile = readFileSync(join(home, 'wired.config.toml'), 'utf8');
    expect(profile).toContain('# Wire conformance: responses 4/5, chat 5/5 → chat.');
    expect(profile).toContain('model_providers.mock.wire_api = "chat"');
    // The written profile is valid config that ossa reads: it selects the chat wire.
    const debug = await runOssa(['-p', 'wired', 'debug', 'config'], {
      cwd: tempDir('ossa-eval-cwd-'),
      env: { OSSA_HOME: home },
    });
    expect(debug.code, debug.stderr).toBe(0);
    expect(debug.stdout).toMatch(/wire_api\s*=\s*"chat"/);
  });

  it('--sweep refuses too many combinations and a key given twice', async () => {
    const home = mockHome(server.url);
    const many = await runOssa(['eval', '--sweep', 'a=1,2,3,4,5', '--sweep', 'b=1,2,3,4'], {
      cwd: tempDir('ossa-eval-cwd-'),
      env: { OSSA_HOME: home },
    });
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('5 × 4 = 20 combinations');
    const twice = await runOssa(['eval', '--sweep', 'a=1,2', '--sweep', 'a=3,4'], {
      cwd: tempDir('ossa-eval-cwd-'),
      env: { OSSA_HOME: home },
    });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('--sweep a is given twice');
  });

  it('a verify script printing terminal escapes reaches the scorecard only as visible escapes', async () => {
    const home = mockHome(server.url);
    mkdirSync(join(home, 'evals', 'scenarios'), { recursive: true });
    const scenario = {
      id: 'escapes',
      capability: 'agentic',
      title: 'hostile verify output',
      prompt: 'say done',
      checks: [
        { kind: 'script', lang: 'sh', source: 'printf "\\033]0;pwned\\007\\033[8mhidden" >&2; exit 1' },
      ],
      quick: true,
    };
    writeFileSync(join(home, 'evals', 'scenarios', 'escapes.json'), JSON.stringify(scenario));
    model = { policy: cooperative };
    const result = await runOssa(['eval', '--only', 'escapes'], {
      cwd: tempDir('ossa-eval-cwd-'),
      env: { OSSA_HOME: home },
      timeoutMs: 120_000,
    });
    expect(result.stdout).toContain('escapes:');
    expect(result.stdout).toContain('\\x1b]0;pwned');
    expect(result.stdout + result.stderr).not.toContain('\u001b');
  });

  it('refuses to score an unknown window, saying what to fix', async () => {
    const home = tempDir('ossa-eval-home-');
    writeFileSync(
      join(home, 'config.toml'),
      `model = "scripted-model"\nmodel_provider = "mock"\n[model_providers.mock]\nname = "Mock"\nbase_url = "${server.url}"\n`,
    );
    const { result } = await evalWith(cooperative, [], home);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot tell the context window');
    expect(result.stderr).toContain('model_context_window');
  });

  it('refuses to score a too-small window, naming it and the fix', async () => {
    const { result } = await evalWith(cooperative, [], mockHome(server.url, { contextWindow: 16384 }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('16384-token context window');
    expect(result.stderr).toContain('min_context_window');
    // The fix doctor's window check names for this server.
    expect(result.stderr).toContain('Fix: configure the server for a window of at least 65536 tokens');
  });

  it('a user scenario that does not match the format is an error naming the file', async () => {
    const home = mockHome(server.url);
    mkdirSync(join(home, 'evals', 'scenarios'), { recursive: true });
    writeFileSync(join(home, 'evals', 'scenarios', 'mine.json'), '{"id":"mine","capability":"magic"}');
    const { result } = await evalWith(cooperative, [], home);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('mine.json');
    expect(result.stderr).toContain('capability');
  });

  it('--write-profile writes the measured settings with a comment, and never overwrites', async () => {
    const { result, home } = await evalWith(cooperative, ['--write-profile', 'measured']);
    expect(result.code).toBe(0);
    const text = readFileSync(join(home, 'measured.config.toml'), 'utf8');
    expect(text).toContain('# Written by `ossa eval`');
    expect(text).toContain('model = "scripted-model"');
    const again = await evalWith(cooperative, ['--write-profile', 'measured'], home);
    expect(again.result.code).toBe(2);
    expect(again.result.stderr).toContain('exists');
    expect(existsSync(join(home, 'measured.config.toml'))).toBe(true);
  });
});

describe('ossa eval, the whole suite', { timeout: 600_000 }, () => {
  it('the cooperative model passes every built-in scenario; the long task compacts at the real window and still passes', async () => {
    // A 64K window: the long task reads about a window of part files, so the session must compact.
    const home = mockHome(server.url, { contextWindow: 65536 });
    const { result, report } = await evalWith(cooperative, ['--no-scale'], home, undefined, false);
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    const run = report.runs[0];
    const ids = run.results.map((r: { id: string }) => r.id);
    expect(new Set(ids)).toEqual(new Set([...Object.keys(SOLUTIONS), 'long-task-compaction']));
    expect(ids).toHaveLength(24);
    expect(run.results.filter((r: { passed: boolean }) => !r.passed)).toEqual([]);
    const long = run.results.find((r: { id: string }) => r.id === 'long-task-compaction');
    expect(long.compactions.length).toBeGreaterThan(0);
    expect(run.scorecard.compaction).toMatchObject({ attempts: 1, compacted: 1, passedAfterCompaction: 1 });
    expect(run.scorecard.compaction.stages.prune).toBeGreaterThan(0);
    expect(run.scorecard.verdict).toBe('qualified');
  }, 600_000);

  it('the long task on a server that enforces the window (rejects what does not fit, counting denser than ossa guesses) still compacts and passes', async () => {
    const strict = await startScriptedModelServer({
      respond: evalResponder(() => ({ policy: cooperative })),
      window: { tokens: 65536, style: 'reject', bytesPerToken: 3 },
    });
    try {
      const home = mockHome(strict.url, { contextWindow: 65536 });
      const result = await runOssa(['eval', '--json', '--only', 'long-task-compaction'], {
        cwd: tempDir('ossa-eval-cwd-'),
        env: { OSSA_HOME: home },
        timeoutMs: 300_000,
      });
      const run = JSON.parse(result.stdout).runs[0];
      // The setup's large prompt (3/4 of the window in the server's own tokens) fitted: no false alarm.
      expect(run.setup.speed.problems).toEqual([]);
      expect(run.setup.speed.truncation).toBeUndefined();
      expect(run.setup.speed.largePromptTokens).toBeGreaterThan(40_000);
      expect(run.setup.speed.largePromptTokens).toBeLessThan(65536);
      const long = run.results[0];
      expect(long.failures).toEqual([]);
      expect(long.compactions.length).toBeGreaterThan(0);
      expect(run.scorecard.compaction).toMatchObject({ compacted: 1, passedAfterCompaction: 1 });
      expect(strict.requests.filter((r) => r.overflow === 'rejected').length).toBeLessThanOrEqual(1);
    } finally {
      await strict.close();
    }
  }, 300_000);

  it('every built-in scenario fails against a model that does nothing (no check passes by accident)', async () => {
    const idle: Policy = () => ({ text: 'I cannot help with that.' });
    const ids = Object.keys(SOLUTIONS).join(',');
    const { report } = await evalWith(idle, ['--only', ids], mockHome(server.url), undefined, false);
    const passed = report.runs[0].results.filter((r: { passed: boolean }) => r.passed);
    expect(passed.map((r: { id: string }) => r.id)).toEqual([]);
  }, 300_000);
});

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

describe('ossa eval --report', { timeout: 240_000 }, () => {
  it.skipIf(!CHROMIUM)('writes an HTML report whose charts render in a real headless browser', async () => {
    const { result, work } = await evalWith(cooperative, ['--report', 'report.html']);
    expect(result.code).toBe(0);
    const html = readFileSync(join(work, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script/i);
    const shot = join(work, 'shot.png');
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(
      CHROMIUM!,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${join(work, 'chromium-profile')}`,
        '--hide-scrollbars',
        '--window-size=1000,1000',
        `--screenshot=${shot}`,
        `file://${join(work, 'report.html')}`,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(existsSync(shot), run.stderr).toBe(true);
    const { countColour, readPng } = await import('../kit/png.js');
    const png = readPng(readFileSync(shot));
    // The one run's bars are drawn in its colour (#2f6fdf): five capability bars of 100 % and a
    // bar per scenario are thousands of pixels; a page without charts has none.
    expect(countColour(png, '#2f6fdf')).toBeGreaterThan(3000);
  });
});
if (!CHROMIUM)
  process.stderr.write('eval report browser test skipped: no chromium (apt-get install chromium)\n');
