// Splits a change into parts that each fit the diff budget: whole files where they fit, big files
// by groups of consecutive hunks, and a hunk bigger than the budget by runs of its lines (each
// run with a correct `@@` header of its own). Files stay in order and a file's pieces stay
// together in order. Pure.
import { estimateTokens } from '../../protocol/token-estimate.js';
import { type DiffHunk, type FileDiff, fileDiffText } from './parse-diff.js';

/** A file, or some of its hunks, as sent in one part. */
export interface ReviewChunk {
  file: FileDiff;
  hunks: DiffHunk[];
  /** `2/3` when the file is split, counted over its pieces. */
  piece?: { index: number; count: number };
  text: string;
  tokens: number;
}

export type ReviewPart = ReviewChunk[];

/** Tokens a text is budgeted at: ossa's one estimate (protocol/token-estimate.ts). */
export function budgetTokens(text: string): number {
  return estimateTokens(text);
}

export function planParts(files: FileDiff[], budget: number): ReviewPart[] {
  const chunks = files.flatMap((file) => chunksOf(file, budget));
  const parts: ReviewPart[] = [];
  let current: ReviewPart = [];
  let used = 0;
  for (const chunk of chunks) {
    if (current.length > 0 && used + chunk.tokens > budget) {
      parts.push(current);
      current = [];
      used = 0;
    }
    current.push(chunk);
    used += chunk.tokens;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

function chunksOf(file: FileDiff, budget: number): ReviewChunk[] {
  const whole = fileDiffText(file);
  if (budgetTokens(whole) <= budget || file.hunks.length === 0) {
    return [{ file, hunks: file.hunks, text: whole, tokens: budgetTokens(whole) }];
  }
  const room = Math.max(1, budget - budgetTokens(file.header));
  const hunks = file.hunks.flatMap((hunk) =>
    budgetTokens(hunk.text) <= room ? [hunk] : splitHunk(hunk, room),
  );
  const groups: DiffHunk[][] = [];
  let group: DiffHunk[] = [];
  let used = 0;
  for (const hunk of hunks) {
    const tokens = budgetTokens(hunk.text);
    if (group.length > 0 && used + tokens > room) {
      groups.push(group);
      group = [];
      used = 0;
    }
    group.push(hunk);
    used += tokens;
  }
  if (group.length > 0) groups.push(group);
  return groups.map((hunksOfGroup, index) => {
    const text = file.header + hunksOfGroup.map((hunk) => hunk.text).join('');
    return {
      file,
      hunks: hunksOfGroup,
      piece: { index: index + 1, count: groups.length },
      text,
      tokens: budgetTokens(text),
    };
  });
}

/** A hunk cut into runs of lines that fit `room`, each a valid hunk with its own line numbers. */
export function splitHunk(hunk: DiffHunk, room: number): DiffHunk[] {
  const lines = hunk.text.split('\n').slice(1);
  if (lines.at(-1) === '') lines.pop();
  const pieces: DiffHunk[] = [];
  let oldLine = hunk.oldStart;
  let newLine = hunk.newStart;
  let body: string[] = [];
  let counts = { old: 0, new: 0 };
  let start = { old: oldLine, new: newLine };
  const flush = () => {
    if (body.length === 0) return;
    // An empty side names the line before it, as git writes it (`-0,0` for a new file).
    const at = (line: number, count: number) => (count === 0 ? Math.max(0, line - 1) : line);
    const header = `@@ -${at(start.old, counts.old)},${counts.old} +${at(start.new, counts.new)},${counts.new} @@`;
    pieces.push({
      header,
      oldStart: start.old,
      oldLines: counts.old,
      newStart: start.new,
      newLines: counts.new,
      text: `${header}\n${body.map((line) => `${line}\n`).join('')}`,
    });
    body = [];
    counts = { old: 0, new: 0 };
    start = { old: oldLine, new: newLine };
  };
  let used = 0;
  for (const line of lines) {
    const tokens = budgetTokens(`${line}\n`);
    // `\ No newline at end of file` belongs to the line before it.
    if (body.length > 0 && used + tokens > room && !line.startsWith('\\')) {
      flush();
      used = 0;
    }
    body.push(line);
    used += tokens;
    if (line.startsWith('-')) {
      counts.old++;
      oldLine++;
    } else if (line.startsWith('+')) {
      counts.new++;
      newLine++;
    } else if (!line.startsWith('\\')) {
      counts.old++;
      counts.new++;
      oldLine++;
      newLine++;
    }
  }
  flush();
  return pieces;
}
