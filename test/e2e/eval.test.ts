// `ossa eval --quick` end to end: the built CLI against the scripted server, the real tools and the
// real sandbox. A cooperative model (scripted per quick scenario, in suite order) qualifies; a model
// that never calls tools, one that misformats its calls, one that edits wrongly and one whose server
// truncates silently do not — each with its reason named.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOssa } from '../kit/run-cli.js';
import {
  type ScriptedModelServer,
  type ScriptedTurn,
  startScriptedModelServer,
} from '../kit/scripted-model-server.js';
import { mockHome, tempDir } from '../kit/workspace.js';

let server: ScriptedModelServer;
beforeAll(async () => {
  server = await startScriptedModelServer();
});
afterAll(async () => {
  await server.close();
});

const shell = (command: string[]) => ({ toolCalls: [{ name: 'shell', arguments: { command } }] });
const patch = (input: string) => ({ toolCalls: [{ name: 'apply_patch', arguments: { input } }] });
const GREETING =
  '*** Begin Patch\n*** Add File: greeting.txt\n+hello\n+  indented line\n+last line\n*** End Patch';
const FIX =
  '*** Begin Patch\n*** Update File: math.js\n@@\n export function add(a, b) {\n-  return a - b;\n+  return a + b;\n }\n*** End Patch';

/** The quick suite in order: list-files, create-file, no-tool-needed, recover-missing-file, fix-failing-test. */
function cooperative(): ScriptedTurn[] {
  return [
    shell(['ls']),
    { text: 'The files are notes.md and data.csv.' },
    patch(GREETING),
    { text: 'Created greeting.txt.' },
    { text: '42' },
    shell(['cat', 'config/settings.ini']),
    shell(['cat', 'config/settings.toml']),
    { text: 'The port is 7341.' },
    patch(FIX),
    { text: 'Fixed add in math.js.' },
  ];
}

async function evalWith(turns: ScriptedTurn[], extraArgs: string[] = [], home = mockHome(server.url)) {
  server.setTurns(turns);
  const work = tempDir('ossa-eval-cwd-');
  const result = await runOssa(['eval', '--quick', '--json', ...extraArgs], {
    cwd: work,
    env: { OSSA_HOME: home },
    timeoutMs: 120_000,
  });
  const report = result.stdout.trim() ? JSON.parse(result.stdout) : undefined;
  return { result, report, home, work };
}

