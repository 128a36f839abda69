// The macOS sandbox: a Seatbelt profile for `sandbox-exec -p PROFILE -DNAME=VALUE… -- CMD…`.
// Pure. Paths are passed as -D parameters rather than spliced into the profile text, so a path
// with quotes or parentheses cannot change the profile's meaning.
import type { SandboxPolicy } from '../protocol/sandbox-policy.js';
import { isWithin } from './policy.js';

/** Fixed location: looking it up on PATH would let a writable PATH entry replace the sandbox. */
export const SANDBOX_EXEC_PATH = '/usr/bin/sandbox-exec';

export interface SeatbeltOptions {
  /** Existing real paths inside writable roots that must stay read-only (protected-paths.ts). */
  readOnlySubpaths: readonly string[];
  /** read-only mode: the command's own writable temp dir (absolute, real, existing). */
  privateTmp?: string;
}

export interface SeatbeltProfile {
  profile: string;
  /** Parameter name → absolute path, referenced in the profile as (param "NAME"). */
  params: Record<string, string>;
}

// Everything is denied except reading, running programs and talking to the basic system
// services that ordinary command-line tools need.
const BASE_RULES = [
  '(version 1)',
  '(deny default)',
  '(allow process-exec)',
  '(allow process-fork)',
  '(allow signal (target same-sandbox))',
  '(allow process-info* (target same-sandbox))',
  '(allow file-read*)',
  '(allow sysctl-read)',
  '(allow mach-lookup (global-name "com.apple.system.opendirectoryd.libinfo"))',
  '(allow ipc-posix-shm-read*)',
  '(allow pseudo-tty)',
  '(allow file-ioctl (literal "/dev/tty"))',
  '(allow file-write-data (literal "/dev/null") (literal "/dev/tty") (literal "/dev/stdout") (literal "/dev/stderr"))',
];

const NETWORK_RULES = [
  '(allow network-outbound)',
  '(allow network-inbound)',
  '(allow system-socket)',
  '(allow mach-lookup (global-name "com.apple.dnssd.service") (global-name "com.apple.trustd.agent"))',
];

export function buildSeatbeltProfile(policy: SandboxPolicy, options: SeatbeltOptions): SeatbeltProfile {
  if (policy.mode === 'danger-full-access') {
    throw new Error('buildSeatbeltProfile: danger-full-access runs without sandbox-exec');
  }
  const rules = [...BASE_RULES];
  const params: Record<string, string> = {};
  if (policy.mode === 'read-only' && options.privateTmp) {
    params.PRIVATE_TMP = options.privateTmp;
    rules.push('(allow file-write* (subpath (param "PRIVATE_TMP")))');
  }
  if (policy.mode === 'workspace-write') {
    policy.writableRoots.forEach((root, rootIndex) => {
      const rootParam = `WRITABLE_ROOT_${rootIndex}`;
      params[rootParam] = root;
      const exceptions = options.readOnlySubpaths
        .filter((path) => isWithin(path, root))
        .map((path, subIndex) => {
          const name = `${rootParam}_RO_${subIndex}`;
          params[name] = path;
          return ` (require-not (subpath (param "${name}")))`;
        });
      const match =
        exceptions.length === 0
          ? `(subpath (param "${rootParam}"))`
          : `(require-all (subpath (param "${rootParam}"))${exceptions.join('')})`;
      rules.push(`(allow file-write* ${match})`);
    });
    if (policy.networkAccess) rules.push(...NETWORK_RULES);
  }
  return { profile: `${rules.join('\n')}\n`, params };
}

/** The arguments after `sandbox-exec`. */
export function buildSeatbeltArgs(
  argv: readonly string[],
  policy: SandboxPolicy,
  options: SeatbeltOptions,
): string[] {
  if (argv.length === 0) throw new Error('buildSeatbeltArgs: empty command');
  const { profile, params } = buildSeatbeltProfile(policy, options);
  const defines = Object.entries(params).map(([name, value]) => `-D${name}=${value}`);
  return ['-p', profile, ...defines, '--', ...argv];
}
