// Patch text → the whole change, computed in memory before anything is written: the new bytes
// per path, adds / updates / deletes / moves, a unified diff, and for every path whether it is
// inside the writable roots. Reads files; never writes.
import { realpath } from 'node:fs/promises';
import { type FileOperation, FileOverlay } from './file-overlay.js';
import { splitFileLines, withLineEnding } from './line-endings.js';
import { describeErrno, osErrorText } from './os-error-text.js';
import { type Hunk, parsePatch } from './parse.js';
import { PatchError } from './patch-error.js';
import { type PathRules, type ResolvedPath, realTarget, resolvePatchPath } from './path-safety.js';
import { unifiedDiff } from './unified-diff.js';
import { updateFileText } from './update-file.js';

export interface PlanOptions {
  /** The workspace directory; relative patch paths are resolved against it. */
  cwd: string;
  /** Directories the patch may write without asking (absolute). */
  writableRoots: readonly string[];
  /**
   * false (default): a path outside the writable roots fails the plan with a refusal.
   * true: it is planned and marked `inside: false`, so the caller can ask for approval.
   */
  allowOutside?: boolean;
  /** Paths inside the writable roots that a patch may not change either (protected-paths.ts). */
  protectedPaths?: readonly string[];
}

export type ChangeKind = 'add' | 'update' | 'delete';

export interface PlannedChange {
  kind: ChangeKind;
  /** As written in the patch. */
  path: string;
  /** The destination of a move, as written in the patch. */
  movePath?: string;
  /** Every path this change writes or removes is inside the writable roots. */
  inside: boolean;
  /** Why not, when `inside` is false. */
  outsideReason?: string;
  /** Unified diff of this change. */
  diff: string;
}

export interface PatchPlan {
  /** One per file section, in patch order. */
  changes: PlannedChange[];
  /** What apply.ts does: the net change per real path. */
  operations: FileOperation[];
  /** All changes' diffs, concatenated. */
  diff: string;
  allInside: boolean;
  /** Real paths of the plan that are outside the writable roots (or protected). */
  outsideRealPaths: string[];
}

const DECODER = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export async function planPatch(text: string, options: PlanOptions): Promise<PatchPlan> {
  const hunks = parsePatch(text);
  if (hunks.length === 0) throw new PatchError('No files were modified.');
  const cwd = await realpath(options.cwd);
  const roots = await Promise.all(options.writableRoots.map((root) => realTarget(root)));
  const protectedPaths = await Promise.all((options.protectedPaths ?? []).map((path) => realTarget(path)));
  const planner = new Planner({ cwd, roots, protectedPaths }, options.allowOutside ?? false);
  const changes: PlannedChange[] = [];
  for (const hunk of hunks) changes.push(await planner.plan(hunk));
  return {
    changes,
    operations: planner.overlay.operations(),
    diff: changes.map((change) => change.diff).join(''),
    allInside: changes.every((change) => change.inside),
    outsideRealPaths: [...planner.outside],
  };
}

/**
 * `Success. Updated the following files:` then `A path` lines (added), `M path` (updated; a move
 * names its destination), `D path` (deleted) — grouped in that order, as Codex prints them.
 */
export function formatPatchSummary(plan: Pick<PatchPlan, 'changes'>): string {
  const lines = (['add', 'update', 'delete'] as const).flatMap((kind) =>
    plan.changes
      .filter((change) => change.kind === kind)
      .map((change) => `${LETTERS[kind]} ${change.movePath ?? change.path}\n`),
  );
  return `Success. Updated the following files:\n${lines.join('')}`;
}

const LETTERS: Record<ChangeKind, string> = { add: 'A', update: 'M', delete: 'D' };

class Planner {
  readonly overlay = new FileOverlay();
  readonly outside = new Set<string>();
  constructor(
    private readonly rules: PathRules,
    private readonly allowOutside: boolean,
  ) {}

  plan(hunk: Hunk): Promise<PlannedChange> {
    if (hunk.type === 'add') return this.add(hunk.path, hunk.contents);
    if (hunk.type === 'delete') return this.delete(hunk.path);
    return this.update(hunk.path, hunk.movePath, hunk);
  }

  private async add(path: string, contents: string): Promise<PlannedChange> {
    const target = await this.resolve(path, true);
    const current = await this.writableState(target);
    const before = current.type === 'file' ? current.content : undefined;
    // Overwriting a CRLF file keeps it CRLF.
    const eol = before ? splitFileLines(before.toString('utf8')).eol : '\n';
    const content = withLineEnding(contents, eol);
    await this.overlay.write(target.realPath, target.displayPath, Buffer.from(content), current.mode);
    return change('add', target, undefined, unifiedDiff(path, before && textOf(before), content));
  }

