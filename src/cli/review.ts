// `ossa review [--uncommitted | --base BRANCH | --commit SHA] [--title T] [PROMPT]`: a code review
// by the configured model. Progress on stderr; the findings (or with --json the one review
// document) on stdout; -o FILE writes the document. Exit 0 when the review ran, 1 when it could not
// be completed, 3 when --fail-on PN finds a finding at PN or more severe (CI gating).
import { statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { OssaError, UsageError } from '../errors.js';
import { handleInterrupts } from '../process/interrupt.js';
import type { ReviewDocument } from '../protocol/review-document.js';
import type { CommandContext, CommandHandler } from './command-context.js';

interface ReviewOptions {
  uncommitted?: boolean;
  base?: string;
  commit?: string;
  title?: string;
  json?: boolean;
  output?: string;
  failOn?: string;
  includeGenerated?: boolean;
}

/** The exit code of a review that ran and found something at or above --fail-on. */
export const REVIEW_GATE_EXIT = 3;

export const runReviewCommand: CommandHandler = async (ctx) => {
  const options = ctx.options as ReviewOptions;
  const { parseReviewScope, parseFailOn } = await import('../app/review/review-args.js');
  const scope = parseReviewScope(options);
  const failOn = options.failOn === undefined ? undefined : parseFailOn(options.failOn);
  const outputFile = options.output ? resolve(ctx.cwd, options.output) : undefined;
  if (outputFile && !isDirectory(dirname(outputFile))) {
    throw new UsageError(`-o ${options.output}: the directory ${dirname(outputFile)} does not exist.`);
  }
  const instructions = await readInstructions(ctx);

  // Ctrl-C, SIGTERM and SIGHUP stop the review within a second, as in exec (process/interrupt.ts).
  const controller = new AbortController();
  const stopHandling = handleInterrupts({ onInterrupt: () => controller.abort() });
  try {
    const doc = await review(ctx, options, scope, instructions, controller.signal);
    if (outputFile) writeDocument(outputFile, doc);
    if (options.json) ctx.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    else {
      const { reviewText } = await import('../protocol/review-document.js');
      ctx.stdout.write(reviewText(doc));
    }
    if (doc.ossa.session_id) {
      ctx.stderr.write(
        `session ${doc.ossa.session_id} saved: \`ossa exec resume ${doc.ossa.session_id} "…"\` asks a follow-up or fixes a finding\n`,
      );
    }
    if (!doc.ossa.complete) return 1;
    if (failOn !== undefined && doc.findings.some((finding) => finding.priority <= failOn)) {
      ctx.stderr.write(
        `--fail-on P${failOn}: ${doc.findings.filter((f) => f.priority <= failOn).length} finding(s) at P${failOn} or above\n`,
      );
      return REVIEW_GATE_EXIT;
    }
    return 0;
  } catch (error) {
    if (controller.signal.aborted) return 130;
    throw error;
  } finally {
    stopHandling();
  }
};

async function review(
  ctx: CommandContext,
  options: ReviewOptions,
  scope: Awaited<ReturnType<typeof import('../app/review/review-args.js').parseReviewScope>>,
  instructions: string | undefined,
  signal: AbortSignal,
): Promise<ReviewDocument> {
  // The change first: a wrong flag or an unknown branch is said before any server traffic.
  const { resolveWorkingDir } = await import('../config/load.js');
  const { collectReview, runReview } = await import('../app/review/run-review.js');
  const { escapeTerminalText } = await import('../protocol/terminal-text.js');
  const notice = (text: string) => ctx.stderr.write(`${escapeTerminalText(text)}\n`);
  const collected = await collectReview(await resolveWorkingDir(ctx.cwd, ctx.flags.cd), scope, notice);
  const { prepareNonInteractive } = await import('./oss/prepare-io.js');
  // The reviewer runs read-only whatever the config says (createSession's reviewer option).
  const target = await prepareNonInteractive(ctx, signal);
  const { reviewDocument } = await import('../app/review/review-document.js');
  const { createHumanRenderer } = await import('../exec/render-human.js');
  const report = await runReview({
    target,
    env: ctx.env,
    collected,
    ...(options.title ? { title: options.title } : {}),
    ...(instructions ? { instructions } : {}),
    includeGenerated: Boolean(options.includeGenerated),
    signal,
    onNotice: notice,
    onSession: (session, part) => {
      if (part.count > 1)
        ctx.stderr.write(`part ${part.index}/${part.count}: ${escapeTerminalText(part.label)}\n`);
      session.subscribe(createHumanRenderer({ stderr: ctx.stderr }));
    },
  });
  return reviewDocument(report);
}

/** `[PROMPT]`: extra instructions; `-` reads them from stdin. Absent: none (stdin is not read). */
async function readInstructions(ctx: CommandContext): Promise<string | undefined> {
  const arg = ctx.args[0];
  if (arg === undefined) return undefined;
  const { readPrompt } = await import('../exec/read-prompt.js');
  return readPrompt({
    arg,
    stdin: process.stdin,
    onWaiting: () => ctx.stderr.write('Reading review instructions from stdin...\n'),
  });
}

function writeDocument(path: string, doc: ReviewDocument): void {
  try {
    writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
  } catch (error) {
    throw new OssaError(`Failed to write the review to ${path}: ${(error as Error).message}`);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
