// The parts of a review → one ReviewOutput: findings pooled and de-duplicated (the same file,
// overlapping lines and the same title count once, keeping the more severe and then the more
// confident), sorted by priority; the verdict over all parts — incorrect when any part found the
// patch incorrect — with the explanations of the parts that decided it. Pure.
import { CORRECT, INCORRECT, type ReviewFinding, type ReviewOutput } from './review-schema.js';

export interface PartResult {
  /** `src/a.ts, src/b.ts (hunks 1–3 of 5)`: what the part covered, for multi-part explanations. */
  label: string;
  output: ReviewOutput;
}

export interface MergedFinding {
  finding: ReviewFinding;
  /** The caller's index of the finding (to find its other facts again). */
  index: number;
  /** The relative path used to compare locations. */
  path: string;
}

export function mergeFindings(findings: MergedFinding[]): MergedFinding[] {
  const kept: MergedFinding[] = [];
  for (const candidate of findings) {
    const same = kept.findIndex((existing) => duplicates(existing, candidate));
    if (same < 0) kept.push(candidate);
    else if (better(candidate.finding, kept[same]!.finding)) kept[same] = candidate;
  }
  return kept.sort(
    (a, b) =>
      a.finding.priority - b.finding.priority ||
      b.finding.confidence_score - a.finding.confidence_score ||
      a.path.localeCompare(b.path) ||
      a.finding.code_location.line_range.start - b.finding.code_location.line_range.start,
  );
}

function duplicates(a: MergedFinding, b: MergedFinding): boolean {
  if (a.path !== b.path) return false;
  const ra = a.finding.code_location.line_range;
  const rb = b.finding.code_location.line_range;
  if (ra.start > rb.end || rb.start > ra.end) return false;
  const ta = titleKey(a.finding.title);
  const tb = titleKey(b.finding.title);
  return ta === tb || (ta.length > 8 && tb.length > 8 && (ta.includes(tb) || tb.includes(ta)));
}

function titleKey(title: string): string {
  return title
    .replace(/^\s*\[P[0-3]\]\s*/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function better(a: ReviewFinding, b: ReviewFinding): boolean {
  return a.priority < b.priority || (a.priority === b.priority && a.confidence_score > b.confidence_score);
}

export function mergeVerdict(parts: PartResult[]): Omit<ReviewOutput, 'findings'> {
  if (parts.length === 1) {
    const { findings: _findings, ...verdict } = parts[0]!.output;
    return verdict;
  }
  const incorrect = parts.filter((part) => part.output.overall_correctness === INCORRECT);
  const deciding = incorrect.length > 0 ? incorrect : parts;
  const scores = deciding.map((part) => part.output.overall_confidence_score);
  return {
    overall_correctness: incorrect.length > 0 ? INCORRECT : CORRECT,
    overall_explanation: deciding
      .map((part) => `${part.label}: ${part.output.overall_explanation.trim()}`)
      .join('\n'),
    // Incorrect: as sure as the surest part that says so. Correct: only as sure as the least sure part.
    overall_confidence_score: incorrect.length > 0 ? Math.max(...scores) : Math.min(...scores),
  };
}
