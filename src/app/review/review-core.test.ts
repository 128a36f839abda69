// The pure parts of a review: diff parsing (quoted paths, binary, renames), hunk splitting that
// keeps line numbers right, planning under a budget, reply parsing, location checks and merging.
import { describe, expect, it } from 'vitest';
import { skipReason } from './classify-files.js';
import { mergeFindings, mergeVerdict } from './merge-findings.js';
import { parseGitDiff } from './parse-diff.js';
import { parseReviewReply } from './parse-review.js';
import { budgetTokens, planParts, splitHunk } from './plan-parts.js';
import type { ReviewFinding } from './review-schema.js';
import { verifyLocation } from './verify-locations.js';

const DIFF = [
  'diff --git "a/sp ace\\tx.ts" "b/sp ace\\tx.ts"',
  'index 1..2 100644',
  '--- "a/sp ace\\tx.ts"',
  '+++ "b/sp ace\\tx.ts"',
  '@@ -1,2 +1,3 @@',
  ' keep',
  '-old',
  '+new',
  '+more',
  'diff --git a/img.png b/img.png',
  'new file mode 100644',
  'Binary files /dev/null and b/img.png differ',
  'diff --git a/old name.ts b/new name.ts',
  'similarity index 90%',
  'rename from old name.ts',
  'rename to new name.ts',
  '@@ -5 +5 @@',
  '-x',
  '+y',
  'diff --git a/gone.ts b/gone.ts',
  'deleted file mode 100644',
  '--- a/gone.ts',
  '+++ /dev/null',
  '@@ -1,2 +0,0 @@',
  '-a',
  '-b',
  '',
].join('\n');

const finding = (
  path: string,
  start: number,
  end = start,
  extra: Partial<ReviewFinding> = {},
): ReviewFinding => ({
  title: 'Bug',
  body: 'b',
  confidence_score: 0.5,
  priority: 1,
  code_location: { absolute_file_path: path, line_range: { start, end } },
  ...extra,
});

describe('parseGitDiff', () => {
  it('reads C-quoted paths, binary files, renames and deletions', () => {
    const files = parseGitDiff(DIFF);
    expect(files.map((f) => [f.path, f.status, f.binary])).toEqual([
      ['sp ace\tx.ts', 'modified', false],
      ['img.png', 'added', true],
      ['new name.ts', 'renamed', false],
      ['gone.ts', 'deleted', false],
    ]);
    expect(files[2]!.oldPath).toBe('old name.ts');
    expect(files[0]!.hunks[0]).toMatchObject({ oldStart: 1, oldLines: 2, newStart: 1, newLines: 3 });
    expect(skipReason(files[1]!)).toBe('binary');
  });
});

describe('splitHunk', () => {
  it('cuts a hunk into runs whose headers count their own lines', () => {
    const body = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 0 ? `-old ${i}` : i % 3 === 1 ? `+new ${i}` : ` ctx ${i}`,
    );
    const [file] = parseGitDiff(
      ['diff --git a/f b/f', '--- a/f', '+++ b/f', '@@ -10,40 +20,40 @@', ...body, ''].join('\n'),
    );
    const pieces = splitHunk(file!.hunks[0]!, 40);
    expect(pieces.length).toBeGreaterThan(3);
    let oldLine = 10;
    let newLine = 20;
    for (const piece of pieces) {
      const lines = piece.text.trimEnd().split('\n').slice(1);
      expect(piece.oldStart).toBe(oldLine);
      expect(piece.newStart).toBe(newLine);
      expect(piece.oldLines).toBe(lines.filter((l) => !l.startsWith('+')).length);
      expect(piece.newLines).toBe(lines.filter((l) => !l.startsWith('-')).length);
      oldLine += piece.oldLines;
      newLine += piece.newLines;
      expect(budgetTokens(piece.text)).toBeLessThanOrEqual(40 + 10);
    }
    expect(pieces.flatMap((p) => p.text.trimEnd().split('\n').slice(1))).toEqual(body);
  });
});

describe('planParts', () => {
  it('keeps small files whole and in order, and puts a big file in hunk groups under the budget', () => {
    const small = (name: string) =>
      `diff --git a/${name} b/${name}\n--- a/${name}\n+++ b/${name}\n@@ -1 +1 @@\n-a\n+b\n`;
    const bigHunks = Array.from(
      { length: 20 },
      (_, i) => `@@ -${i * 10 + 1},1 +${i * 10 + 1},1 @@\n-${'x'.repeat(60)}\n+${'y'.repeat(60)}\n`,
    ).join('');
    const files = parseGitDiff(
      `${small('a')}diff --git a/big b/big\n--- a/big\n+++ b/big\n${bigHunks}${small('z')}`,
    );
    const parts = planParts(files, 200);
    for (const part of parts)
      expect(part.reduce((sum, chunk) => sum + chunk.tokens, 0)).toBeLessThanOrEqual(200);
    const order = parts.flat().map((chunk) => chunk.file.path);
    expect(order[0]).toBe('a');
    expect(order.at(-1)).toBe('z');
    const bigPieces = parts.flat().filter((chunk) => chunk.file.path === 'big');
    expect(bigPieces.length).toBeGreaterThan(1);
    expect(bigPieces.flatMap((chunk) => chunk.hunks)).toHaveLength(20);
  });
});

