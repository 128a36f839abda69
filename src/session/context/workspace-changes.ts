// Which files a tool call changed, seen from the workspace rather than guessed from the command:
// a snapshot before the call and one after, compared. `sed -i`, `mv`, `> file`, `git checkout --
// f`, a script that writes, a tool from a tool source that writes: whatever wrote, the files show
// up. The ledger records them as modified by that call (ledger.ts), so the handoff lists them.
//
// In a git repository a snapshot is `git status` (tracked files git sees changed, untracked files
// not ignored) plus the stat signature (size, mtime, ctime) of each path it lists, so a file that
// was already dirty and changes again is seen too; ignored files (build output, node_modules) are
// not. Elsewhere it is a bounded walk of the directory (heavy folders skipped). Both are bounded:
// a workspace too large to snapshot within the limits (paths, time) is not watched — the watch
// turns itself off for the session and claims nothing, rather than guessing.
import { type Dirent, lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { runSafeGit } from '../../sandbox/safe-git.js';

export interface WatchLimits {
  /** Paths git status may list before the workspace counts as too large. */
  maxPaths: number;
  /** Files a walk (outside git) may visit before the directory counts as too large. */
  maxWalkFiles: number;
  /** One git status may take this long (then it is stopped and the workspace is not watched). */
  timeoutMs: number;
  /** A snapshot that took longer than this is used, but no more are taken in this session. */
  slowMs: number;
}

export const DEFAULT_WATCH_LIMITS: WatchLimits = {
  maxPaths: 20_000,
  // A directory that is not a repository is often a shared place (a home or temp directory).
  maxWalkFiles: 10_000,
  timeoutMs: 3_000,
  slowMs: 1_000,
};
/** Paths one call reports at most (the ledger keeps 40 in all). */
export const MAX_CHANGED_PER_CALL = 40;
/** Folders a walk outside git never enters: generated or vendored content, not the user's edits. */
const SKIPPED_DIRS = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '.venv',
  'venv',
  '__pycache__',
  'target',
  'dist',
  'build',
  '.cache',
]);

/** Path (relative to the workspace, `/`-separated) → signature. */
type Snapshot = Map<string, string>;

export class WorkspaceWatch {
  #disabled = false;
  /** The repository's top directory, once known (undefined: not a git repository). */
  #top: Promise<string | undefined> | undefined;
  /**
   * The snapshot taken after the last call: the next call of the same turn starts from it instead
   * of taking its own (one git status per call instead of two). Used once; a new turn forgets it,
   * so what the user edited between turns is not put down to the model's next call.
   */
  #last: Snapshot | undefined;

  constructor(
    private readonly cwd: string,
    private readonly limits: WatchLimits = DEFAULT_WATCH_LIMITS,
  ) {}

  /** The state before a call, or undefined when the workspace is not watched. */
  async before(): Promise<Snapshot | undefined> {
    if (this.#disabled) return undefined;
    const last = this.#last;
    this.#last = undefined;
    return last ?? this.#snapshot();
  }

  /** A new turn: the next call takes a snapshot of its own. */
  forget(): void {
    this.#last = undefined;
  }

  /** The files that differ from `before` now (sorted, at most MAX_CHANGED_PER_CALL). */
  async changedSince(before: Snapshot | undefined): Promise<string[]> {
    if (!before || this.#disabled) return [];
    const after = await this.#snapshot();
    if (!after) return [];
    this.#last = after;
    const changed = new Set<string>();
    for (const [path, signature] of after) if (before.get(path) !== signature) changed.add(path);
    for (const path of before.keys()) if (!after.has(path)) changed.add(path);
    return [...changed].sort().slice(0, MAX_CHANGED_PER_CALL);
  }

  async #snapshot(): Promise<Snapshot | undefined> {
    try {
      const started = performance.now();
      this.#top ??= repositoryTop(this.cwd);
      const top = await this.#top;
      const snapshot = top ? await this.#gitSnapshot(top) : this.#walkSnapshot();
      if (!snapshot || performance.now() - started > this.limits.slowMs) this.#disabled = true;
      return snapshot;
    } catch {
      // git failed or timed out, or the directory went away: nothing is known, nothing is claimed.
      this.#disabled = true;
      return undefined;
    }
  }

  async #gitSnapshot(top: string): Promise<Snapshot | undefined> {
    const { stdout } = await runSafeGit(
      this.cwd,
      ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--ignore-submodules=all'],
      { timeoutMs: this.limits.timeoutMs, maxBuffer: this.limits.maxPaths * 256 },
    );
    const snapshot: Snapshot = new Map();
    for (const entry of stdout.split('\0')) {
      if (entry.length < 4) continue;
      if (snapshot.size >= this.limits.maxPaths) return undefined;
      const absolute = join(top, entry.slice(3));
      snapshot.set(workspacePath(this.cwd, absolute), `${entry.slice(0, 2)} ${signature(absolute)}`);
    }
    return snapshot;
  }

  /**
   * Synchronous on purpose: a bounded walk of lstat calls is several times faster than async ones.
   * Relative paths are built along the way (path.relative per file would double the cost).
   */
  #walkSnapshot(): Snapshot | undefined {
    const snapshot: Snapshot = new Map();
    const pending: [string, string][] = [[this.cwd, '']];
    while (pending.length > 0) {
      const [dir, prefix] = pending.pop()!;
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue; // unreadable or gone: its files are not watched
      }
      for (const entry of entries) {
        const path = `${dir}${sep}${entry.name}`;
        const name = `${prefix}${entry.name}`;
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name)) pending.push([path, `${name}/`]);
          continue;
        }
        if (snapshot.size >= this.limits.maxWalkFiles) return undefined;
        snapshot.set(name, signature(path));
      }
    }
    return snapshot;
  }
}

/**
 * Size, inode, modification and change time (ms with their fraction, µs precision): any write
 * changes ctime, even one that restores mtime.
 */
function signature(path: string): string {
  try {
    const stat = lstatSync(path);
    return `${stat.size}:${stat.ino}:${stat.mtimeMs}:${stat.ctimeMs}`;
  } catch {
    return 'missing';
  }
}

async function repositoryTop(cwd: string): Promise<string | undefined> {
  try {
    const { stdout } = await runSafeGit(cwd, ['rev-parse', '--show-toplevel'], { timeoutMs: 3_000 });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

function workspacePath(cwd: string, absolute: string): string {
  return relative(cwd, absolute).split(sep).join('/');
}
