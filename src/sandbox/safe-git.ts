// ossa's own git calls (`@` completion, `/diff`, the workspace snapshots around tool calls) on a
// repository that may be hostile: its config can name programs git runs on its own —
// core.fsmonitor on every index read, hooks, a pager, external diff drivers, textconv,
// clean/smudge/process filters. Each is switched off on the command line, which beats every
// config file, so a repository (or a model's command before the sandbox protected it) cannot
// make ossa run code.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Options that turn off every program a repository's config could make git run for ossa. */
const SAFE_CONFIG = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'diff.external=',
  'core.untrackedCache=false',
];
/** Subcommands that produce diffs: also no external diff drivers and no textconv. */
const DIFF_SUBCOMMANDS = new Set(['diff', 'log', 'show']);

export interface GitResult {
  stdout: string;
}

/**
 * Runs `git args…` in `cwd` with repository-configured programs disabled. Rejects like execFile
 * (the error carries `code`, `stdout`, `stderr`).
 */
export async function runSafeGit(
  cwd: string,
  args: readonly string[],
  options: { maxBuffer?: number; timeoutMs?: number } = {},
): Promise<GitResult> {
  const env = safeEnv(process.env);
  const filters = await filterDrivers(cwd, env);
  const config = [
    ...SAFE_CONFIG,
    ...filters.flatMap((name) => [
      `filter.${name}.clean=`,
      `filter.${name}.smudge=`,
      `filter.${name}.process=`,
      `filter.${name}.required=false`,
    ]),
  ].flatMap((entry) => ['-c', entry]);
  const [subcommand, ...rest] = args;
  const extra = subcommand && DIFF_SUBCOMMANDS.has(subcommand) ? ['--no-ext-diff', '--no-textconv'] : [];
  const argv = ['--no-pager', ...config, ...(subcommand ? [subcommand, ...extra, ...rest] : [])];
  const { stdout } = await run('git', argv, {
    cwd,
    env,
    maxBuffer: options.maxBuffer ?? 16 * 1024 * 1024,
    ...(options.timeoutMs ? { timeout: options.timeoutMs, killSignal: 'SIGKILL' as const } : {}),
  });
  return { stdout };
}

/** The names of the filter drivers the config defines (`filter.<name>.*`), to blank them out. */
async function filterDrivers(cwd: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  try {
    const { stdout } = await run('git', ['config', '--null', '--name-only', '--get-regexp', '^filter\\.'], {
      cwd,
      env,
    });
    const names = new Set<string>();
    for (const key of stdout.split('\0')) {
      const match = /^filter\.(.+)\.[^.]+$/s.exec(key);
      if (match?.[1]) names.add(match[1]);
    }
    return [...names];
  } catch {
    return []; // exit 1: no such keys (or no repository; the real call reports that)
  }
}

/** The parent environment without what would make git run programs or prompt. */
function safeEnv(parent: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...parent, GIT_PAGER: 'cat', PAGER: 'cat', GIT_TERMINAL_PROMPT: '0' };
  // Reading must not write: no opportunistic index refresh (which could also run filters).
  env.GIT_OPTIONAL_LOCKS = '0';
  for (const name of [
    'GIT_EXTERNAL_DIFF',
    'GIT_DIFF_OPTS',
    'GIT_EDITOR',
    'GIT_SSH',
    'GIT_SSH_COMMAND',
    'GIT_ASKPASS',
  ]) {
    delete env[name];
  }
  return env;
}