  private async delete(path: string): Promise<PlannedChange> {
    const target = await this.resolve(path, false);
    const current = await this.overlay.current(target.realPath);
    if (current.type !== 'file' && current.type !== 'symlink') {
      throw new PatchError(`Failed to delete file ${target.displayPath}`);
    }
    await this.overlay.remove(target.realPath, target.displayPath);
    const before = current.type === 'file' ? textOf(current.content) : '';
    return change('delete', target, undefined, unifiedDiff(path, before, undefined));
  }

  private async update(
    path: string,
    movePath: string | undefined,
    hunk: Extract<Hunk, { type: 'update' }>,
  ): Promise<PlannedChange> {
    const source = await this.resolve(path, true);
    const current = await this.overlay.current(source.realPath);
    const failRead = (reason: string) =>
      new PatchError(`Failed to read file to update ${source.displayPath}: ${reason}`);
    if (current.type === 'missing') throw failRead(describeErrno('ENOENT'));
    if (current.type === 'directory') throw failRead(describeErrno('EISDIR'));
    if (current.type === 'error') throw failRead(osErrorText(current.error));
    if (current.type !== 'file') throw failRead('not a regular file');
    let original: string;
    try {
      original = DECODER.decode(current.content);
    } catch {
      throw failRead('stream did not contain valid UTF-8');
    }
    const updated = updateFileText(original, hunk.chunks, source.displayPath);
    const content = Buffer.from(updated);

    if (movePath === undefined) {
      await this.overlay.write(source.realPath, source.displayPath, content, current.mode);
      return change('update', source, undefined, unifiedDiff(path, original, updated));
    }
    const destination = await this.resolve(movePath, true);
    if (destination.realPath === source.realPath) {
      await this.overlay.write(source.realPath, source.displayPath, content, current.mode);
      return change('update', source, movePath, unifiedDiff(path, original, updated));
    }
    // The source entry goes away (a symlink source: the link itself), the destination gets the bytes.
    const sourceEntry = await this.resolve(path, false);
    const destinationState = await this.writableState(destination);
    await this.overlay.write(destination.realPath, destination.displayPath, content, current.mode);
    await this.overlay.remove(sourceEntry.realPath, sourceEntry.displayPath);
    const diff =
      `rename from ${path}\nrename to ${movePath}\n` +
      unifiedDiff(
        movePath,
        destinationState.type === 'file' ? textOf(destinationState.content) : original,
        updated,
      );
    const inside = sourceEntry.inside && destination.inside;
    const outsideReason = destination.outsideReason ?? sourceEntry.outsideReason;
    return {
      kind: 'update',
      path,
      movePath,
      inside,
      ...(inside || outsideReason === undefined ? {} : { outsideReason }),
      diff,
    };
  }

  private async resolve(path: string, follow: boolean): Promise<ResolvedPath> {
    const resolved = await resolvePatchPath(path, this.rules, follow);
    if (!resolved.inside) this.outside.add(resolved.realPath);
    if (!resolved.inside && !this.allowOutside) {
      const roots = this.rules.roots.length > 0 ? this.rules.roots.join(', ') : 'none';
      throw new PatchError(
        `Refusing to write '${path}': ${resolved.outsideReason} (writable roots: ${roots}). Use a path inside the workspace.`,
      );
    }
    return resolved;
  }

  /** The current state of a path about to be written, refusing directories and blocked parents. */
  private async writableState(target: ResolvedPath) {
    const current = await this.overlay.current(target.realPath);
    if (current.type === 'directory') {
      throw new PatchError(`Failed to write file ${target.displayPath}: ${describeErrno('EISDIR')}`);
    }
    if (current.type === 'error') {
      throw new PatchError(`Failed to write file ${target.displayPath}: ${osErrorText(current.error)}`);
    }
    if (await this.overlay.blockedAncestor(target.realPath)) {
      throw new PatchError(
        `Failed to create parent directories for ${target.displayPath}: ${describeErrno('ENOTDIR')}`,
      );
    }
    return current.type === 'file' ? current : { type: current.type, mode: undefined };
  }
}

function change(
  kind: ChangeKind,
  target: ResolvedPath,
  movePath: string | undefined,
  diff: string,
): PlannedChange {
  return {
    kind,
    path: target.path,
    ...(movePath === undefined ? {} : { movePath }),
    inside: target.inside,
    ...(target.outsideReason === undefined ? {} : { outsideReason: target.outsideReason }),
    diff,
  };
}

/** Text of a file for a diff; bytes that are not UTF-8 are shown as one placeholder line. */
function textOf(content: Buffer): string {
  try {
    return DECODER.decode(content);
  } catch {
    return `(binary file, ${content.length} bytes)\n`;
  }
}
