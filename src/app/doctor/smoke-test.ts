// The live end-to-end check (docs: cli-contract.md, "ossa doctor smoke test"): in a fresh
// temporary git repository a real session asks the model to (1) run a command with `shell`,
// (2) create a file with `apply_patch`, (3) answer. It passes when the command ran, the file
// holds the requested line and a final answer arrived; it reports time to first token and tokens
// per second (the server's own timings where it reports them), and whether the server cut the
// prompt. It stops early when the model clearly fails (smoke-watch.ts) and at its time limit.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResolvedConfig } from '../../config/index.js';
import type { Session } from '../../session/session.js';
import type { SessionTarget } from '../prepare-session.js';
import type { DoctorCheck } from './check.js';
import { runSmokeSession } from './smoke-run.js';
import { smokeVerdict } from './smoke-verdict.js';

export { SMOKE_FILE, SMOKE_LINE, SMOKE_MARKER } from './smoke-run.js';

/** The time limit when none is given (`ossa doctor --smoke-timeout SECONDS`). */
export const DEFAULT_SMOKE_TIMEOUT_MS = 300_000;

export interface SmokeInput {
  /** Provider (with the base_url that answered), model and window, as the checks found them. */
  target: SessionTarget;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export async function smokeTest(input: SmokeInput): Promise<DoctorCheck> {
  const dir = mkdtempSync(join(tmpdir(), 'ossa-doctor-'));
  try {
    const git = spawnSync('git', ['init', '-q'], { cwd: dir });
    if (git.status !== 0) mkdirSync(join(dir, '.git'));
    // The sandbox check passed before this runs (run-doctor.ts); a sandbox that cannot start
    // makes the command fail, which this check reports — it never falls back to no sandbox.
    const sandboxMode: ResolvedConfig['sandboxMode'] = 'workspace-write';
    const session = await smokeSession(input, dir, sandboxMode);
    try {
      const run = await runSmokeSession({
        session,
        dir,
        timeoutMs: input.timeoutMs ?? DEFAULT_SMOKE_TIMEOUT_MS,
        ...(input.signal ? { signal: input.signal } : {}),
      });
      const tools = input.target.contextWindow.supportsTools;
      return smokeVerdict(run, sandboxMode, {
        model: input.target.model,
        ...(tools !== undefined ? { supportsTools: tools } : {}),
      });
    } finally {
      await session.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A non-interactive, unsaved session in `dir`: sandboxed writes there only, nobody asked. */
async function smokeSession(
  input: SmokeInput,
  dir: string,
  sandboxMode: ResolvedConfig['sandboxMode'],
): Promise<Session> {
  const config: ResolvedConfig = {
    ...input.target.config,
    cwd: dir,
    projectRoot: dir,
    sandboxMode,
    approvalPolicy: 'never',
    sandboxWorkspaceWrite: { ...input.target.config.sandboxWorkspaceWrite, writableRoots: [] },
  };
  const { createSession } = await import('../create-session.js');
  return createSession({
    target: { ...input.target, config },
    env: input.env,
    nonInteractive: true,
    ephemeral: true,
  });
}
