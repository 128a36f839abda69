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
