// Finds the platform's sandbox and proves once per process that it works here. Bubblewrap needs
// user namespaces, which some containers and hardened kernels refuse; that is found out by a
// probe run with the same flags real commands use, and reported with the fix.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { BWRAP_SECCOMP_FD } from './bwrap-info.js';
import { EXTERNAL_SANDBOX_HINT, SandboxUnavailableError } from './errors.js';
import { SANDBOX_EXEC_PATH } from './macos-seatbelt.js';
import { resolvesWithin } from './policy.js';
import { buildSocketFilter } from './seccomp-socket-filter.js';

export interface SandboxSupport {
  /** The working bubblewrap (Linux only). */
  bwrapPath?: string;
  /** Linux: the seccomp filter for network-off commands; missing on architectures without one. */
  socketFilter?: Buffer;
}

// Searched after PATH: where distributions install it.
const BWRAP_FALLBACK_DIRS = ['/usr/bin', '/usr/local/bin', '/bin'];

// The flags that need kernel support, as buildBwrapArgs uses them (the seccomp filter is added
// when this architecture has one).
const PROBE_ARGS = [
  '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc',
  '--unshare-net', '--unshare-pid', '--die-with-parent', '--new-session', '--cap-drop', 'ALL',
]; // biome-ignore format: grouped like a command line

const probes = new Map<string, Promise<SandboxSupport>>();

/**
 * Resolves when commands can be sandboxed on `platform`, with what to use; rejects with a
 * SandboxUnavailableError that says why not. The probe runs once per bwrap path and process.
 * A `bwrap` inside `writableRoots` is passed over: a sandboxed command could have put it there,
 * and the next command would run through it unsandboxed (think of a virtualenv's bin on PATH).
 */
export function requireSandbox(
  platform: NodeJS.Platform,
  pathVar: string | undefined,
  writableRoots: readonly string[] = [],
): Promise<SandboxSupport> {
  if (platform === 'darwin') {
    if (existsSync(SANDBOX_EXEC_PATH)) return Promise.resolve({});
    return Promise.reject(
      new SandboxUnavailableError(
        'unsupported-platform',
        `${SANDBOX_EXEC_PATH} is missing; ${EXTERNAL_SANDBOX_HINT}`,
      ),
    );
  }
  if (platform !== 'linux') {
    return Promise.reject(
      new SandboxUnavailableError(
        'unsupported-platform',
        `ossa has no sandbox for ${platform}. Use Linux or macOS, ${EXTERNAL_SANDBOX_HINT}`,
      ),
    );
  }
  const bwrapPath = findExecutable(
    'bwrap',
    pathVar,
    BWRAP_FALLBACK_DIRS,
    (candidate) =>
      !resolvesWithin(dirname(candidate), writableRoots) && !resolvesWithin(candidate, writableRoots),
  );
  if (!bwrapPath) {
    return Promise.reject(
      new SandboxUnavailableError(
        'bwrap-missing',
        'The sandbox needs bubblewrap (`bwrap`), which is not installed or not on PATH. ' +
          `Install it (Debian/Ubuntu: \`apt-get install bubblewrap\`, Fedora: \`dnf install bubblewrap\`), ${EXTERNAL_SANDBOX_HINT}`,
      ),
    );
  }
  let probe = probes.get(bwrapPath);
  if (!probe) {
    probe = probeBwrap(bwrapPath);
    probes.set(bwrapPath, probe);
  }
  return probe;
}

/**
 * The first executable file called `name` in `pathVar`'s directories, then in `fallbackDirs`,
 * that `acceptable` (if given) lets through.
 */
export function findExecutable(
  name: string,
  pathVar: string | undefined,
  fallbackDirs: readonly string[] = [],
  acceptable: (candidate: string) => boolean = () => true,
): string | undefined {
  const dirs = [...(pathVar ?? '').split(delimiter), ...fallbackDirs].filter((dir) => isAbsolute(dir));
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
    } catch {
      continue; // not here; keep looking
    }
    if (acceptable(candidate)) return candidate;
  }
  return undefined;
}

/** Turns a failed probe's stderr into the error the user sees. Pure. */
export function explainBwrapFailure(bwrapPath: string, stderr: string): SandboxUnavailableError {
  const detail = stderr.trim() || 'no error message';
  if (/namespace|uid map|RTM_NEWADDR|Operation not permitted|No space left on device/i.test(detail)) {
    return new SandboxUnavailableError(
      'userns-denied',
      `The sandbox cannot start: ${bwrapPath} may not create user namespaces here (${detail}). ` +
        'Allow unprivileged user namespaces — `sysctl -w kernel.unprivileged_userns_clone=1` (Debian), ' +
        '`sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` (Ubuntu 23.10+), ' +
        '`sysctl -w user.max_user_namespaces=15000`; in Docker, run the container with ' +
        `\`--security-opt seccomp=unconfined --security-opt apparmor=unconfined\` — ${EXTERNAL_SANDBOX_HINT}`,
    );
  }
  return new SandboxUnavailableError(
    'bwrap-failed',
    `The sandbox cannot start: \`${bwrapPath} ${probeArgs(true).join(' ')}\` failed (${detail}). ` +
      `Fix bubblewrap on this machine, ${EXTERNAL_SANDBOX_HINT}`,
  );
}

function probeArgs(withFilter: boolean): string[] {
  return [...PROBE_ARGS, ...(withFilter ? ['--seccomp', String(BWRAP_SECCOMP_FD)] : []), '--', 'true'];
}

function probeBwrap(bwrapPath: string): Promise<SandboxSupport> {
  const socketFilter = buildSocketFilter();
  return new Promise((resolve, reject) => {
    const child = spawn(bwrapPath, probeArgs(socketFilter !== undefined), {
      stdio: ['ignore', 'ignore', 'pipe', 'ignore', 'pipe'],
      timeout: 10_000,
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const filterPipe = child.stdio[BWRAP_SECCOMP_FD] as import('node:stream').Writable | null;
    filterPipe?.on('error', () => {}); // bwrap failing early closes it; its stderr says why
    filterPipe?.end(socketFilter ?? Buffer.alloc(0));
    child.on('error', (error) => reject(explainBwrapFailure(bwrapPath, error.message)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ bwrapPath, ...(socketFilter ? { socketFilter } : {}) });
      else reject(explainBwrapFailure(bwrapPath, stderr || `exit ${code ?? signal}`));
    });
  });
}
