// The reviewer's reply → a ReviewOutput. The repair stage does the lenient part (code fences,
// prose around the object, trailing commas and other JSON slips, numbers sent as strings, enum
// values in another case); what is still wrong after that is a problem to send back to the model
// (one retry) and, failing that, to report with the raw text. Nothing is guessed: a missing
// verdict or confidence is a problem, not a default.
import { checkAgainstSchema, isObject } from '../../repair/json-schema-check.js';
import { parseJsonText } from '../../repair/parse-json-text.js';
import { coerceToSchema } from '../../repair/schema-coerce.js';
import { REVIEW_OUTPUT_SCHEMA, type ReviewOutput } from './review-schema.js';

export type ReviewParse =
  | { ok: true; output: ReviewOutput; repairs: string[] }
  | { ok: false; problem: string };

const MAX_ISSUES_SHOWN = 6;

export function parseReviewReply(text: string): ReviewParse {
  const parsed = parseJsonText(extractObjectText(text));
  if (!parsed.ok) return { ok: false, problem: replyProblem(parsed.problem) };
  const kinds = new Set<string>(parsed.kinds);
  const value = coerceToSchema(withTitlePriorities(parsed.value, kinds), REVIEW_OUTPUT_SCHEMA, kinds);
  const issues = checkAgainstSchema(value, REVIEW_OUTPUT_SCHEMA);
  if (issues.length > 0) {
    const shown = issues
      .slice(0, MAX_ISSUES_SHOWN)
      .map((issue) => `${issue.path || 'the object'} ${issue.message}`);
    const more = issues.length > MAX_ISSUES_SHOWN ? ` (and ${issues.length - MAX_ISSUES_SHOWN} more)` : '';
    return { ok: false, problem: `the reply does not match the review schema: ${shown.join('; ')}${more}` };
  }
  return { ok: true, output: normalise(value as ReviewOutput), repairs: [...kinds] };
}

/**
 * The JSON object inside a reply that wraps it in prose ("Here is my review: {…} Hope this
 * helps"): from the first `{` to the last `}`. A reply that is only JSON (or fenced JSON) is
 * left to parseJsonText as it is.
 */
function extractObjectText(text: string): string {
  const trimmed = text.trim();
  if (/^(?:[{[]|`{3}|~{3})/.test(trimmed)) return trimmed;
  const start = trimmed.indexOf('{');
  const end = trimmed.lastIndexOf('}');
  return start >= 0 && end > start ? trimmed.slice(start, end + 1) : trimmed;
}

/** Codex titles carry `[P1]`; a finding without `priority` takes it from there. */
function withTitlePriorities(value: unknown, kinds: Set<string>): unknown {
  if (!isObject(value) || !Array.isArray(value.findings)) return value;
  const findings = value.findings.map((finding: unknown) => {
    if (!isObject(finding) || finding.priority !== undefined || typeof finding.title !== 'string')
      return finding;
    const tag = /^\s*\[P([0-3])\]/i.exec(finding.title);
    if (!tag) return finding;
    kinds.add('priority-from-title');
    return { ...finding, priority: Number(tag[1]) };
  });
  return { ...value, findings };
}

/** Line ranges the right way round. */
function normalise(output: ReviewOutput): ReviewOutput {
  return {
    ...output,
    findings: output.findings.map((finding) => {
      const { start, end } = finding.code_location.line_range;
      return start <= end
        ? finding
        : { ...finding, code_location: { ...finding.code_location, line_range: { start: end, end: start } } };
    }),
  };
}

/** parseJsonText speaks of tool-call arguments; here it is the reviewer's reply. */
function replyProblem(problem: string): string {
  return problem.replace(/the arguments are/g, 'the reply is').replace(/the arguments/g, 'the reply');
}
