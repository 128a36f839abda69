// Writes a planned patch, all or nothing. Two phases so a failure leaves no half-written file:
//  1. stage: create missing parent directories and write every new file's bytes to a temporary
//     file next to its target. A failure removes the temporaries and the created directories.
//  2. commit: check that no target changed since the plan read it, then rename each temporary
//     over its target (atomic per file) and remove deleted files. A failure here restores what
//     was already committed from the prior states the plan kept.
// Across processes: the targets are locked (file-lock.ts) so two ossa sessions take turns, and a
// journal (journal.ts) is written before the first temporary and before the first rename, so a
// process killed midway is finished or undone by the next run (recover.ts). SIGHUP, SIGTERM and
// SIGINT wait until the apply is done (critical-section.ts).
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { criticalSection } from '../../process/critical-section.js';
import { defaultLockDirectory, lockFiles } from './file-lock.js';
import type { FileOperation, PriorState } from './file-overlay.js';
import { fingerprintContent, fingerprintPath, fingerprintPrior } from './fingerprint.js';
import { Journal } from './journal.js';
import { errorCode, osErrorText } from './os-error-text.js';
import { PatchError } from './patch-error.js';

/** The file-system calls apply needs; tests pass a wrapper to make one of them fail. */
export interface ApplyFs {
  lstat(path: string): Promise<unknown>;
  mkdir(path: string): Promise<unknown>;
  rmdir(path: string): Promise<void>;
  writeFile(path: string, data: Buffer, options: { flag: string; mode: number }): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  chown(path: string, uid: number, gid: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  symlink(target: string, path: string): Promise<void>;
}

export const nodeApplyFs: ApplyFs = nodeFs;

export interface ApplyOptions {
  fs?: ApplyFs;
  /** Where the commit journal goes ($OSSA_HOME/patch-journal); without it no journal is kept. */
  journalDir?: string;
  /** The workspace (real path), recorded in the journal so the next run there recovers it. */
  cwd?: string;
  /** Directory of the cross-process file locks; default: one per user under the temp directory. */
  lockDir?: string;
  /** Test hook: runs after the journal says 'committing' and before each rename. */
  beforeRename?: (index: number) => Promise<void>;
}

interface Staged {
  operation: FileOperation;
  /** The temporary file holding the new bytes (writes only). */
  temporary?: string;
}

/** Thrown (as a PatchError) when a target changed between planning and commit. */
export const CHANGED_SINCE_READ = 'changed since it was read';

export async function applyPlan(
  plan: { operations: readonly FileOperation[] },
  options: ApplyOptions = {},
): Promise<void> {
  if (plan.operations.length === 0) return;
  await criticalSection(async () => {
    const locks = await lockFiles(options.lockDir ?? defaultLockDirectory(), plan.operations);
    try {
      await applyLocked(plan.operations, options);
    } finally {
      await locks.release();
    }
  });
}

async function applyLocked(operations: readonly FileOperation[], options: ApplyOptions): Promise<void> {
  const fs = options.fs ?? nodeApplyFs;
  const staged: Staged[] = operations.map((operation) =>
    operation.content === null ? { operation } : { operation, temporary: temporaryPath(operation.path) },
  );
  const createdDirectories: string[] = [];
  const journal = options.journalDir
    ? await Journal.begin(options.journalDir, {
        version: 1,
        pid: process.pid,
        startedAt: new Date().toISOString(),
        cwd: options.cwd ?? process.cwd(),
        state: 'staging',
        entries: staged.map(({ operation, temporary }) => ({
          path: operation.path,
          ...(temporary ? { temporary } : {}),
          before: fingerprintPrior(operation.prior),
          after: fingerprintContent(operation.content),
        })),
        createdDirectories: await missingParents(operations, fs),
      }).catch((error: unknown) => {
        throw new PatchError(
          `Failed to write the patch journal in ${options.journalDir}: ${osErrorText(error)}. No files were modified.`,
        );
      })
    : undefined;
  try {
    await stage(staged, createdDirectories, fs);
    await checkUnchanged(staged, createdDirectories, fs);
    await journal?.update({ state: 'committing', createdDirectories }).catch(async (error: unknown) => {
      await discard(staged, createdDirectories, fs);
      throw new PatchError(
        `Failed to write the patch journal ${journal.path}: ${osErrorText(error)}. No files were modified.`,
      );
    });
    await commit(staged, createdDirectories, fs, options.beforeRename);
  } finally {
    await journal?.remove();
  }
}

async function stage(staged: readonly Staged[], createdDirectories: string[], fs: ApplyFs): Promise<void> {
  try {
    for (const { operation, temporary } of staged) {
      if (!temporary) continue;
      await createParents(dirname(operation.path), createdDirectories, fs).catch((error: unknown) => {
        throw new PatchError(
          `Failed to create parent directories for ${operation.displayPath}: ${osErrorText(error)}`,
        );
      });
      await writeTemporary(temporary, operation, fs).catch((error: unknown) => {
        throw new PatchError(`Failed to write file ${operation.displayPath}: ${osErrorText(error)}`);
      });
    }
  } catch (error) {
    await discard(staged, createdDirectories, fs);
    throw error;
  }
}

/** Someone else (an editor, another session) changed a target after the plan read it. */
async function checkUnchanged(staged: readonly Staged[], createdDirectories: string[], fs: ApplyFs) {
  for (const { operation } of staged) {
    if ((await fingerprintPath(operation.path)) === fingerprintPrior(operation.prior)) continue;
    await discard(staged, createdDirectories, fs);
    throw changedSinceRead(operation);
  }
}

function changedSinceRead(operation: FileOperation): PatchError {
  return new PatchError(
    `Failed to write file ${operation.displayPath}: the file ${CHANGED_SINCE_READ} (another program or session edited it). No files were modified. Read it again and send a new patch.`,
  );
}

async function commit(
  staged: readonly Staged[],
  createdDirectories: string[],
  fs: ApplyFs,
  beforeRename: ApplyOptions['beforeRename'],
): Promise<void> {
  const committed: FileOperation[] = [];
  for (const [index, { operation, temporary }] of staged.entries()) {
    try {
      await beforeRename?.(index);
      if ((await fingerprintPath(operation.path)) !== fingerprintPrior(operation.prior)) {
        throw changedSinceRead(operation);
      }
      if (temporary) await fs.rename(temporary, operation.path);
      else await fs.unlink(operation.path);
      committed.push(operation);
    } catch (error) {
      for (const done of committed.reverse()) await restore(done, fs).catch(() => undefined);
      await discard(staged.slice(index), createdDirectories, fs);
      if (error instanceof PatchError) throw error;
      const action = temporary ? 'write file' : 'delete file';
      throw new PatchError(
        `Failed to ${action} ${operation.displayPath}: ${osErrorText(error)}. No files were modified.`,
      );
    }
  }
}

/** The parent directories staging will create, parents first (for the journal). */
async function missingParents(operations: readonly FileOperation[], fs: ApplyFs): Promise<string[]> {
  const missing = new Set<string>();
  for (const operation of operations) {
    if (operation.content === null) continue;
    const chain: string[] = [];
    for (let dir = dirname(operation.path); dir !== dirname(dir); dir = dirname(dir)) {
      if (missing.has(dir)) break;
      const exists = await fs.lstat(dir).then(
        () => true,
        () => false,
      );
      if (exists) break;
      chain.unshift(dir);
    }
    for (const dir of chain) missing.add(dir);
  }
  return [...missing];
}

async function createParents(directory: string, created: string[], fs: ApplyFs): Promise<void> {
  const missing: string[] = [];
  for (let dir = directory; dir !== dirname(dir); dir = dirname(dir)) {
    const exists = await fs.lstat(dir).then(
      () => true,
      () => false,
    );
    if (exists) break;
    missing.unshift(dir);
  }
  for (const dir of missing) {
    try {
      await fs.mkdir(dir);
      created.push(dir);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
  }
}

async function writeTemporary(temporary: string, operation: FileOperation, fs: ApplyFs): Promise<void> {
  const mode = operation.mode ?? 0o666;
  await fs.writeFile(temporary, operation.content!, { flag: 'wx', mode });
  // The process umask narrowed `mode`; a replaced file keeps its exact mode and, when we can, owner.
  if (operation.mode !== undefined) await fs.chmod(temporary, operation.mode);
  const prior = operation.prior;
  if (prior?.type === 'file' && process.getuid?.() === 0) await fs.chown(temporary, prior.uid, prior.gid);
}

/** Removes temporaries and the directories phase 1 created (deepest first, only when empty). */
async function discard(staged: readonly Staged[], createdDirectories: string[], fs: ApplyFs): Promise<void> {
  for (const { temporary } of staged) {
    if (temporary) await fs.unlink(temporary).catch(() => undefined);
  }
  for (const dir of [...createdDirectories].reverse()) await fs.rmdir(dir).catch(() => undefined);
}

/** Puts back a committed path's prior state. */
async function restore(operation: FileOperation, fs: ApplyFs): Promise<void> {
  const prior: PriorState = operation.prior;
  if (prior === null) {
    await fs.unlink(operation.path);
    return;
  }
  if (prior.type === 'symlink') {
    await fs.unlink(operation.path).catch(() => undefined);
    await fs.symlink(prior.target, operation.path);
    return;
  }
  const temporary = temporaryPath(operation.path);
  await fs.writeFile(temporary, prior.content, { flag: 'wx', mode: prior.mode });
  await fs.chmod(temporary, prior.mode);
  await fs.rename(temporary, operation.path);
}

/** A short name next to `target` (a long target name must not make the temporary's too long). */
function temporaryPath(target: string): string {
  return join(dirname(target), `.ossa-${randomBytes(6).toString('hex')}.tmp`);
}
