// The review document: Codex's review object (what `ossa review --json` prints and `-o` writes;
// see docs/review.md), each finding with the location check ossa adds, and an `ossa` member.
// Plus its plain-text form, which `ossa review` prints and `/review` shows, so both say the same.
// Model text is escaped here: a finding's title or body never reaches a terminal raw.
import { escapeTerminalText } from './terminal-text.js';

export interface ReviewLocationCheck {
  /** `in-diff`: the lines are ones the change touched; `in-file`: inside the file, outside the change. */
  status: 'in-diff' | 'in-file' | 'unverified';
  /** Relative to the repository root when inside it. */
  path: string;
  reason?: string;
}

export interface ReviewDocumentFinding {
  title: string;
  body: string;
  confidence_score: number;
  priority: number;
  code_location: { absolute_file_path: string; line_range: { start: number; end: number } };
  location_check: ReviewLocationCheck;
}

export interface ReviewDocumentPart {
  files: string[];
  status: 'ok' | 'repaired' | 'retried' | 'failed';
  repairs?: string[];
  problem?: string;
  raw_reply?: string;
}

export interface ReviewDocument {
  findings: ReviewDocumentFinding[];
  /** '' when nothing could be reviewed (no change, or no usable reply): not a verdict. */
  overall_correctness: 'patch is correct' | 'patch is incorrect' | '';
  overall_explanation: string;
  overall_confidence_score: number;
  ossa: {
    description: string;
    default_scope?: string;
    root: string;
    /** Every part produced a usable review. */
    complete: boolean;
    window_tokens: number | null;
    parts: ReviewDocumentPart[];
    not_sent: { path: string; reason: string }[];
    session_id?: string;
  } & Record<string, unknown>;
}

/** `src/a.ts:12` or `src/a.ts:12-14`. */
export function findingPlace(finding: ReviewDocumentFinding): string {
  const { start, end } = finding.code_location.line_range;
  return `${finding.location_check.path}:${start}${end > start ? `-${end}` : ''}`;
}

export function reviewText(doc: ReviewDocument): string {
  const out: string[] = [];
  const safe = escapeTerminalText;
  const count = doc.findings.length;
  out.push(
    `Review of ${doc.ossa.description}: ${count === 0 ? 'no findings' : `${count} finding${count === 1 ? '' : 's'}`}`,
  );
  for (const finding of doc.findings) {
    const title = safe(finding.title.trim());
    const tagged = /^\[P[0-3]\]/i.test(title) ? title : `[P${finding.priority}] ${title}`;
    const check = finding.location_check;
    const flag =
      check.status === 'unverified'
        ? `  (location unverified: ${safe(check.reason ?? 'not checked')})`
        : check.status === 'in-file'
          ? `  (${safe(check.reason ?? 'outside the change')})`
          : '';
    out.push('', `${tagged} — ${safe(findingPlace(finding))}${flag}`);
    out.push(`  confidence ${finding.confidence_score.toFixed(2)}`);
    for (const line of safe(finding.body.trim()).split('\n')) out.push(`  ${line}`);
  }
  out.push('');
  if (doc.overall_correctness) {
    out.push(`Verdict: ${doc.overall_correctness} (confidence ${doc.overall_confidence_score.toFixed(2)})`);
  } else {
    out.push('Verdict: none');
  }
  for (const line of safe(doc.overall_explanation.trim()).split('\n')) out.push(`  ${line}`);
  const failed = doc.ossa.parts.filter((part) => part.status === 'failed');
  for (const part of failed)
    out.push(`Not reviewed: ${safe(part.files.join(', '))} — ${safe(part.problem ?? '')}`);
  if (doc.ossa.not_sent.length > 0) {
    out.push(
      `Not sent: ${safe(doc.ossa.not_sent.map((file) => `${file.path} (${file.reason})`).join(', '))}`,
    );
  }
  return `${out.join('\n')}\n`;
}
