// `ossa review` where things go wrong or get big: a change that does not fit a small window is
// reviewed in parts (by file, a big file by hunk groups) and merged; review JSON that is broken is
// repaired, retried once with the server's structured output, or reported with the raw text; the
// review is saved as a session `exec resume` continues; a hostile repository runs no programs.
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
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
import {
  type ScriptedModelServer,
  type ScriptedTurn,
  startScriptedModelServer,
} from '../kit/scripted-model-server.js';
import { tempDir } from '../kit/workspace.js';

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const lines = (count: number, make: (i: number) => string) =>
  `${Array.from({ length: count }, (_, i) => make(i)).join('\n')}\n`;

describe('a change larger than the window', () => {
  it('is reviewed in parts that each fit, every hunk exactly once, findings merged and the verdict over all parts', async () => {
    const files: Record<string, string> = {};
    for (const name of ['f1', 'f2', 'f3', 'f4'])
      files[`src/${name}.ts`] = lines(150, (i) => `export const ${name}_${i} = ${i}; // original line`);
    files['src/big.ts'] = lines(2000, (i) => `export const big_${i} = ${i}; // original`);
    const repo = reviewRepo(files);
    for (const name of ['f1', 'f2', 'f3', 'f4'])
      writeFileSync(
        join(repo, `src/${name}.ts`),
        lines(150, (i) => `export const ${name}_${i} = ${i + 1}; // changed line`),
      );
    writeFileSync(
      join(repo, 'src/big.ts'),
      lines(2000, (i) =>
        i % 20 === 0
          ? `export const big_${i} = ${i * 2}; // changed`
          : `export const big_${i} = ${i}; // original`,
      ),
    );
    const bigHunks = (git(repo, 'diff', '-U3', '--', 'src/big.ts').match(/^@@ /gm) ?? []).length;

    const turns: ScriptedTurn[] = Array.from({ length: 40 }, (_, i) =>
      i === 1
        ? {
            text: reviewJson(
              [{ title: '[P1] Off by one', path: join(repo, 'src/f2.ts'), start: 5, priority: 1 }],
              'patch is incorrect',
              'f2 is off by one.',
            ),
          }
        : { text: reviewJson([], 'patch is correct', `part ${i + 1} is fine.`) },
    );
    server = await startScriptedModelServer({ turns });
    const window = 8192;
    const env = { OSSA_HOME: reviewHome(server.url, { window, wireApi: 'chat' }) };
    const result = await runOssa(['review', '--uncommitted', '--json'], { cwd: repo, env });

    expect(result.code, result.stderr).toBe(0);
    const parts = Number(/reviewing it in (\d+) parts/.exec(result.stderr)?.[1]);
    expect(parts).toBeGreaterThanOrEqual(3);
    const calls = modelCalls(server.requests);
    expect(calls).toHaveLength(parts);
    const prompts = calls.map((call) => userTexts(call)[0]!);
    // Each request fits the window (the server's own count is about 4 characters a token).
    for (const call of calls) expect(call.rawBody.length / 4).toBeLessThan(window);
    expect(new Set(prompts.flatMap(diffPaths))).toEqual(
      new Set(['src/f1.ts', 'src/f2.ts', 'src/f3.ts', 'src/f4.ts', 'src/big.ts']),
    );
    // The big file went in pieces, every hunk of it once.
    const bigPrompts = prompts.filter((prompt) => diffPaths(prompt).includes('src/big.ts'));
    expect(bigPrompts.length).toBeGreaterThanOrEqual(2);
    const sentBigHunks = bigPrompts.map(
      (prompt) =>
        prompt
          .slice(prompt.indexOf('diff --git a/src/big.ts'))
          .split(/\ndiff --git /)[0]!
          .match(/^@@ /gm)?.length ?? 0,
    );
    expect(sentBigHunks.reduce((a, b) => a + b, 0)).toBe(bigHunks);
    expect(prompts[0]).toContain(`reviewed in ${parts} parts; this is part 1`);

    const doc = JSON.parse(result.stdout);
    expect(doc.overall_correctness).toBe('patch is incorrect');
    expect(doc.overall_explanation).toContain('f2 is off by one.');
    expect(doc.findings).toHaveLength(1);
    expect(doc.findings[0].location_check).toMatchObject({ status: 'in-diff', path: 'src/f2.ts' });
    expect(doc.ossa.parts).toHaveLength(parts);

    // The merged review is one saved session, and `exec resume` continues from it.
    server.setTurns([{ text: 'The P1 is in src/f2.ts line 5.' }]);
    const resumed = await runOssa(['exec', 'resume', doc.ossa.session_id, 'where is the P1?'], {
      cwd: repo,
      env,
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    const followUp = JSON.stringify(modelCalls(server.requests).at(-1)!.body);
    expect(followUp).toContain(`reviewed in ${parts} parts`);
    expect(followUp).toContain('Off by one');
  });

  it('says so when the window cannot hold the instructions and a diff at all', async () => {
    const repo = reviewRepo({ 'a.txt': 'a\n' });
    writeFileSync(join(repo, 'a.txt'), 'b\n');
    server = await startScriptedModelServer({ turns: [] });
    const result = await runOssa(['review', '--uncommitted'], {
      cwd: repo,
      env: { OSSA_HOME: reviewHome(server.url, { window: 2048 }) },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is too small to review with');
    expect(modelCalls(server.requests)).toHaveLength(0);
  });
});

describe.each(['responses', 'chat'] as const)('review JSON that is not right (%s wire)', (wireApi) => {
  function changed() {
    const repo = reviewRepo({ 'a.ts': 'let x = 1;\n' });
    writeFileSync(join(repo, 'a.ts'), 'let x = 2;\n');
    return repo;
  }
  const good = (repo: string) =>
    reviewJson([{ title: '[P2] x changed', path: join(repo, 'a.ts'), start: 1, priority: 2 }]);

  it('is repaired when the repair stage can fix it (fence, prose, trailing comma, numbers as strings): one request', async () => {
    const repo = changed();
    const broken = `Here is my review:\n\`\`\`json\n${good(repo).replace('"priority":2', '"priority":"2"').replace(/}$/, ',}')}\n\`\`\``;
    server = await startScriptedModelServer({ turns: [{ text: broken }] });
    const result = await runOssa(['review', '--uncommitted', '--json'], {
      cwd: repo,
      env: { OSSA_HOME: reviewHome(server.url, { wireApi }) },
    });
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.findings[0].priority).toBe(2);
    expect(doc.ossa.parts[0].status).toBe('repaired');
    expect(modelCalls(server.requests)).toHaveLength(1);
  });

  it('is retried once with the problem and the schema (no tools), and the constrained answer is used', async () => {
    const repo = changed();
    server = await startScriptedModelServer({
      turns: [
        { text: '{"findings": [{"title": "x"}]}' },
        { text: 'I think it is fine.', structuredText: good(repo) },
      ],
    });
    const result = await runOssa(['review', '--uncommitted', '--json'], {
      cwd: repo,
      env: { OSSA_HOME: reviewHome(server.url, { wireApi }) },
    });
    expect(result.code, result.stderr).toBe(0);
    const [first, retry] = modelCalls(server.requests);
    expect(first!.responseSchema).toBeUndefined();
    expect(retry!.responseSchema).toMatchObject({
      required: ['findings', 'overall_correctness', 'overall_explanation', 'overall_confidence_score'],
    });
    expect(toolNames(retry!)).toEqual([]);
    const retryText = userTexts(retry!).at(-1)!;
    expect(retryText).toContain(
      'Your reply could not be used: the reply does not match the review schema: overall_correctness is required;',
    );
    expect(retryText).toContain('findings[0].body is required');
    expect(result.stderr).toContain('asking once more');
    const doc = JSON.parse(result.stdout);
    expect(doc.ossa.parts[0].status).toBe('retried');
    expect(doc.findings[0].title).toBe('[P2] x changed');
  });

  it('is reported with the raw text when the retry is no better: exit 1, no verdict invented', async () => {
    const repo = changed();
    server = await startScriptedModelServer({
      turns: [{ text: 'Looks good to me!' }, { text: 'Really, it is fine.' }],
    });
    const human = await runOssa(['review', '--uncommitted'], {
      cwd: repo,
      env: { OSSA_HOME: reviewHome(server.url, { wireApi }) },
    });
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('Verdict: none');
    expect(human.stdout).toContain('Really, it is fine.');
    expect(human.stdout).toContain('the reply is not JSON');

    server.setTurns([{ text: 'Looks good to me!' }, { text: 'Really, it is fine.' }]);
    const json = await runOssa(['review', '--uncommitted', '--json'], {
      cwd: repo,
      env: { OSSA_HOME: reviewHome(server.url, { wireApi }) },
    });
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.overall_correctness).toBe('');
    expect(doc.ossa.complete).toBe(false);
    expect(doc.ossa.parts[0]).toMatchObject({ status: 'failed', raw_reply: 'Really, it is fine.' });
  });
});

describe('the reviewer', () => {
  it('reads files with the shell tool inside a read-only sandbox, and the single-part session is resumable', async () => {
    const repo = reviewRepo({ 'a.ts': 'let x = 1;\n', 'helper.ts': 'export const y = 1;\n' });
    writeFileSync(join(repo, 'a.ts'), 'let x = 2;\n');
    server = await startScriptedModelServer({
      turns: [
        { toolCalls: [{ name: 'shell', arguments: { command: ['cat', 'helper.ts'] } }] },
        { toolCalls: [{ name: 'shell', arguments: { command: ['sh', '-c', 'echo hacked > a.ts'] } }] },
        { text: reviewJson([]) },
      ],
    });
    const env = { OSSA_HOME: reviewHome(server.url) };
    const result = await runOssa(['review', '--uncommitted', '-s', 'danger-full-access', '--json'], {
      cwd: repo,
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    const outputs = JSON.stringify(modelCalls(server.requests)[2]!.body);
    expect(outputs).toContain('export const y = 1;');
    // -s danger-full-access does not reach the reviewer: the write was refused.
    expect(git(repo, 'diff', '--', 'a.ts')).toContain('+let x = 2;');
    const id = JSON.parse(result.stdout).ossa.session_id;
    server.setTurns([{ text: 'It reads helper.ts.' }]);
    const resumed = await runOssa(['exec', 'resume', id, 'what did you read?'], { cwd: repo, env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.stringify(modelCalls(server.requests).at(-1)!.body)).toContain(
      'Change under review: the uncommitted changes',
    );
  });

  it('runs no program a hostile repository configures (fsmonitor, filters, textconv, external diff, pager, hooks)', async () => {
    const repo = reviewRepo({ 'a.txt': 'one\n' });
    const marks = tempDir('ossa-review-marks-');
    const payload = (name: string) => {
      const script = join(marks, `${name}.sh`);
      writeFileSync(script, `#!/bin/sh\ntouch ${join(marks, `ran-${name}`)}\ncat\n`);
      chmodSync(script, 0o755);
      return script;
    };
    git(repo, 'config', 'core.fsmonitor', payload('fsmonitor'));
    git(repo, 'config', 'filter.evil.clean', payload('clean'));
    git(repo, 'config', 'diff.evil.textconv', payload('textconv'));
    git(repo, 'config', 'diff.evil.command', payload('diffdriver'));
    git(repo, 'config', 'diff.external', payload('external'));
    git(repo, 'config', 'core.pager', payload('pager'));
    writeFileSync(join(repo, '.gitattributes'), '* filter=evil diff=evil\n');
    writeFileSync(join(repo, 'a.txt'), 'two\n');
    writeFileSync(join(repo, 'b.txt'), 'untracked\n');
    server = await startScriptedModelServer({ turns: [{ text: reviewJson([]) }] });
    const result = await runOssa(['review', '--uncommitted'], {
      cwd: repo,
      env: { OSSA_HOME: reviewHome(server.url) },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(diffPaths(userTexts(modelCalls(server.requests)[0]!)[0]!).sort()).toEqual([
      '.gitattributes',
      'a.txt',
      'b.txt',
    ]);
    expect(readdirSync(marks).filter((name) => name.startsWith('ran-'))).toEqual([]);
    expect(existsSync(join(marks, 'ran-fsmonitor'))).toBe(false);
  });
});
