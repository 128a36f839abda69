// `ossa doctor`: the checklist a careful user would run — version, config, secrets, server,
// base_url, model, context window, wire APIs, and a live smoke test — each pass / fail / warn /
// skip with the fix. The report's exit code: 1 when a required check fails, 2 when the config is
// broken. Rendering is the command line's job (cli/doctor/render.ts).
import type { GlobalFlags } from '../../config/flags.js';
import type { ResolvedConfig } from '../../config/index.js';
import type { SessionTarget } from '../prepare-session.js';
import type { DoctorCheck } from './check.js';

export interface DoctorReport {
  ok: boolean;
  exit_code: number;
  profile: string | null;
  provider: string | null;
  model: string | null;
  checks: DoctorCheck[];
}

export interface DoctorInput {
  cwd: string;
  env: NodeJS.ProcessEnv;
  flags: GlobalFlags;
  /** False: skip the live smoke test. */
  smoke: boolean;
  /** The smoke test's time limit (`--smoke-timeout SECONDS`); default 300 s. */
  smokeTimeoutMs?: number;
  /** Told just before the smoke test starts (it takes a while). */
  onSmokeStart?: () => void;
}

export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const { ConfigError, requireApiKey } = await import('../../config/index.js');
  const { configChecks, configErrorCheck, secretsCheck, versionCheck } = await import('./config-checks.js');
  const { fail, skip } = await import('./check.js');
  const { resolveConfigWithOss } = await import('../prepare-session.js');

  const checks: DoctorCheck[] = [versionCheck()];
  const report = (exitCode: number, config?: ResolvedConfig): DoctorReport => ({
    ok: exitCode === 0,
    exit_code: exitCode,
    profile: config?.profile ?? null,
    provider: config?.provider.id ?? null,
    model: config?.model ?? null,
    checks,
  });

  let config: ResolvedConfig;
  try {
    config = await resolveConfigWithOss({ cwd: input.cwd, env: input.env, flags: input.flags });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    checks.push(configErrorCheck(error));
    return report(2);
  }
  checks.push(...configChecks(config), secretsCheck(config));
  const { sandboxCheck } = await import('./sandbox-check.js');
  const sandbox = await sandboxCheck(config, input.env);
  checks.push(sandbox);

  let apiKey: string | undefined;
  try {
    apiKey = requireApiKey(config.provider);
  } catch (error) {
    checks.push(
      fail('api-key', (error as Error).message.split('\nfix: ')[0]!, (error as { fix?: string }).fix),
    );
    return report(1, config);
  }

  const { serverChecks } = await import('./server-checks.js');
  const server = await serverChecks({ config, minimum: config.minContextWindow });
  checks.push(...server.checks);
  const { mcpCheck } = await import('./mcp-check.js');
  const mcp = await mcpCheck(config, input.env, server.contextWindow?.value ?? config.contextWindow);
  if (mcp) checks.push(mcp);

  if (!input.smoke) {
    checks.push(skip('smoke-test', 'skipped (--no-smoke)'));
  } else if (!server.ready) {
    checks.push(skip('smoke-test', 'skipped: fix the checks above first'));
  } else if (sandbox.status === 'fail' || !(await sandboxStarts(input.env))) {
    // Never a model's command without the sandbox, not even in a throwaway directory.
    checks.push(
      skip(
        'smoke-test',
        'skipped: the sandbox cannot start here (see the sandbox check); ossa never runs it unsandboxed',
      ),
    );
  } else {
    const { smokeTest } = await import('./smoke-test.js');
    input.onSmokeStart?.();
    // The smoke test runs on the facts the checks established: the base_url that answered and
    // the window the server reported (the same window truncation is judged against).
    const target: SessionTarget = {
      config,
      provider: { ...config.provider, baseUrl: server.baseUrl, ...(apiKey ? { apiKey } : {}) },
      model: config.model ?? '',
      contextWindow: server.contextWindow ?? { source: 'unknown' },
      warnings: [],
    };
    const timeout = input.smokeTimeoutMs !== undefined ? { timeoutMs: input.smokeTimeoutMs } : {};
    checks.push(await smokeTest({ target, env: input.env, ...timeout }));
  }
  const failed = checks.some((check) => check.status === 'fail' && check.required);
  return report(failed ? 1 : 0, config);
}

/** Whether the smoke test's workspace-write sandbox starts here (also checked under danger-full-access). */
async function sandboxStarts(env: NodeJS.ProcessEnv): Promise<boolean> {
  const { requireSandbox } = await import('../../sandbox/detect.js');
  return requireSandbox(process.platform, env.PATH).then(
    () => true,
    () => false,
  );
}
