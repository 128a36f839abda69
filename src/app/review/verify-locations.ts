// Every finding's location, checked against the change and the file: a path inside the
// repository, a file that exists in the reviewed version, lines inside it — and whether the lines
// are ones the change touched. A location that fails is flagged `unverified` (shown as such,
// never silently as if it were right). Pure: file lengths come from the caller.
import { isAbsolute, relative } from 'node:path';
import { changedNewRanges, type FileDiff } from './parse-diff.js';
import type { ReviewFinding } from './review-schema.js';

export type LocationStatus = 'in-diff' | 'in-file' | 'unverified';

export interface LocationCheck {
  status: LocationStatus;
  /** Relative to the repository root when the path is inside it, else as the model gave it. */
  path: string;
  /** Why it is unverified, or that it lies outside the changed lines. */
  reason?: string;
}

export interface VerifyContext {
  root: string;
  files: FileDiff[];
  /**
   * Lines of the file in the reviewed version (the old one for a deleted file); undefined when
   * there is no such file.
   */
  lineCount: (path: string, side: 'new' | 'old') => number | undefined;
}

export function verifyLocation(finding: ReviewFinding, context: VerifyContext): LocationCheck {
  const given = finding.code_location.absolute_file_path.trim();
  const { start, end } = finding.code_location.line_range;
  const path = repositoryPath(given, context.root, context.files);
  if (path === undefined) return { status: 'unverified', path: given, reason: 'outside the repository' };
  const file = context.files.find((candidate) => candidate.path === path);
  const side = file?.status === 'deleted' ? 'old' : 'new';
  const lines = context.lineCount(path, side);
  if (lines === undefined)
    return { status: 'unverified', path, reason: 'no such file in the reviewed version' };
  if (end > lines || start > lines) {
    return {
      status: 'unverified',
      path,
      reason: `line ${end > lines ? end : start} is past the end of the file (${lines} line${lines === 1 ? '' : 's'})`,
    };
  }
  if (!file) return { status: 'in-file', path, reason: 'the file is not part of the change' };
  const ranges =
    side === 'old'
      ? file.hunks.map((hunk) => ({ start: hunk.oldStart, end: hunk.oldStart + hunk.oldLines - 1 }))
      : changedNewRanges(file);
  const touches = ranges.some((range) => start <= range.end && end >= range.start);
  return touches
    ? { status: 'in-diff', path }
    : { status: 'in-file', path, reason: 'outside the changed lines' };
}

/** The path relative to the root, for absolute paths inside it and relative ones; else undefined. */
export function repositoryPath(given: string, root: string, files: FileDiff[]): string | undefined {
  let path = given.trim().replace(/\\/g, '/');
  if (isAbsolute(path)) {
    const inside = relative(root, path);
    if (inside.startsWith('..') || isAbsolute(inside) || inside === '') return undefined;
    return inside;
  }
  path = path.replace(/^\.\//, '');
  if (path.split('/').includes('..')) return undefined;
  // Models copy the diff's `a/` / `b/` prefixes.
  const unprefixed = path.replace(/^[ab]\//, '');
  if (unprefixed !== path && files.some((file) => file.path === unprefixed)) return unprefixed;
  return path;
}
