// The one JSON document `ossa review --json` prints and `-o FILE` writes: Codex's review object
// (findings, overall_correctness, overall_explanation, overall_confidence_score) — each finding
// with an extra `location_check` — and an `ossa` member with what a CI log needs to know: the
// scope, the parts, the files not sent, failures and the saved session. Consumers that read only
// Codex's keys see exactly Codex's shape.
import type { ReviewDocument } from '../../protocol/review-document.js';
import type { ReviewReport } from './run-review.js';

export function reviewDocument(report: ReviewReport): ReviewDocument {
  return {
    findings: report.findings.map(({ finding, location }) => ({ ...finding, location_check: location })),
    overall_correctness: report.verdict.overall_correctness,
    overall_explanation: report.verdict.overall_explanation,
    overall_confidence_score: report.verdict.overall_confidence_score,
    ossa: {
      scope: report.scope,
      description: report.description,
      ...(report.defaulted ? { default_scope: report.defaulted } : {}),
      root: report.root,
      complete: report.complete,
      window_tokens: report.budget?.window ?? null,
      parts: report.parts.map((part) => ({
        files: part.files,
        status: part.status,
        ...(part.repairs.length > 0 ? { repairs: part.repairs } : {}),
        ...(part.problem ? { problem: part.problem } : {}),
        ...(part.rawReply !== undefined ? { raw_reply: part.rawReply } : {}),
      })),
      not_sent: report.skipped,
      ...(report.sessionId ? { session_id: report.sessionId } : {}),
    },
  };
}
