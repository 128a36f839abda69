// `sandbox`: does the configured sandbox mode work on this machine — the same detection and
// bubblewrap probe (namespaces, seccomp filter) every command goes through — and if not, how to
// fix it. The smoke test depends on it: ossa never runs a model's command unsandboxed to test it.
import type { ResolvedConfig } from '../../config/index.js';
import { type DoctorCheck, fail, pass, warn } from './check.js';

export async function sandboxCheck(
  config: Pick<ResolvedConfig, 'sandboxMode' | 'sandboxWorkspaceWrite' | 'cwd'>,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): Promise<DoctorCheck> {
  const mode = config.sandboxMode;
  if (mode === 'danger-full-access') {
    return warn(
      'sandbox',
      'danger-full-access: commands the model writes run without any sandbox',
      'use it only inside a container or VM that is itself the sandbox; otherwise choose -s workspace-write or read-only',
      { mode },
    );
  }
  const { requireSandbox } = await import('../../sandbox/detect.js');
  const { SandboxUnavailableError } = await import('../../sandbox/errors.js');
  try {
    const support = await requireSandbox(platform, env.PATH);
    const network = mode === 'workspace-write' && config.sandboxWorkspaceWrite.networkAccess;
    if (platform === 'linux' && !network && !support.socketFilter) {
      return fail(
        'sandbox',
        `${mode}: no Unix-socket filter for ${process.arch}, so "network off" cannot be enforced`,
        'set sandbox_workspace_write.network_access = true with -s workspace-write, or run inside an external sandbox with -s danger-full-access',
        { mode },
      );
    }
    const how = support.bwrapPath ? `bubblewrap ${support.bwrapPath}` : 'sandbox-exec';
    const net = network ? 'network on' : 'network off, Unix sockets refused';
    return pass('sandbox', `${mode} works here (${how}; ${net})`, {
      mode,
      ...(support.bwrapPath ? { bwrap: support.bwrapPath } : {}),
    });
  } catch (error) {
    if (!(error instanceof SandboxUnavailableError)) throw error;
    const [detail, ...rest] = error.message.split(/(?<=\.) (?=[A-Z`])/);
    return fail('sandbox', `${mode} cannot start: ${detail}`, rest.join(' ') || undefined, {
      mode,
      reason: error.reason,
    });
  }
}
