// The steps before every sandboxed spawn, shared by runCommand (the shell tool) and `ossa sandbox`:
// find and probe the sandbox (detect.ts), give a read-only command its private TMPDIR
// (private-tmp.ts), and turn argv + policy into the program to spawn (prepare.ts).
import { basename, dirname } from 'node:path';
import type { SandboxPolicy } from '../protocol/sandbox-policy.js';
import { BWRAP_INFO_FD, BWRAP_SECCOMP_FD } from './bwrap-info.js';
import { requireSandbox, type SandboxSupport } from './detect.js';
import { EXTERNAL_SANDBOX_HINT, SandboxUnavailableError } from './errors.js';
import { withPlaceholders } from './placeholders.js';
import { type PreparedCommand, prepareCommand } from './prepare.js';
import { needsPrivateTmp, withPrivateTmp, withTmpEnv } from './private-tmp.js';
import { findProtectedPaths, refreshProtectedPaths, tempRoots } from './protected-paths.js';

export interface LaunchOptions {
  platform: NodeJS.Platform;
  /** Absolute working directory. */
  cwd: string;
  /** The command's environment (already filtered by env-policy.ts). */
  env: Record<string, string>;
}

/**
 * Calls `run` with the prepared command and the environment to spawn it with; the private temp
 * dir lives until `run` settles. Throws SandboxUnavailableError, before anything runs, when the
 * policy needs a sandbox this machine cannot provide.
 */
export async function withPreparedCommand<T>(
  argv: readonly string[],
  policy: SandboxPolicy,
  options: LaunchOptions,
  run: (prepared: PreparedCommand, env: Record<string, string>) => Promise<T>,
): Promise<T> {
  const { platform, cwd, env } = options;
  const support: SandboxSupport =
    policy.mode === 'danger-full-access'
      ? {}
      : await requireSandbox(platform, env.PATH, policy.writableRoots);
  const network = policy.mode !== 'read-only' && policy.networkAccess;
  if (platform === 'linux' && policy.mode !== 'danger-full-access' && !network && !support.socketFilter) {
    throw new SandboxUnavailableError(
      'unsupported-platform',
      `ossa has no Unix-socket filter for ${process.arch}, so "network off" cannot be enforced here. ` +
        'Set `sandbox_workspace_write.network_access = true` with `-s workspace-write` (commands may then use the network and Unix sockets), ' +
        EXTERNAL_SANDBOX_HINT,
    );
  }
  const writable = policy.mode === 'workspace-write';
  const shallow = tempRoots(env);
  const found = writable
    ? findProtectedPaths(policy.writableRoots, cwd, shallow)
    : { existing: [], missing: [] };
  try {
    // A root's own `.ossa` placeholder stays for the whole run (most workspaces have none, and
    // it is no project-root marker); `.git` ones only while the command runs, so an empty `.git`
    // never makes a directory look like a project root to the rest of the session.
    const atRootTop = (path: string) =>
      basename(path) === '.ossa' && policy.writableRoots.includes(dirname(path));
    return await withPlaceholders(found.missing, atRootTop, (placeholders) =>
      withPrivateTmp(needsPrivateTmp(policy), (privateTmp) => {
        const prepared = prepareCommand(argv, policy, {
          platform,
          cwd,
          readOnlySubpaths: [...found.existing, ...placeholders],
          ...(support.bwrapPath ? { bwrapPath: support.bwrapPath } : {}),
          infoFd: BWRAP_INFO_FD,
          ...(support.socketFilter
            ? { seccomp: { fd: BWRAP_SECCOMP_FD, filter: support.socketFilter } }
            : {}),
          ...(privateTmp ? { privateTmp } : {}),
        });
        return run(prepared, withTmpEnv(env, privateTmp));
      }),
    );
  } finally {
    // What the command created is protected from the next one on (protected-paths.ts).
    if (writable) refreshProtectedPaths(policy.writableRoots, shallow);
  }
}
