// Command + policy → the program and arguments to spawn. Pure: the caller supplies the platform,
// the sandbox executable it found and the protected paths (detect.ts, policy.ts).
import type { SandboxPolicy } from '../protocol/sandbox-policy.js';
import { EXTERNAL_SANDBOX_HINT, SandboxUnavailableError } from './errors.js';
import { buildBwrapArgs } from './linux-bwrap.js';
import { buildSeatbeltArgs, SANDBOX_EXEC_PATH } from './macos-seatbelt.js';

export interface PrepareOptions {
  platform: NodeJS.Platform;
  /** Absolute working directory of the command. */
  cwd: string;
  /** Existing real paths inside writable roots that stay read-only (protected-paths.ts). */
  readOnlySubpaths: readonly string[];
  /** Path of a working `bwrap` (detect.ts); required on Linux unless danger-full-access. */
  bwrapPath?: string;
  /** Linux: ask bwrap for its info JSON on this fd (see bwrap-info.ts). */
  infoFd?: number;
  /** read-only mode: the command's own writable temp dir (private-tmp.ts). */
  privateTmp?: string;
  /** Linux, network off: the fd bwrap reads the seccomp filter from, and the filter. */
  seccomp?: { fd: number; filter: Buffer };
}

export interface PreparedCommand {
  program: string;
  args: string[];
  /** False only for danger-full-access: the command runs as is. */
  sandboxed: boolean;
  /** Set when the spawner must open a pipe at this fd for bwrap's info JSON. */
  infoFd?: number;
  /** Set when the spawner must feed this filter to bwrap through a pipe at this fd. */
  seccomp?: { fd: number; filter: Buffer };
}

export function prepareCommand(
  argv: readonly string[],
  policy: SandboxPolicy,
  options: PrepareOptions,
): PreparedCommand {
  const [program, ...rest] = argv;
  if (program === undefined) throw new Error('prepareCommand: empty command');
  if (policy.mode === 'danger-full-access') return { program, args: rest, sandboxed: false };
  if (options.platform === 'linux') {
    if (!options.bwrapPath) {
      throw new Error('prepareCommand: bwrapPath is required on Linux (see detect.ts)');
    }
    const network = policy.mode === 'workspace-write' && policy.networkAccess;
    const seccomp = network ? undefined : options.seccomp;
    const args = buildBwrapArgs(argv, policy, {
      ...options,
      ...(seccomp ? { seccompFd: seccomp.fd } : {}),
    });
    const infoFd = options.infoFd;
    return {
      program: options.bwrapPath,
      args,
      sandboxed: true,
      ...(infoFd === undefined ? {} : { infoFd }),
      ...(seccomp ? { seccomp } : {}),
    };
  }
  if (options.platform === 'darwin') {
    return { program: SANDBOX_EXEC_PATH, args: buildSeatbeltArgs(argv, policy, options), sandboxed: true };
  }
  throw new SandboxUnavailableError(
    'unsupported-platform',
    `ossa has no sandbox for ${options.platform} (sandbox mode ${policy.mode}). Use Linux or macOS, ${EXTERNAL_SANDBOX_HINT}`,
  );
}
