// Which paths inside the writable roots stay read-only for a sandboxed command: every `.git` and
// `.ossa` at any depth (a nested repository's config and hooks run code on the next `git status`;
// a nested `.ossa/config.toml` changes the next run), the git directories `.git` pointer files
// name (submodules, worktrees), and — so they cannot be created — the `.git` and `.ossa` that do
// not exist yet at the top of each root and in every directory from a root down to the command's
// working directory (where the user's next `git status` and `ossa` start looking).
//
// Finding the nested ones means walking the roots, which costs milliseconds per thousand
// directories: the walk runs once per root and process, and again in the background after each
// command (refreshProtectedPaths), so the next command starts from a fresh list without waiting.
import { type Dirent, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { opendir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isWithin } from './policy.js';

/** Names inside every writable root that commands and patches must not change (compared case-insensitively). */
export const PROTECTED_NAMES = ['.git', '.ossa'] as const;

/** Directories visited per root at most; nested repositories beyond them are not found. */
export const MAX_SCANNED_DIRECTORIES = 20_000;

export interface ProtectedPaths {
  /** Existing real paths to keep read-only. */
  existing: string[];
  /** Paths that do not exist yet and must not come into existence (bwrap needs a placeholder). */
  missing: string[];
}

export function isProtectedName(name: string): boolean {
  const lower = name.toLowerCase();
  return PROTECTED_NAMES.some((protectedName) => protectedName === lower);
}

/** True when some component of `path` below `root` is `.git` or `.ossa` (both absolute). */
export function hasProtectedComponent(path: string, root: string): boolean {
  if (!isWithin(path, root)) return false;
  return relative(root, path).split(sep).some(isProtectedName);
}

const scans = new Map<string, string[]>();
const refreshing = new Map<string, Promise<void>>();

/**
 * The protected paths for a command running in `cwd` with `roots` writable (all real, absolute).
 * Missing paths are listed only where a root's own top or the chain down to `cwd` has none.
 */
export function findProtectedPaths(
  roots: readonly string[],
  commandCwd: string,
  /**
   * Roots whose depths are not walked and that get no placeholders (shared temp dirs like
   * /tmp: huge, shared with other processes, not where the user's repositories live); a `.git`
   * or `.ossa` at their top that exists stays read-only.
   */
  shallowRoots: readonly string[] = [],
): ProtectedPaths {
  const cwd = realIfExists(commandCwd) ?? commandCwd;
  const existing = new Set<string>();
  const missing = new Set<string>();
  const consider = (path: string) => {
    const found = inspect(path);
    if (found === undefined) missing.add(path);
    else for (const entry of found) existing.add(entry);
  };
  for (const root of roots) {
    if (shallowRoots.includes(root)) {
      // Shared by every process on the machine: what exists stays read-only, but no placeholder
      // is made (another ossa's placeholder could vanish under this one's sandbox).
      for (const name of PROTECTED_NAMES)
        for (const entry of inspect(join(root, name)) ?? []) existing.add(entry);
      continue;
    }
    for (const dir of chain(root, cwd)) for (const name of PROTECTED_NAMES) consider(join(dir, name));
    let nested = scans.get(root);
    if (!nested) {
      nested = scanSync(root);
      scans.set(root, nested);
    }
    for (const path of nested) {
      const found = inspect(path);
      if (found) for (const entry of found) existing.add(entry);
    }
  }
  // A path under an existing protected one is covered already; bwrap cannot mount on it anyway.
  const covered = (path: string) => [...existing].some((other) => other !== path && isWithin(path, other));
  return {
    existing: [...existing].filter((path) => !covered(path)),
    missing: [...missing].filter((path) => !covered(path) && !existing.has(path)),
  };
}

/** Walks `roots` again in the background; the next findProtectedPaths uses the result. */
export function refreshProtectedPaths(roots: readonly string[], shallowRoots: readonly string[] = []): void {
  for (const root of roots) {
    if (refreshing.has(root) || shallowRoots.includes(root)) continue;
    const walk = scanAsync(root)
      .then((paths) => {
        scans.set(root, paths);
      })
      .catch(() => {}) // an unreadable root keeps its last list
      .finally(() => refreshing.delete(root));
    refreshing.set(root, walk);
  }
}

/** `root`, then each directory down to `cwd` when `cwd` is below it. */
function chain(root: string, cwd: string): string[] {
  if (!isWithin(cwd, root)) return [root];
  const dirs = [root];
  let current = root;
  for (const part of relative(root, cwd).split(sep).filter(Boolean)) {
    current = join(current, part);
    dirs.push(current);
  }
  return dirs;
}

/**
 * undefined when nothing is at `path`; otherwise the real paths to protect: the entry itself
 * (its target when it is a symlink) and, for a `.git` file, the git directory it names.
 */
function inspect(path: string): string[] | undefined {
  let stats: ReturnType<typeof lstatSync>;
  try {
    stats = lstatSync(path);
  } catch {
    return undefined;
  }
  const found: string[] = [];
  const real = realIfExists(path);
  // A dangling symlink: nothing to mount on; the link itself sits in a writable directory, but
  // writing through it creates a file elsewhere, which the other rules judge.
  if (real) found.push(real);
  else if (!stats.isSymbolicLink()) found.push(path);
  if (real && lstatSync(real).isFile()) {
    const gitdir = readGitdirPointer(real);
    if (gitdir) found.push(gitdir);
  }
  return found;
}

function readGitdirPointer(gitFile: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(gitFile, 'utf8').slice(0, 4096);
  } catch {
    return undefined;
  }
  const match = /^gitdir:\s*(.+?)\s*$/m.exec(text);
  if (!match?.[1]) return undefined;
  return realIfExists(resolve(dirname(gitFile), match[1]));
}

function realIfExists(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Every `.git` / `.ossa` entry below `root` (its top excluded), without entering them. */
function scanSync(root: string): string[] {
  const found: string[] = [];
  const pending = [root];
  let visited = 0;
  while (pending.length > 0 && visited < MAX_SCANNED_DIRECTORIES) {
    const dir = pending.pop()!;
    visited++;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    collect(dir, root, entries, found, pending);
  }
  return found;
}

async function scanAsync(root: string): Promise<string[]> {
  const found: string[] = [];
  const pending = [root];
  let visited = 0;
  while (pending.length > 0 && visited < MAX_SCANNED_DIRECTORIES) {
    const dir = pending.pop()!;
    visited++;
    const entries: Dirent[] = [];
    try {
      for await (const entry of await opendir(dir)) entries.push(entry);
    } catch {
      continue;
    }
    collect(dir, root, entries, found, pending);
  }
  return found;
}

function collect(
  dir: string,
  root: string,
  entries: readonly Dirent[],
  found: string[],
  pending: string[],
): void {
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (isProtectedName(entry.name)) {
      if (dir !== root) found.push(path);
    } else if (entry.isDirectory()) {
      pending.push(path);
    }
  }
}

/** The shared temp directories among possible roots (real paths): `/tmp`, `$TMPDIR`, os.tmpdir(). */
export function tempRoots(env: Readonly<Record<string, string | undefined>>): string[] {
  return [
    ...new Set(['/tmp', env.TMPDIR, tmpdir()].flatMap((dir) => (dir ? [realIfExists(dir) ?? dir] : []))),
  ];
}
