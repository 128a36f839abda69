// One part of a review in its own session: the reviewer answers (tools offered; the response
// format sent along only where the server takes both), the reply goes through the repair stage,
// and a reply still unusable is sent back once with the exact problem — that retry offers no
// tools, so every server with structured output constrains it to the schema. A second failure
// is reported with the raw text, never turned into a verdict.
import { InterruptedError, OssaError } from '../../errors.js';
import type { ResponseFormat } from '../../model/types.js';
import type { Session, TurnOptions, TurnOutcome } from '../../session/session.js';
import { parseReviewReply } from './parse-review.js';
import { retryPrompt } from './review-prompt.js';
import { REVIEW_FORMAT_NAME, REVIEW_OUTPUT_SCHEMA, type ReviewOutput } from './review-schema.js';

export const REVIEW_FORMAT: ResponseFormat = {
  name: REVIEW_FORMAT_NAME,
  schema: REVIEW_OUTPUT_SCHEMA,
  strict: true,
};

export type PartStatus = 'ok' | 'repaired' | 'retried' | 'failed';

export type PartOutcome =
  | { status: Exclude<PartStatus, 'failed'>; output: ReviewOutput; repairs: string[]; firstProblem?: string }
  | { status: 'failed'; problem: string; rawReply: string };

export interface PartRun {
  session: Session;
  prompt: string;
  label: string;
  /** The server accepts a response format and tools in one request (OpenAI). */
  formatWithTools: boolean;
  signal?: AbortSignal;
  /** Said before the retry (front-ends show it). */
  onRetry?: (problem: string) => void;
}

export async function runPart(run: PartRun): Promise<PartOutcome> {
  const first = await turn(run, run.prompt, {
    responseFormat: REVIEW_FORMAT,
    responseFormatWithTools: run.formatWithTools,
  });
  const reply = first.lastMessage ?? '';
  const parsed = parseReviewReply(reply);
  if (parsed.ok)
    return {
      status: parsed.repairs.length > 0 ? 'repaired' : 'ok',
      output: parsed.output,
      repairs: parsed.repairs,
    };

  run.onRetry?.(parsed.problem);
  let second: TurnOutcome;
  try {
    second = await turn(run, retryPrompt(parsed.problem), {
      responseFormat: REVIEW_FORMAT,
      withoutTools: true,
    });
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    return { status: 'failed', problem: `${parsed.problem}; the retry failed: ${why}`, rawReply: reply };
  }
  const again = parseReviewReply(second.lastMessage ?? '');
  if (again.ok)
    return { status: 'retried', output: again.output, repairs: again.repairs, firstProblem: parsed.problem };
  return {
    status: 'failed',
    problem: `${parsed.problem}; after a retry: ${again.problem}`,
    rawReply: second.lastMessage ?? reply,
  };
}

async function turn(run: PartRun, prompt: string, options: TurnOptions): Promise<TurnOutcome> {
  const outcome = await run.session.runTurn(prompt, run.signal, options);
  if (outcome.status === 'interrupted') throw new InterruptedError();
  if (outcome.status === 'failed') {
    throw new OssaError(`The review of ${run.label} stopped: ${outcome.error ?? 'the turn failed'}`);
  }
  return outcome;
}
