// Codex's review output, so tools built for Codex reviews read ossa's unchanged: findings with a
// title, a Markdown body, a confidence (0–1), a priority (0 most severe … 3) and a code location
// (absolute path, line range), then the verdict. The JSON Schema below is what ossa asks the
// server to constrain the answer to; it is written for OpenAI's strict mode (every property
// required, nothing extra).

export const CORRECT = 'patch is correct';
export const INCORRECT = 'patch is incorrect';
export type OverallCorrectness = typeof CORRECT | typeof INCORRECT;

export interface ReviewLineRange {
  start: number;
  end: number;
}

export interface ReviewFinding {
  title: string;
  body: string;
  confidence_score: number;
  priority: number;
  code_location: { absolute_file_path: string; line_range: ReviewLineRange };
}

export interface ReviewOutput {
  findings: ReviewFinding[];
  overall_correctness: OverallCorrectness;
  overall_explanation: string;
  overall_confidence_score: number;
}

const LINE_RANGE = {
  type: 'object',
  properties: { start: { type: 'integer', minimum: 1 }, end: { type: 'integer', minimum: 1 } },
  required: ['start', 'end'],
  additionalProperties: false,
};

export const REVIEW_OUTPUT_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: {
    findings: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          title: { type: 'string' },
          body: { type: 'string' },
          confidence_score: { type: 'number', minimum: 0, maximum: 1 },
          priority: { type: 'integer', minimum: 0, maximum: 3 },
          code_location: {
            type: 'object',
            properties: { absolute_file_path: { type: 'string' }, line_range: LINE_RANGE },
            required: ['absolute_file_path', 'line_range'],
            additionalProperties: false,
          },
        },
        required: ['title', 'body', 'confidence_score', 'priority', 'code_location'],
        additionalProperties: false,
      },
    },
    overall_correctness: { type: 'string', enum: [CORRECT, INCORRECT] },
    overall_explanation: { type: 'string' },
    overall_confidence_score: { type: 'number', minimum: 0, maximum: 1 },
  },
  required: ['findings', 'overall_correctness', 'overall_explanation', 'overall_confidence_score'],
  additionalProperties: false,
};

export const REVIEW_FORMAT_NAME = 'codex_review';
