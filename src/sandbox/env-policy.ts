// `[shell_environment_policy]`: which environment variables a command the model runs receives.
// Pure. Applied in this order: inherit → default excludes → exclude → set → include_only.
//
// Unlike Codex (whose `ignore_default_excludes` defaults to true, so secrets pass through unless
// configured), ossa drops variables that look like secrets by default: a model-written command
// should not see the user's API keys unless the user says so.

import type { ShellEnvironmentPolicy } from '../protocol/sandbox-policy.js';

export type { ShellEnvironmentPolicy } from '../protocol/sandbox-policy.js';

export const DEFAULT_SHELL_ENVIRONMENT_POLICY: ShellEnvironmentPolicy = {
  inherit: 'all',
  ignoreDefaultExcludes: false,
  exclude: [],
  set: {},
  includeOnly: [],
};

/** `inherit = "core"`: what a Unix command needs to find programs, files and its locale. */
export const CORE_VARIABLES = [
  'HOME',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'LOGNAME',
  'PATH',
  'SHELL',
  'TEMP',
  'TMP',
  'TMPDIR',
  'USER',
] as const;

/**
 * Names that look like secrets. `*AUTH` / `*AUTH_*` / `*_AUTH*`-style matching is spelled out so
 * `GIT_AUTHOR_NAME` survives while `SSH_AUTH_SOCK` (the ssh-agent signs for you),
 * `NPM_CONFIG__AUTH` and `OAUTH_CLIENT_ID` do not.
 */
export const DEFAULT_EXCLUDES = [
  '*KEY*',
  '*SECRET*',
  '*TOKEN*',
  '*PASS*',
  '*CREDENTIAL*',
  '*_PAT',
  '*AUTH',
  '*AUTH_*',
  '*AUTHORIZATION*',
  '*COOKIE*',
  '*PRIVATE*',
] as const;

/** A value that is a URL with user-info (`postgres://user:pw@host/db`): dropped whatever its name. */
const URL_WITH_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]+@/i;

export interface CommandEnvOptions {
  /**
   * Names removed whatever the policy says (only `set` can put them back): the variables the
   * provider and MCP servers read credentials from (`env_key`, `env_http_headers`, …).
   */
  alwaysExclude?: readonly string[];
}

export function buildCommandEnv(
  parentEnv: Readonly<Record<string, string | undefined>>,
  policy: ShellEnvironmentPolicy,
  options: CommandEnvOptions = {},
): Record<string, string> {
  const core = new Set<string>(CORE_VARIABLES);
  let entries = Object.entries(parentEnv).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  if (policy.inherit === 'none') entries = [];
  else if (policy.inherit === 'core') entries = entries.filter(([name]) => core.has(name));

  const drop = [...(policy.ignoreDefaultExcludes ? [] : DEFAULT_EXCLUDES), ...policy.exclude].map(
    globMatcher,
  );
  const always = new Set(options.alwaysExclude ?? []);
  entries = entries.filter(
    ([name, value]) =>
      !always.has(name) &&
      !drop.some((pattern) => pattern.test(name)) &&
      (policy.ignoreDefaultExcludes || !URL_WITH_CREDENTIALS.test(value)),
  );

  const env: Record<string, string> = Object.fromEntries(entries);
  Object.assign(env, policy.set);

  if (policy.includeOnly.length > 0) {
    const keep = policy.includeOnly.map(globMatcher);
    for (const name of Object.keys(env)) {
      if (!keep.some((pattern) => pattern.test(name))) delete env[name];
    }
  }
  return env;
}

/**
 * A case-insensitive whole-name matcher for a glob with `*` and `?`. Matched by the greedy
 * two-pointer walk (at most pattern × name steps), not a RegExp: `*a*a*a*a*b` from a config file
 * must not backtrack exponentially.
 */
export function globMatcher(glob: string): { test(name: string): boolean } {
  const pattern = glob.toLowerCase();
  return { test: (name) => globMatches(pattern, name.toLowerCase()) };
}

function globMatches(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === name[n])) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
