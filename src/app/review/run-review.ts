// `ossa review` and `/review`: the change a scope names, reviewed by the configured model inside
// its real window. Files that are not worth a model's tokens are listed, not sent; the rest is cut
// into parts that fit; each part is reviewed read-only in a session of its own; the findings are
// merged, de-duplicated, checked against the diff and the files, and sorted by priority; the
// verdict is computed over all parts. The review is saved as a session that can be continued.
import { randomUUID } from 'node:crypto';
import { OssaError } from '../../errors.js';
import type { Session } from '../../session/session.js';
import { SessionFile } from '../../store/session-file.js';
import { VERSION } from '../../version.js';
import { createSession } from '../create-session.js';
import type { SessionTarget } from '../prepare-session.js';
import { type FileAttributes, skipReason } from './classify-files.js';
import { type Change, collectChange, countLines } from './collect-change.js';
import { mergeFindings, mergeVerdict, type PartResult } from './merge-findings.js';
import type { FileDiff } from './parse-diff.js';
import { planParts, type ReviewPart } from './plan-parts.js';
import { MIN_DIFF_BUDGET, type ReviewBudget, reviewBudget } from './review-budget.js';
import { reviewPrompt } from './review-prompt.js';
import type { ReviewFinding, ReviewOutput } from './review-schema.js';
import { type ChosenScope, chooseScope, git, type ReviewScope, repositoryRoot } from './review-scope.js';
import { type PartStatus, runPart } from './run-part.js';
import { type LocationCheck, repositoryPath, verifyLocation } from './verify-locations.js';

export interface ReviewRequest {
  target: SessionTarget;
  env: NodeJS.ProcessEnv;
  /** Undefined: ossa chooses (and says which). */
  scope?: ReviewScope;
  /** The change, when the caller collected it already (then `scope` is not looked at). */
  collected?: CollectedReview;
  title?: string;
  /** The user's extra instructions (`[PROMPT]`). */
  instructions?: string;
  /** Send generated, vendored and lock files too. */
  includeGenerated?: boolean;
  signal?: AbortSignal;
  /** Each part's session before it starts, so a front-end can render its events. */
  onSession?: (session: Session, part: { index: number; count: number; label: string }) => void;
  /** Lines to show while the review runs (the scope chosen, the plan, retries). */
  onNotice?: (text: string) => void;
}

export interface ReviewedFinding {
  finding: ReviewFinding;
  location: LocationCheck;
}

export interface PartSummary {
  files: string[];
  label: string;
  status: PartStatus;
  repairs: string[];
  problem?: string;
  rawReply?: string;
}

export interface ReviewReport {
  root: string;
  scope: ReviewScope;
  description: string;
  defaulted?: string;
  findings: ReviewedFinding[];
  /** Over all parts; `overall_correctness` is '' when no part produced a usable review. */
  verdict: Omit<ReviewOutput, 'findings' | 'overall_correctness'> & {
    overall_correctness: ReviewOutput['overall_correctness'] | '';
  };
  parts: PartSummary[];
  skipped: { path: string; reason: string }[];
  notes: string[];
  /** Every part produced a usable review. */
  complete: boolean;
  budget?: ReviewBudget;
  sessionId?: string;
}

/** The change a review looks at, found before any model traffic (usage errors come first). */
export interface CollectedReview {
  chosen: ChosenScope;
  change: Change;
}

/** Resolves the scope (saying a chosen default aloud) and reads the change from git. */
export async function collectReview(
  cwd: string,
  scope: ReviewScope | undefined,
  notice: (text: string) => void = () => {},
): Promise<CollectedReview> {
  const root = await repositoryRoot(cwd);
  const chosen = await chooseScope(root, scope);
  if (chosen.defaulted) notice(chosen.defaulted);
  const change = await collectChange(root, chosen.scope);
  for (const note of change.notes) notice(`note: ${note}`);
  return { chosen, change };
}

