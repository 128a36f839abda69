// `ossa review` end to end: the built CLI against the scripted model server, in real git
// repositories. Each scope flag must send exactly the change it names; a small window splits the
// review into parts; bad review JSON is repaired, retried with structured output, or reported;
// locations are checked; --json, -o and --fail-on behave as documented; the session is resumable.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  commitFiles,
  diffPaths,
  git,
  modelCalls,
  reviewHome,
  reviewJson,
  reviewRepo,
  toolNames,
  userTexts,
} from '../kit/review-fixtures.js';
import { runOssa } from '../kit/run-cli.js';
import { type ScriptedModelServer, startScriptedModelServer } from '../kit/scripted-model-server.js';
import { tempDir, writeFiles } from '../kit/workspace.js';

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(turns: Parameters<typeof startScriptedModelServer>[0] = {}) {
  server = await startScriptedModelServer(turns);
  return server;
}

function firstPrompt(s: ScriptedModelServer): string {
  return userTexts(modelCalls(s.requests)[0]!)[0] ?? '';
}

describe.each(['responses', 'chat'] as const)('ossa review scopes over the %s wire', (wireApi) => {
  it('--uncommitted sends staged, unstaged and untracked changes and nothing committed', async () => {
    const s = await serve({ turns: [{ text: reviewJson([]) }] });
    const repo = reviewRepo({ 'a.txt': 'one\n', 'b.txt': 'two\n', 'c.txt': 'three\n' });
    commitFiles(repo, { 'c.txt': 'three, committed\n' }, 'committed change');
    writeFileSync(join(repo, 'a.txt'), 'one, unstaged\n');
    writeFileSync(join(repo, 'b.txt'), 'two, staged\n');
    git(repo, 'add', 'b.txt');
    writeFiles(repo, { 'new/d.txt': 'untracked\n' });

    const result = await runOssa(['review', '--uncommitted'], {
      cwd: repo,
      env: { OSSA_HOME: reviewHome(s.url, { wireApi }) },
    });

    expect(result.code, result.stderr).toBe(0);
    const prompt = firstPrompt(s);
    expect(diffPaths(prompt).sort()).toEqual(['a.txt', 'b.txt', 'new/d.txt']);
    expect(prompt).toContain('+one, unstaged');
    expect(prompt).toContain('+two, staged');
    expect(prompt).toContain('+untracked');
    expect(prompt).not.toContain('three, committed');
    // The reviewer only reads: the shell tool, no apply_patch, a read-only sandbox.
    const request = modelCalls(s.requests)[0]!;
    expect(toolNames(request)).toEqual(['shell']);
    expect(JSON.stringify(request.body)).toContain('Sandbox: read-only');
    // Tools are offered, so a local server gets no response format it would constrain them away with.
    expect(request.responseSchema).toBeUndefined();
    expect(result.stdout).toContain('Review of the uncommitted changes');
    expect(result.stdout).toContain('Verdict: patch is correct');
  });

  it('--base sends the commits since the merge base: not the base branch, not uncommitted work', async () => {
    const s = await serve({ turns: [{ text: reviewJson([]) }] });
    const repo = reviewRepo({ 'lib.txt': 'base\n', 'other.txt': 'x\n' });
    git(repo, 'checkout', '-q', '-b', 'feature');
    commitFiles(repo, { 'feature1.txt': 'feature one\n' }, 'f1');
    commitFiles(repo, { 'lib.txt': 'base\nfeature two\n' }, 'f2');
    git(repo, 'checkout', '-q', 'main');
    commitFiles(repo, { 'main-later.txt': 'main moved on\n' }, 'main later');
    git(repo, 'checkout', '-q', 'feature');
    writeFileSync(join(repo, 'other.txt'), 'uncommitted\n');

    const result = await runOssa(['review', '--base', 'main'], {
      cwd: repo,
      env: { OSSA_HOME: reviewHome(s.url, { wireApi }) },
    });

    expect(result.code, result.stderr).toBe(0);
    const prompt = firstPrompt(s);
    expect(diffPaths(prompt).sort()).toEqual(['feature1.txt', 'lib.txt']);
    expect(prompt).toContain('+feature two');
    expect(prompt).not.toContain('main moved on');
    expect(prompt).not.toContain('uncommitted');
    expect(result.stderr).toContain('uncommitted changes that this review leaves out');
  });

  it('--commit sends that commit against its parent, whatever came before or after', async () => {
    const s = await serve({ turns: [{ text: reviewJson([]) }] });
    const repo = reviewRepo({ 'x.txt': 'v0\n' });
    commitFiles(repo, { 'x.txt': 'v1\n' }, 'first');
    const sha = commitFiles(repo, { 'x.txt': 'v2\n', 'y.txt': 'added in the middle\n' }, 'the middle one');
    commitFiles(repo, { 'x.txt': 'v3\n' }, 'after');

    const result = await runOssa(['review', '--commit', sha.slice(0, 9), '--title', 'Bump x'], {
      cwd: repo,
      env: { OSSA_HOME: reviewHome(s.url, { wireApi }) },
    });

    expect(result.code, result.stderr).toBe(0);
    const prompt = firstPrompt(s);
    expect(diffPaths(prompt).sort()).toEqual(['x.txt', 'y.txt']);
    expect(prompt).toContain('-v1\n+v2');
    expect(prompt).not.toContain('v3');
    expect(prompt).not.toContain('v0');
    expect(prompt).toContain('Title: Bump x');
  });
});