describe('ossa eval --quick', () => {
  it('a cooperative model qualifies; the run is saved and the next run compares with it', async () => {
    const { result, report, home } = await evalWith(cooperative());
    expect(result.stderr).not.toContain('FAILED');
    expect(result.code).toBe(0);
    const run = report.runs[0];
    expect(run.scorecard.verdict).toBe('qualified');
    expect(run.scorecard.overall).toMatchObject({ passed: 5, attempts: 5 });
    expect(run.setup).toMatchObject({
      model: 'scripted-model',
      contextWindow: 131072,
      sandbox: 'workspace-write',
    });
    expect(readdirSync(join(home, 'evals')).filter((f) => f.endsWith('.json'))).toHaveLength(1);

    const again = await evalWith(cooperative(), [], home);
    expect(again.report.runs[0].previous).toMatchObject({ rate: 1, verdict: 'qualified' });
  });

  it('a model that never calls tools is not qualified, and the reason says so', async () => {
    const talk = Array.from({ length: 5 }, () => ({
      text: 'The files are probably notes.md and data.csv. 42. 7341.',
    }));
    const { result, report } = await evalWith(talk);
    expect(result.code).toBe(1);
    const card = report.runs[0].scorecard;
    expect(card.verdict).toBe('not qualified');
    expect(card.reasons[0]).toContain('never called a tool');
  });

  it('a model that misformats its calls (recovered by repair) is not qualified, the repairs counted', async () => {
    const inText = (name: string, args: unknown) => ({
      text: `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`,
    });
    const turns = cooperative().map((turn) => {
      const calls = (turn as { toolCalls?: { name: string; arguments: unknown }[] }).toolCalls;
      return calls ? inText(calls[0]!.name, calls[0]!.arguments) : turn;
    });
    const { report } = await evalWith(turns);
    const card = report.runs[0].scorecard;
    expect(card.repairs.calls).toBeGreaterThanOrEqual(4);
    expect(card.verdict).toBe('not qualified');
    expect(card.reasons.join('\n')).toMatch(/misformatted and recovered by ossa's repair stage/);
  });

  it('a model that edits wrongly is not qualified, naming the scenario and what the file holds', async () => {
    const turns = cooperative();
    turns[2] = patch('*** Begin Patch\n*** Add File: greeting.txt\n+hello\n+indented line\n*** End Patch');
    turns[8] = patch(
      '*** Begin Patch\n*** Update File: test.js\n@@\n-if (add(2, 3) !== 5) {\n+if (false) {\n*** End Patch',
    );
    const { report } = await evalWith(turns);
    const card = report.runs[0].scorecard;
    expect(card.verdict).toBe('not qualified');
    const reasons = card.reasons.join('\n');
    expect(reasons).toContain('create-file: greeting.txt holds');
    expect(reasons).toMatch(/fix-failing-test: `node test.js` failed|fix-failing-test: test.js lacks/);
  });

  it('a server that truncates silently makes the run not qualified, first reason', async () => {
    const turns = cooperative().map((turn) => ({ ...turn, usage: { inputTokens: 40, outputTokens: 5 } }));
    const { report } = await evalWith(turns);
    const card = report.runs[0].scorecard;
    expect(card.truncated).toBe(true);
    expect(card.verdict).toBe('not qualified');
    expect(card.reasons[0]).toContain('cut prompts silently');
  });

  it('--sweep runs the suite per value and names the best; the text scorecard shows the verdict', async () => {
    server.setTurns([...cooperative(), ...cooperative().slice(0, 4), { text: 'no idea' }, { text: '?' }]);
    const work = tempDir('ossa-eval-cwd-');
    const result = await runOssa(['eval', '--quick', '--sweep', 'model_reasoning_effort=low,high'], {
      cwd: work,
      env: { OSSA_HOME: mockHome(server.url) },
      timeoutMs: 120_000,
    });
    expect(result.stdout).toContain('(config) model_reasoning_effort=low');
    expect(result.stdout).toContain('verdict: QUALIFIED');
    expect(result.stdout).toContain('best: (config) model_reasoning_effort=low');
    // The second setting's requests carried its value.
    const efforts = server.requests
      .map((request) => (request.body as { reasoning?: { effort?: string } } | undefined)?.reasoning?.effort)
      .filter(Boolean);
    expect(efforts).toContain('high');
  });

  it('a verify command printing terminal escapes reaches the scorecard only as visible escapes', async () => {
    const home = mockHome(server.url);
    mkdirSync(join(home, 'evals', 'scenarios'), { recursive: true });
    const scenario = {
      id: 'escapes',
      capability: 'agentic',
      title: 'hostile verify output',
      prompt: 'say done',
      checks: [
        { kind: 'command', argv: ['sh', '-c', 'printf "\\033]0;pwned\\007\\033[8mhidden" >&2; exit 1'] },
      ],
      quick: true,
    };
    writeFileSync(join(home, 'evals', 'scenarios', 'escapes.json'), JSON.stringify(scenario));
    server.setTurns([...cooperative(), { text: 'done' }]);
    const result = await runOssa(['eval', '--quick'], {
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
    const { result } = await evalWith([], [], home);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot tell the context window');
    expect(result.stderr).toContain('model_context_window');
  });

  it('a user scenario that does not match the format is an error naming the file', async () => {
    const home = mockHome(server.url);
    mkdirSync(join(home, 'evals', 'scenarios'), { recursive: true });
    writeFileSync(join(home, 'evals', 'scenarios', 'mine.json'), '{"id":"mine","capability":"magic"}');
    const { result } = await evalWith([], [], home);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('mine.json');
    expect(result.stderr).toContain('capability');
  });

  it('--write-profile writes the measured settings with a comment, and never overwrites', async () => {
    const { result, home } = await evalWith(cooperative(), ['--write-profile', 'measured']);
    expect(result.code).toBe(0);
    const text = readFileSync(join(home, 'measured.config.toml'), 'utf8');
    expect(text).toContain('# Written by `ossa eval`');
    expect(text).toContain('model = "scripted-model"');
    const again = await evalWith(cooperative(), ['--write-profile', 'measured'], home);
    expect(again.result.code).toBe(2);
    expect(again.result.stderr).toContain('exists');
    expect(existsSync(join(home, 'measured.config.toml'))).toBe(true);
  });
});

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

describe('ossa eval --report', () => {
  it.skipIf(!CHROMIUM)('writes an HTML report whose charts render in a real headless browser', async () => {
    const { result, work } = await evalWith(cooperative(), ['--report', 'report.html']);
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
