// Where a patch path really lands, and whether that is inside the writable roots. Symlinks are
// followed through every existing component (dangling ones too), so `link/x` where `link` points
// out of the workspace, or a file that is itself a symlink to one outside, count as outside.
import { lstat, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isWithin } from '../../sandbox/policy.js';
import { hasProtectedComponent, isProtectedName } from '../../sandbox/protected-paths.js';
import { errorCode } from './os-error-text.js';
import { PatchError } from './patch-error.js';

/** True when `path` is one of `roots` or below one. All paths absolute and normalised. */
export function isInside(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => isWithin(path, root));
}

const MAX_SYMLINK_HOPS = 40;

/**
 * The real path the bytes of `absolutePath` live at: symlinks resolved in every component that
 * exists, including the last one; missing components are appended as they are.
 */
export async function realTarget(absolutePath: string, hops = 0): Promise<string> {
  try {
    return await realpath(absolutePath);
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
  }
  const parent = dirname(absolutePath);
  if (parent === absolutePath) return absolutePath;
  const candidate = join(await realTarget(parent, hops), basename(absolutePath));
  const stats = await lstat(candidate).catch(() => undefined);
  if (!stats?.isSymbolicLink()) return candidate;
  // A dangling symlink: writing creates its target.
  if (hops >= MAX_SYMLINK_HOPS) {
    throw new PatchError(`Too many levels of symbolic links at ${candidate}`);
  }
  return realTarget(resolve(dirname(candidate), await readlink(candidate)), hops + 1);
}

/** The real path of the directory entry itself (parents resolved, the last component kept). */
export async function realEntry(absolutePath: string): Promise<string> {
  const parent = dirname(absolutePath);
  if (parent === absolutePath) return absolutePath;
  return join(await realTarget(parent), basename(absolutePath));
}

export interface ResolvedPath {
  /** As written in the patch. */
  path: string;
  /** Absolute, for messages (the real cwd joined with the path, as Codex prints it). */
  displayPath: string;
  /** Where the operation really happens. */
  realPath: string;
  inside: boolean;
  /** Why it is outside, in words for the user or the model. */
  outsideReason?: string;
}

export interface PathRules {
  /** The real workspace directory. */
  cwd: string;
  /** Real writable roots. */
  roots: readonly string[];
  /** Real paths inside the roots that stay read-only (.git, .ossa): writing there is outside. */
  protectedPaths: readonly string[];
}

/**
 * `follow`: resolve a final symlink (reads and writes go to its target); otherwise the entry
 * itself is meant (deleting a symlink removes the link).
 */
export async function resolvePatchPath(
  path: string,
  rules: PathRules,
  follow: boolean,
): Promise<ResolvedPath> {
  if (path.trim() === '' || path.includes('\0')) {
    throw new PatchError(`Invalid path '${path}': give a file path relative to the working directory.`);
  }
  const displayPath = resolve(rules.cwd, path);
  const realPath = follow ? await realTarget(displayPath) : await realEntry(displayPath);
  const protectedPath =
    protectedComponent(path, displayPath, realPath, rules) ??
    rules.protectedPaths.find((protectedRoot) => isWithin(realPath, protectedRoot));
  if (isInside(realPath, rules.roots) && !protectedPath) return { path, displayPath, realPath, inside: true };
  let outsideReason: string;
  if (protectedPath) outsideReason = `${protectedPath} is protected`;
  else if (isInside(displayPath, rules.roots)) outsideReason = `a symlink leads to ${realPath}`;
  else if (isAbsolute(path)) outsideReason = 'it is an absolute path outside the writable roots';
  else outsideReason = `'..' leads to ${displayPath}`;
  return { path, displayPath, realPath, inside: false, outsideReason };
}

/**
 * A `.git` or `.ossa` component — in the path as written, or in where it really lands below the
 * cwd or a root — makes the write protected whether that directory exists yet or not: a patch
 * must not create a repository's config or hooks, nor a project config, at any depth.
 */
function protectedComponent(
  path: string,
  displayPath: string,
  realPath: string,
  rules: PathRules,
): string | undefined {
  const named = (full: string, base: string) => {
    const parts = relative(base, full).split(sep);
    const index = parts.findIndex(isProtectedName);
    return index < 0 ? undefined : join(base, ...parts.slice(0, index + 1));
  };
  if (path.split(/[\\/]/).some(isProtectedName) && isWithin(displayPath, rules.cwd)) {
    return named(displayPath, rules.cwd);
  }
  for (const base of [rules.cwd, ...rules.roots]) {
    if (hasProtectedComponent(realPath, base)) return named(realPath, base);
  }
  if (path.split(/[\\/]/).some(isProtectedName)) return displayPath;
  return undefined;
}
