// `/review ARGS` in the interactive UI: the same review as `ossa review`, progress as notices.
import type { ReviewDocument } from '../../protocol/review-document.js';
import type { SessionTarget } from '../prepare-session.js';
import { parseReviewArguments } from './review-args.js';
import { reviewDocument } from './review-document.js';
import { runReview } from './run-review.js';

export async function reviewForUi(
  target: SessionTarget,
  env: NodeJS.ProcessEnv,
  args: string,
  onNotice: (text: string) => void,
  signal?: AbortSignal,
): Promise<{ document: ReviewDocument; sessionId?: string }> {
  const report = await runReview({
    target,
    env,
    ...(signal ? { signal } : {}),
    ...parseReviewArguments(args),
    onNotice,
    onSession: (_session, part) => {
      if (part.count > 1) onNotice(`part ${part.index}/${part.count}: ${part.label}`);
    },
  });
  return { document: reviewDocument(report), ...(report.sessionId ? { sessionId: report.sessionId } : {}) };
}