export async function runReview(request: ReviewRequest): Promise<ReviewReport> {
  const { target, env } = request;
  const notice = (text: string) => request.onNotice?.(text);
  const { chosen, change } =
    request.collected ?? (await collectReview(target.config.cwd, request.scope, notice));
  const root = change.root;
  const title = request.title ?? change.title;

  const { sent, skipped } = await selectFiles(change, Boolean(request.includeGenerated));
  const base = {
    root,
    scope: change.scope,
    description: change.description,
    ...(chosen.defaulted ? { defaulted: chosen.defaulted } : {}),
    skipped,
    notes: change.notes,
  };
  if (skipped.length > 0)
    notice(`not sent: ${skipped.map((file) => `${file.path} (${file.reason})`).join(', ')}`);
  if (sent.length === 0) return emptyReport(base, change, skipped);

  const promptOf = (part: ReviewPart, index: number, parts: ReviewPart[]) =>
    reviewPrompt({
      root,
      description: change.description,
      ...(title ? { title } : {}),
      ...(request.instructions ? { instructions: request.instructions } : {}),
      chunks: part,
      ...(parts.length > 1
        ? { part: { index: index + 1, count: parts.length, otherFiles: otherFiles(parts, index) } }
        : {}),
      skipped,
    });
  // The prompt around the diff, with every file listed as if in another part: its largest form.
  const frame = promptOf([], 0, [[], sent.map((file) => ({ file, hunks: [], text: '', tokens: 0 }))]);
  const budget = reviewBudget(target, env, frame);
  if (budget.assumed) notice(`note: ${budget.assumed}`);
  if (budget.diff < MIN_DIFF_BUDGET) {
    throw new OssaError(
      `The model's context window (${budget.window} tokens) is too small to review with: the instructions, the shell tool and the review guidelines take about ${budget.overhead} tokens and ${budget.reserve} are kept for the answer. Use a model with a larger window (\`ossa doctor\` shows the real one).`,
    );
  }
  const parts = planParts(sent, budget.diff);
  if (parts.length > 1) {
    notice(
      `the change (about ${parts.flat().reduce((sum, chunk) => sum + chunk.tokens, 0)} tokens of diff) does not fit the ${budget.window}-token window in one request: reviewing it in ${parts.length} parts`,
    );
  }
  const results = await reviewParts(request, parts, promptOf);
  const report = await assemble(base, change, results, budget);
  report.sessionId = parts.length === 1 ? results[0]!.sessionId : saveSummarySession(target, report);
  return report;
}

interface PartRunResult {
  summary: PartSummary;
  output?: ReviewOutput;
  sessionId: string;
}

async function reviewParts(
  request: ReviewRequest,
  parts: ReviewPart[],
  promptOf: (part: ReviewPart, index: number, parts: ReviewPart[]) => string,
): Promise<PartRunResult[]> {
  const { target } = request;
  const formatWithTools = target.provider.builtIn && target.provider.id === 'openai';
  const results: PartRunResult[] = [];
  for (const [index, part] of parts.entries()) {
    const label = partLabel(part);
    // One part is the whole review: its session is the saved one. Parts of a larger review are
    // not saved one by one; the merged review is (saveSummarySession).
    const session = createSession({
      target,
      env: request.env,
      nonInteractive: true,
      ephemeral: parts.length > 1,
      reviewer: true,
    });
    request.onSession?.(session, { index: index + 1, count: parts.length, label });
    session.start();
    const outcome = await runPart({
      session,
      prompt: promptOf(part, index, parts),
      label,
      formatWithTools,
      ...(request.signal ? { signal: request.signal } : {}),
      onRetry: (problem) =>
        request.onNotice?.(
          `${parts.length > 1 ? `part ${index + 1}: ` : ''}${problem}; asking once more, with the answer constrained to the schema where the server can`,
        ),
    });
    const files = [...new Set(part.map((chunk) => chunk.file.path))];
    results.push(
      outcome.status === 'failed'
        ? {
            summary: {
              files,
              label,
              status: 'failed',
              repairs: [],
              problem: outcome.problem,
              rawReply: outcome.rawReply,
            },
            sessionId: session.id,
          }
        : {
            summary: {
              files,
              label,
              status: outcome.status,
              repairs: outcome.repairs,
              ...(outcome.firstProblem ? { problem: outcome.firstProblem } : {}),
            },
            output: outcome.output,
            sessionId: session.id,
          },
    );
  }
  return results;
}

async function assemble(
  base: Pick<ReviewReport, 'root' | 'scope' | 'description' | 'defaulted' | 'skipped' | 'notes'>,
  change: Change,
  results: PartRunResult[],
  budget: ReviewBudget,
): Promise<ReviewReport> {
  const usable: PartResult[] = results.flatMap((result) =>
    result.output ? [{ label: result.summary.label, output: result.output }] : [],
  );
  const lineCounts = new Map<string, number | undefined>();
  const lineCount = async (path: string, side: 'new' | 'old') => {
    const key = `${side}:${path}`;
    if (!lineCounts.has(key)) {
      const revision = side === 'new' ? change.newRevision : change.oldRevision;
      lineCounts.set(key, revision ? await countLines(change.root, revision, path) : undefined);
    }
    return lineCounts.get(key);
  };
  const checked: ReviewedFinding[] = [];
  for (const part of usable) {
    for (const finding of part.output.findings) {
      const path = repositoryPath(finding.code_location.absolute_file_path, change.root, change.files);
      if (path !== undefined) for (const side of ['new', 'old'] as const) await lineCount(path, side);
      const location = verifyLocation(finding, {
        root: change.root,
        files: change.files,
        lineCount: (file, side) => lineCounts.get(`${side}:${file}`),
      });
      checked.push({ finding, location });
    }
  }
  const merged = mergeFindings(
    checked.map((item, index) => ({ finding: item.finding, index, path: item.location.path })),
  ).map((kept) => checked[kept.index]!);
  const failed = results.filter((result) => result.summary.status === 'failed');
  let verdict: ReviewReport['verdict'];
  if (usable.length === 0) {
    verdict = {
      overall_correctness: '',
      overall_explanation: `The model's reply could not be used as a review (${failed[0]?.summary.problem ?? 'no reply'}). Its raw reply:\n${failed[0]?.summary.rawReply ?? ''}`,
      overall_confidence_score: 0,
    };
  } else {
    verdict = mergeVerdict(usable);
    if (failed.length > 0) {
      verdict = {
        ...verdict,
        overall_explanation: `${verdict.overall_explanation}\nNot reviewed (the model's reply was unusable): ${failed.map((result) => result.summary.label).join('; ')}.`,
      };
    }
  }
  return {
    ...base,
    findings: merged,
    verdict,
    parts: results.map((result) => result.summary),
    complete: failed.length === 0,
    budget,
  };
}