describe('ossa review defaults and arguments', () => {
  it('without a scope flag: uncommitted changes when there are any, else the branch against main — said aloud', async () => {
    const s = await serve({
      turns: [{ text: reviewJson([]) }, { text: reviewJson([]) }, { text: reviewJson([]) }],
    });
    const repo = reviewRepo({ 'a.txt': 'a\n' });
    git(repo, 'checkout', '-q', '-b', 'topic');
    commitFiles(repo, { 'topic.txt': 'topic work\n' }, 'topic');
    const env = { OSSA_HOME: reviewHome(s.url) };

    const clean = await runOssa(['review'], { cwd: repo, env });
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stderr).toContain(
      'no scope flag given and the working tree is clean: reviewing this branch against main',
    );
    expect(diffPaths(firstPrompt(s))).toEqual(['topic.txt']);

    writeFileSync(join(repo, 'a.txt'), 'a, edited\n');
    const dirty = await runOssa(['review'], { cwd: repo, env });
    expect(dirty.code, dirty.stderr).toBe(0);
    expect(dirty.stderr).toContain('no scope flag given: reviewing the uncommitted changes (1 file');
    expect(diffPaths(userTexts(modelCalls(s.requests)[1]!)[0]!)).toEqual(['a.txt']);

    git(repo, 'checkout', '-q', '--', 'a.txt');
    git(repo, 'checkout', '-q', 'main');
    const onMain = await runOssa(['review'], { cwd: repo, env });
    expect(onMain.stderr).toContain('reviewing the last commit (HEAD)');
  });

  it('PROMPT adds instructions, and `-` reads them from stdin', async () => {
    const s = await serve({ turns: [{ text: reviewJson([]) }, { text: reviewJson([]) }] });
    const repo = reviewRepo({ 'a.txt': 'a\n' });
    writeFileSync(join(repo, 'a.txt'), 'b\n');
    const env = { OSSA_HOME: reviewHome(s.url) };
    await runOssa(['review', '--uncommitted', 'focus on error handling'], { cwd: repo, env });
    expect(firstPrompt(s)).toContain('Additional instructions from the user:\nfocus on error handling');
    await runOssa(['review', '--uncommitted', '-'], { cwd: repo, env, input: 'check the locking\n' });
    expect(userTexts(modelCalls(s.requests)[1]!)[0]).toContain(
      'Additional instructions from the user:\ncheck the locking',
    );
  });

  it('refuses two scopes at once, an unknown branch, an option-looking revision and a bad --fail-on', async () => {
    const repo = reviewRepo({ 'a.txt': 'a\n' });
    const env = { OSSA_HOME: reviewHome('http://127.0.0.1:9/v1') };
    const both = await runOssa(['review', '--uncommitted', '--commit', 'HEAD'], { cwd: repo, env });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--uncommitted and --commit choose different changes');
    const unknown = await runOssa(['review', '--base', 'nope'], { cwd: repo, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--base nope: no such branch or commit');
    const optionLike = await runOssa(['review', '--commit=--output=/tmp/x'], { cwd: repo, env });
    expect(optionLike.code).toBe(2);
    expect(optionLike.stderr).toContain('expected a branch or commit name');
    const failOn = await runOssa(['review', '--fail-on', 'high'], { cwd: repo, env });
    expect(failOn.code).toBe(2);
    expect(failOn.stderr).toContain('expected a priority P0, P1, P2 or P3');
  });
});

describe('ossa review output', () => {
  const findings = (repo: string) =>
    reviewJson([
      { title: '[P2] Slow loop', path: join(repo, 'src/app.ts'), start: 3, priority: 2 },
      { title: '[P1] Wrong sign', path: join(repo, 'src/app.ts'), start: 2, priority: 1, confidence: 0.9 },
      { title: '[P1] Past the end', path: join(repo, 'src/app.ts'), start: 400, end: 402, priority: 1 },
      { title: '[P3] Not in the repo', path: '/etc/passwd', start: 1, priority: 3 },
      { title: '[P2] Old code', path: 'src/app.ts', start: 9, priority: 2 },
    ]);
  const source = [
    'const a = 1;',
    'const b = a - 1;',
    'for (;;) {}',
    '',
    '',
    '',
    '',
    '',
    'export { a };',
    '',
  ].join('\n');

  it('sorts by priority with path:line, flags locations outside the file or repository, and gates with --fail-on', async () => {
    const repo = reviewRepo({ 'src/app.ts': source });
    writeFileSync(
      join(repo, 'src/app.ts'),
      source.replace('a - 1', 'a + 1').replace('for (;;) {}', 'while (true) {}'),
    );
    const s = await serve({
      turns: [{ text: findings(repo) }, { text: findings(repo) }, { text: findings(repo) }],
    });
    const env = { OSSA_HOME: reviewHome(s.url) };

    const human = await runOssa(['review', '--uncommitted'], { cwd: repo, env });
    expect(human.code, human.stderr).toBe(0);
    const order = ['Wrong sign', 'Past the end', 'Slow loop', 'Old code', 'Not in the repo'].map((t) =>
      human.stdout.indexOf(t),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(human.stdout).toContain('[P1] Wrong sign — src/app.ts:2');
    expect(human.stdout).toContain(
      'src/app.ts:400-402  (location unverified: line 402 is past the end of the file (9 lines))',
    );
    expect(human.stdout).toContain('/etc/passwd:1  (location unverified: outside the repository)');
    expect(human.stdout).toContain('src/app.ts:9  (outside the changed lines)');
    expect(human.stdout).toContain('Verdict: patch is incorrect');

    const gated = await runOssa(['review', '--uncommitted', '--fail-on', 'P1'], { cwd: repo, env });
    expect(gated.code).toBe(3);
    expect(gated.stderr).toContain('--fail-on P1: 2 finding(s) at P1 or above');
    const lenient = await runOssa(['review', '--uncommitted', '--fail-on', 'P0'], { cwd: repo, env });
    expect(lenient.code).toBe(0);
  });

  it('--json prints one Codex review document and -o writes the same one', async () => {
    const repo = reviewRepo({ 'src/app.ts': source });
    writeFileSync(join(repo, 'src/app.ts'), source.replace('a - 1', 'a + 1'));
    const s = await serve({ turns: [{ text: findings(repo) }] });
    const out = join(tempDir('ossa-review-out-'), 'review.json');

    const result = await runOssa(['review', '--uncommitted', '--json', '-o', out], {
      cwd: repo,
      env: { OSSA_HOME: reviewHome(s.url) },
    });

    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(doc);
    expect(Object.keys(doc)).toEqual([
      'findings',
      'overall_correctness',
      'overall_explanation',
      'overall_confidence_score',
      'ossa',
    ]);
    expect(doc.findings.map((f: { priority: number }) => f.priority)).toEqual([1, 1, 2, 2, 3]);
    expect(doc.findings[0]).toMatchObject({
      title: '[P1] Wrong sign',
      confidence_score: 0.9,
      code_location: { absolute_file_path: join(repo, 'src/app.ts'), line_range: { start: 2, end: 2 } },
      location_check: { status: 'in-diff', path: 'src/app.ts' },
    });
    expect(doc.findings[1].location_check.status).toBe('unverified');
    expect(doc.overall_correctness).toBe('patch is incorrect');
    expect(doc.ossa.complete).toBe(true);
  });

  it('lists lock, generated, vendored and binary files without sending them', async () => {
    const repo = reviewRepo({ 'src/a.ts': 'a\n' });
    writeFiles(repo, {
      'src/a.ts': 'b\n',
      'package-lock.json': '{"lockfileVersion":3}\n',
      'dist/app.min.js': 'var a=1;\n',
      'vendor/lib/x.go': 'package x\n',
      'api/types.ts': '// Code generated by protoc. DO NOT EDIT.\nexport type T = 1;\n',
    });
    writeFileSync(join(repo, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
    const s = await serve({ turns: [{ text: reviewJson([]) }] });

    const result = await runOssa(['review', '--uncommitted', '--json'], {
      cwd: repo,
      env: { OSSA_HOME: reviewHome(s.url) },
    });

    expect(result.code, result.stderr).toBe(0);
    expect(diffPaths(firstPrompt(s))).toEqual(['src/a.ts']);
    const notSent = Object.fromEntries(
      JSON.parse(result.stdout).ossa.not_sent.map((f: { path: string; reason: string }) => [
        f.path,
        f.reason,
      ]),
    );
    expect(notSent).toEqual({
      'package-lock.json': 'lock file',
      'dist/app.min.js': 'generated',
      'vendor/lib/x.go': 'vendored',
      'api/types.ts': 'generated',
      'logo.png': 'binary',
    });
    expect(firstPrompt(s)).toContain('Changed but not shown (not reviewed): ');
  });
});
