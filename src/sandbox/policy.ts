// Which paths a sandboxed command (or a patch) may write: the writable roots of the sandbox mode,
// and the protected subpaths inside them that stay read-only. Paths are resolved here (realpath,
// stat) and nowhere else: everything downstream works on the absolute, real paths it returns, so
// a symlink can never make a root or a protected path mean something else later.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { OssaError } from '../errors.js';
import type { SandboxMode } from '../protocol/sandbox-policy.js';

export interface TempDirOptions {
  /** Do not make `$TMPDIR` writable (`sandbox_workspace_write.exclude_tmpdir_env_var`). */
  excludeTmpdirEnvVar: boolean;
  /** Do not make `/tmp` writable (`sandbox_workspace_write.exclude_slash_tmp`). */
  excludeSlashTmp: boolean;
}

/** An `--add-dir` or `writable_roots` entry that does not exist or is not a directory. */
export class WritableRootError extends OssaError {
  constructor(path: string, why: string) {
    super(
      `Writable directory ${path} ${why}. Create it first or remove it from --add-dir / writable_roots.`,
      2,
    );
  }
}

/**
 * The absolute, real directories commands may write under `mode`, parents before children.
 * Only `workspace-write` has roots: `read-only` has none (its private TMPDIR is not a root) and
 * `danger-full-access` needs none. `addDirs` are resolved against `cwd`.
 */
export function resolveWritableRoots(
  mode: SandboxMode,
  cwd: string,
  addDirs: readonly string[],
  temp: TempDirOptions,
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  if (mode !== 'workspace-write') return [];
  const roots = new Set<string>([realDirectory(cwd)]);
  for (const dir of addDirs) roots.add(realDirectory(resolve(cwd, dir)));
  const optional: string[] = [];
  if (!temp.excludeSlashTmp) optional.push('/tmp');
  const tmpdir = env.TMPDIR;
  if (!temp.excludeTmpdirEnvVar && tmpdir && isAbsolute(tmpdir)) optional.push(tmpdir);
  // Temp directories are a convenience: when one does not exist there is nothing to allow.
  for (const dir of optional) {
    const real = realIfDirectory(dir);
    if (real) roots.add(real);
  }
  return [...roots].sort((a, b) => a.length - b.length || a.localeCompare(b));
}

/** True when `path` (absolute, real) is `root` or below it. */
export function isWithin(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** True when `path`, its symlinks resolved, is inside one of `roots` (a missing path is not). */
export function resolvesWithin(path: string, roots: readonly string[]): boolean {
  const real = realIfExists(path);
  return real !== undefined && roots.some((root) => isWithin(real, root));
}

/**
 * True when a write to `realPath` is allowed: inside some writable root and not inside a
 * protected subpath. `realPath` must already have its symlinks resolved (for a file that does
 * not exist yet: its nearest existing ancestor resolved, the rest appended).
 */
export function isWritablePath(
  realPath: string,
  roots: readonly string[],
  protectedPaths: readonly string[],
): boolean {
  return (
    roots.some((root) => isWithin(realPath, root)) && !protectedPaths.some((path) => isWithin(realPath, path))
  );
}

function realDirectory(path: string): string {
  if (!existsSync(path)) throw new WritableRootError(path, 'does not exist');
  const real = realpathSync(path);
  if (!statSync(real).isDirectory()) throw new WritableRootError(path, 'is not a directory');
  return real;
}

function realIfDirectory(path: string): string | undefined {
  const real = realIfExists(path);
  return real && statSync(real).isDirectory() ? real : undefined;
}

function realIfExists(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
