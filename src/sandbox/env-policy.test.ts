import { describe, expect, it } from 'vitest';
import {
  buildCommandEnv,
  DEFAULT_SHELL_ENVIRONMENT_POLICY,
  globMatcher,
  type ShellEnvironmentPolicy,
} from './env-policy.js';

const parent = {
  PATH: '/usr/bin',
  HOME: '/home/u',
  LANG: 'C.UTF-8',
  EDITOR: 'vim',
  OPENAI_API_KEY: 'sk-1',
  my_api_key: 'lower',
  GITHUB_TOKEN: 'ghp',
  AWS_SECRET_ACCESS_KEY: 'aws',
  DB_PASSWORD: 'pw',
  GOOGLE_APPLICATION_CREDENTIALS: '/creds.json',
  UNSET: undefined,
};
const policy = (overrides: Partial<ShellEnvironmentPolicy>): ShellEnvironmentPolicy => ({
  ...DEFAULT_SHELL_ENVIRONMENT_POLICY,
  ...overrides,
});

describe('buildCommandEnv', () => {
  it('by default inherits everything except names that look like secrets', () => {
    expect(buildCommandEnv(parent, DEFAULT_SHELL_ENVIRONMENT_POLICY)).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/u',
      LANG: 'C.UTF-8',
      EDITOR: 'vim',
    });
  });

  it('ignoreDefaultExcludes lets secrets through (Codex default)', () => {
    const env = buildCommandEnv(parent, policy({ ignoreDefaultExcludes: true }));
    expect(env.OPENAI_API_KEY).toBe('sk-1');
    expect(env.DB_PASSWORD).toBe('pw');
    expect('UNSET' in env).toBe(false);
  });

  it('inherit core keeps only the core variables; none starts empty', () => {
    expect(buildCommandEnv(parent, policy({ inherit: 'core' }))).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/u',
      LANG: 'C.UTF-8',
    });
    expect(buildCommandEnv(parent, policy({ inherit: 'none', set: { A: '1' } }))).toEqual({ A: '1' });
  });

  it('exclude globs are case-insensitive', () => {
    const env = buildCommandEnv(parent, policy({ exclude: ['edit?r', 'l*'] }));
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/u' });
  });

  it('set wins over excludes; include_only applies last, also to set values', () => {
    const env = buildCommandEnv(
      parent,
      policy({ set: { SERVICE_TOKEN: 'forced', EXTRA: 'x' }, includeOnly: ['PATH', '*TOKEN'] }),
    );
    expect(env).toEqual({ PATH: '/usr/bin', SERVICE_TOKEN: 'forced' });
  });
});

describe('globMatcher', () => {
  it('matches whole names and escapes regex characters', () => {
    expect(globMatcher('A.B').test('A.B')).toBe(true);
    expect(globMatcher('A.B').test('AxB')).toBe(false);
    expect(globMatcher('*KEY*').test('keyboard_layout')).toBe(true);
    expect(globMatcher('KEY').test('MY_KEY')).toBe(false);
  });

  it('matches a many-star glob against a long name in linear-ish time (no backtracking blow-up)', () => {
    const glob = `${'*a'.repeat(30)}*b`;
    const started = performance.now();
    expect(globMatcher(glob).test('a'.repeat(20_000))).toBe(false);
    expect(globMatcher('a?c*').test('ABCDEF')).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('secrets a model command must not see', () => {
  const hostile = {
    PATH: '/usr/bin',
    HOME: '/home/u',
    GIT_AUTHOR_NAME: 'Ann',
    SSH_AUTH_SOCK: '/run/user/1000/ssh-agent.sock',
    GITHUB_PAT: 'ghp_1',
    NPM_CONFIG__AUTH: 'dXNlcjpwYXNz',
    OAUTH_CLIENT_ID: 'id',
    GPG_PASSPHRASE: 'pp',
    DATABASE_URL: 'postgres://app:hunter2@db.internal/app',
    PLAIN_URL: 'https://example.com/x',
    GATEWAY_ACCESS: 'provider-env-key-value',
    ROUTING_HDR: 'provider-header-value',
  };
  it('drops *_PAT, *AUTH*, *PASS*, URLs with credentials, SSH_AUTH_SOCK; keeps GIT_AUTHOR_NAME', () => {
    expect(buildCommandEnv(hostile, DEFAULT_SHELL_ENVIRONMENT_POLICY)).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/u',
      GIT_AUTHOR_NAME: 'Ann',
      PLAIN_URL: 'https://example.com/x',
      GATEWAY_ACCESS: 'provider-env-key-value',
      ROUTING_HDR: 'provider-header-value',
    });
  });

  it("the provider's env_key and env_http_headers variables go whatever their names and the policy", () => {
    const options = { alwaysExclude: ['GATEWAY_ACCESS', 'ROUTING_HDR'] };
    for (const candidate of [DEFAULT_SHELL_ENVIRONMENT_POLICY, policy({ ignoreDefaultExcludes: true })]) {
      const env = buildCommandEnv(hostile, candidate, options);
      expect(env.GATEWAY_ACCESS).toBeUndefined();
      expect(env.ROUTING_HDR).toBeUndefined();
    }
    // ignore_default_excludes brings back the rest; `set` is the deliberate way back for one.
    expect(buildCommandEnv(hostile, policy({ ignoreDefaultExcludes: true }), options).DATABASE_URL).toBe(
      hostile.DATABASE_URL,
    );
    expect(buildCommandEnv(hostile, policy({ set: { GATEWAY_ACCESS: 'x' } }), options).GATEWAY_ACCESS).toBe(
      'x',
    );
  });
});