async function selectFiles(
  change: Change,
  includeGenerated: boolean,
): Promise<{ sent: FileDiff[]; skipped: { path: string; reason: string }[] }> {
  const attributes = await gitAttributes(
    change.root,
    change.files.map((file) => file.path),
  );
  const sent: FileDiff[] = [];
  const skipped: { path: string; reason: string }[] = [...change.unread];
  for (const file of change.files) {
    const reason = skipReason(file, attributes.get(file.path));
    if (reason && (reason === 'binary' || !includeGenerated)) skipped.push({ path: file.path, reason });
    else if (file.hunks.length === 0)
      skipped.push({
        path: file.path,
        reason:
          file.status === 'renamed'
            ? `renamed from ${file.oldPath}, no content change`
            : 'no content change (mode only)',
      });
    else sent.push(file);
  }
  return { sent, skipped };
}

/** linguist-generated / linguist-vendored / -diff from .gitattributes (check-attr runs no programs). */
async function gitAttributes(root: string, paths: string[]): Promise<Map<string, FileAttributes>> {
  const found = new Map<string, FileAttributes>();
  if (paths.length === 0) return found;
  const out = await git(root, [
    'check-attr',
    '-z',
    'linguist-generated',
    'linguist-vendored',
    'diff',
    'binary',
    '--',
    ...paths,
  ]).catch(() => '');
  const fields = out.split('\0');
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const [path, attribute, value] = [fields[i]!, fields[i + 1]!, fields[i + 2]!];
    const entry = found.get(path) ?? {};
    const set = value === 'set' || value === 'true';
    if (attribute === 'linguist-generated' && set) entry.generated = true;
    if (attribute === 'linguist-vendored' && set) entry.vendored = true;
    if ((attribute === 'diff' && value === 'unset') || (attribute === 'binary' && set)) entry.binary = true;
    found.set(path, entry);
  }
  return found;
}

function partLabel(part: ReviewPart): string {
  return part
    .map((chunk) =>
      chunk.piece ? `${chunk.file.path} (piece ${chunk.piece.index}/${chunk.piece.count})` : chunk.file.path,
    )
    .join(', ');
}

function otherFiles(parts: ReviewPart[], index: number): string[] {
  const own = new Set(parts[index]!.map((chunk) => chunk.file.path));
  return [
    ...new Set(parts.flatMap((part, i) => (i === index ? [] : part.map((chunk) => chunk.file.path)))),
  ].filter((path) => !own.has(path));
}

function emptyReport(
  base: Pick<ReviewReport, 'root' | 'scope' | 'description' | 'defaulted' | 'skipped' | 'notes'>,
  change: Change,
  skipped: ReviewReport['skipped'],
): ReviewReport {
  const what =
    change.files.length === 0
      ? 'there are no changes'
      : 'every changed file is one ossa does not send (listed under not sent; --include-generated sends generated, vendored and lock files)';
  return {
    ...base,
    findings: [],
    verdict: {
      overall_correctness: '',
      overall_explanation: `Nothing to review in ${change.description}: ${what}.`,
      overall_confidence_score: 0,
    },
    parts: [],
    skipped,
    complete: true,
  };
}

/** A multi-part review is saved as one session: what was reviewed, and the merged review. */
function saveSummarySession(target: SessionTarget, report: ReviewReport): string {
  const id = randomUUID();
  const file = SessionFile.create(target.config.home, {
    id,
    createdAt: new Date().toISOString(),
    cwd: target.config.cwd,
    model: target.model,
    provider: target.config.provider.id,
    ossaVersion: VERSION,
  });
  const files = report.parts.flatMap((part) => part.files);
  file.append({
    type: 'item',
    item: {
      type: 'message',
      role: 'user',
      text: `Review ${report.description} (repository ${report.root}; files: ${[...new Set(files)].join(', ')}). It was reviewed in ${report.parts.length} parts.`,
    },
  });
  const json = JSON.stringify({ findings: report.findings.map((item) => item.finding), ...report.verdict });
  file.append({ type: 'item', item: { type: 'message', role: 'assistant', text: json } });
  return id;
}
