// `ossa sandbox`'s use case: run one command under the configured sandbox and environment policy,
// attached to the terminal, and return its exit code — so users can see for themselves what a
// model's command may and may not do.
import type { GlobalFlags } from '../config/flags.js';
import type { SandboxPolicy } from '../protocol/sandbox-policy.js';

export interface SandboxCommandInput {
  cwd: string;
  env: NodeJS.ProcessEnv;
  flags: GlobalFlags;
  argv: string[];
  /** Config warnings. */
  warn: (lines: string[]) => void;
  /** Told when the command is about to run without any sandbox (danger-full-access). */
  onUnsandboxed: () => void;
}

export async function runSandboxed(input: SandboxCommandInput): Promise<number> {
  const { credentialVariables, resolveConfig } = await import('../config/index.js');
  const { resolveWritableRoots } = await import('../sandbox/policy.js');
  const { buildCommandEnv } = await import('../sandbox/env-policy.js');
  const { withPreparedCommand } = await import('../sandbox/launch.js');
  const { runInherited } = await import('../sandbox/spawn-inherited.js');

  // No model is involved, so `--oss` (which picks a model server) changes nothing here.
  const config = await resolveConfig({
    cwd: input.cwd,
    env: input.env,
    flags: { ...input.flags, oss: false },
  });
  input.warn(config.warnings);
  const workspaceWrite = config.sandboxWorkspaceWrite;
  const policy: SandboxPolicy = {
    mode: config.sandboxMode,
    approval: config.approvalPolicy,
    writableRoots: resolveWritableRoots(
      config.sandboxMode,
      config.cwd,
      workspaceWrite.writableRoots,
      workspaceWrite,
      input.env,
    ),
    networkAccess: workspaceWrite.networkAccess,
    nonInteractive: true,
  };
  const env = buildCommandEnv(input.env, config.shellEnvironmentPolicy, {
    alwaysExclude: credentialVariables(config),
  });
  if (policy.mode === 'danger-full-access') {
    input.onUnsandboxed();
  }
  const launch = { platform: process.platform, cwd: config.cwd, env };
  return withPreparedCommand(input.argv, policy, launch, (prepared, commandEnv) =>
    runInherited(prepared, { cwd: config.cwd, env: commandEnv }),
  );
}
