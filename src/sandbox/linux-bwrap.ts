// The bubblewrap command line for a sandboxed command (Linux). Pure: paths come in already real
// and absolute (see policy.ts), nothing is read from the disk here.
//
// Mount order matters, later mounts cover earlier ones:
//   1. the whole filesystem read-only, fresh /dev and /proc;
//   2. read-only mode: only the command's private temp dir is bound read-write (the caller makes
//      it and points TMPDIR at it); /tmp itself stays visible and read-only, so programs and
//      files that live under /tmp keep working;
//      workspace-write: each writable root bound read-write, parents before children;
//   3. the protected subpaths (.git, .ossa, a worktree's gitdir) read-only again, last.
// With the network off, the command also runs under the seccomp filter that refuses Unix-domain
// (and other non-namespaced) sockets: see seccomp-socket-filter.ts.
import type { SandboxPolicy } from '../protocol/sandbox-policy.js';
import { isWithin } from './policy.js';

export interface BwrapOptions {
  /** Absolute working directory of the command. */
  cwd: string;
  /** Existing real paths inside writable roots that must stay read-only (protected-paths.ts). */
  readOnlySubpaths: readonly string[];
  /** Have bwrap write its info JSON (the namespace init's pid) to this fd (see bwrap-info.ts). */
  infoFd?: number;
  /** read-only mode: the command's own writable temp dir (absolute, real, existing). */
  privateTmp?: string;
  /**
   * Network off: bwrap reads the seccomp socket filter from this fd (seccomp-socket-filter.ts).
   * Required whenever the network is off, so no caller can forget the Unix-socket block.
   */
  seccompFd?: number;
}

/** The arguments after `bwrap` (the program itself is not included). */
export function buildBwrapArgs(
  argv: readonly string[],
  policy: SandboxPolicy,
  options: BwrapOptions,
): string[] {
  if (policy.mode === 'danger-full-access') {
    throw new Error('buildBwrapArgs: danger-full-access runs without bubblewrap');
  }
  if (argv.length === 0) throw new Error('buildBwrapArgs: empty command');
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc'];

  if (policy.mode === 'read-only') {
    if (options.privateTmp) args.push('--bind', options.privateTmp, options.privateTmp);
  } else {
    const roots = [...policy.writableRoots].sort((a, b) => a.length - b.length);
    for (const root of roots) args.push('--bind', root, root);
    for (const path of options.readOnlySubpaths) {
      // -try: a path another process removed meanwhile (a concurrent run's placeholder) must not
      // stop the command; what is there is mounted read-only.
      if (roots.some((root) => isWithin(path, root))) args.push('--ro-bind-try', path, path);
    }
  }

  const network = policy.mode === 'workspace-write' && policy.networkAccess;
  if (!network) {
    if (options.seccompFd === undefined) throw new Error('buildBwrapArgs: network off needs the seccomp fd');
    args.push('--unshare-net', '--seccomp', String(options.seccompFd));
  }
  args.push(
    // Its own pid namespace: when bwrap dies, the kernel kills every process inside it.
    '--unshare-pid',
    '--die-with-parent',
    // No controlling terminal: the command cannot push input into the user's terminal (TIOCSTI).
    '--new-session',
    // As root, bwrap would otherwise keep every capability, and CAP_SYS_ADMIN can remount / rw.
    '--cap-drop',
    'ALL',
    ...(options.infoFd === undefined ? [] : ['--info-fd', String(options.infoFd)]),
    '--chdir',
    options.cwd,
    '--',
    ...argv,
  );
  return args;
}