describe('parseReviewReply', () => {
  const valid = JSON.stringify({
    findings: [finding('/r/a.ts', 3)],
    overall_correctness: 'patch is incorrect',
    overall_explanation: 'e',
    overall_confidence_score: 0.6,
  });
  it('accepts the schema, prose around it, and a missing priority taken from a [P2] title', () => {
    expect(parseReviewReply(valid)).toMatchObject({ ok: true, repairs: [] });
    const untagged = valid.replace('"priority":1,', '').replace('"Bug"', '"[P2] Bug"');
    const parsed = parseReviewReply(`Sure! ${untagged} Hope this helps.`);
    expect(parsed.ok && parsed.output.findings[0]!.priority).toBe(2);
  });
  it('names what is wrong and invents nothing', () => {
    const noVerdict = parseReviewReply(valid.replace('"overall_correctness":"patch is incorrect",', ''));
    expect(noVerdict).toEqual({
      ok: false,
      problem: expect.stringContaining('overall_correctness is required'),
    });
    expect(parseReviewReply('{"findings": [')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('cut off'),
    });
    expect(parseReviewReply(valid.replace('"patch is incorrect"', '"maybe"'))).toMatchObject({ ok: false });
  });
});

describe('verifyLocation', () => {
  const files = parseGitDiff(DIFF);
  const context = {
    root: '/r',
    files,
    lineCount: (path: string) => ({ 'sp ace\tx.ts': 3, 'other.ts': 10, 'gone.ts': 2 })[path],
  };
  it('tells lines in the change from lines elsewhere in the file and from lines that do not exist', () => {
    expect(verifyLocation(finding('/r/sp ace\tx.ts', 2), context).status).toBe('in-diff');
    expect(verifyLocation(finding('b/sp ace\tx.ts', 2), context)).toMatchObject({
      status: 'in-diff',
      path: 'sp ace\tx.ts',
    });
    expect(verifyLocation(finding('other.ts', 4), context)).toMatchObject({
      status: 'in-file',
      reason: 'the file is not part of the change',
    });
    expect(verifyLocation(finding('/r/sp ace\tx.ts', 3, 9), context)).toMatchObject({
      status: 'unverified',
      reason: expect.stringContaining('line 9 is past the end'),
    });
    expect(verifyLocation(finding('/elsewhere/x.ts', 1), context)).toMatchObject({
      status: 'unverified',
      reason: 'outside the repository',
    });
    expect(verifyLocation(finding('../../etc/passwd', 1), context).status).toBe('unverified');
    expect(verifyLocation(finding('missing.ts', 1), context).status).toBe('unverified');
    expect(verifyLocation(finding('gone.ts', 2), context).status).toBe('in-diff');
  });
});

describe('merging parts', () => {
  it('counts the same finding from two parts once, keeping the more severe, and sorts by priority', () => {
    const merged = mergeFindings([
      {
        index: 0,
        path: 'a.ts',
        finding: finding('a.ts', 5, 8, { title: '[P2] Null check missing', priority: 2 }),
      },
      { index: 1, path: 'b.ts', finding: finding('b.ts', 1, 1, { title: 'Other', priority: 3 }) },
      {
        index: 2,
        path: 'a.ts',
        finding: finding('a.ts', 7, 9, { title: '[P1] null check missing', priority: 1 }),
      },
      {
        index: 3,
        path: 'a.ts',
        finding: finding('a.ts', 40, 41, { title: 'Null check missing', priority: 2 }),
      },
    ]);
    expect(merged.map((m) => m.index)).toEqual([2, 3, 1]);
  });
  it('is incorrect when any part is, and explains with the parts that decided it', () => {
    const output = (correct: boolean, explanation: string, score: number) => ({
      findings: [],
      overall_correctness: correct ? ('patch is correct' as const) : ('patch is incorrect' as const),
      overall_explanation: explanation,
      overall_confidence_score: score,
    });
    const verdict = mergeVerdict([
      { label: 'a.ts', output: output(true, 'fine', 0.9) },
      { label: 'b.ts', output: output(false, 'b breaks', 0.6) },
    ]);
    expect(verdict).toEqual({
      overall_correctness: 'patch is incorrect',
      overall_explanation: 'b.ts: b breaks',
      overall_confidence_score: 0.6,
    });
    expect(
      mergeVerdict([
        { label: 'a', output: output(true, 'x', 0.9) },
        { label: 'b', output: output(true, 'y', 0.5) },
      ]).overall_confidence_score,
    ).toBe(0.5);
  });
});
