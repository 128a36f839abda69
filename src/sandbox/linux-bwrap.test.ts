import { describe, expect, it } from 'vitest';
import type { SandboxPolicy } from '../protocol/sandbox-policy.js';
import { buildBwrapArgs } from './linux-bwrap.js';

const policy = (overrides: Partial<SandboxPolicy>): SandboxPolicy => ({
  mode: 'workspace-write',
  approval: 'on-request',
  writableRoots: [],
  networkAccess: false,
  nonInteractive: false,
  ...overrides,
});

const TAIL = ['--unshare-pid', '--die-with-parent', '--new-session', '--cap-drop', 'ALL'];
const BASE = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc'];
const NO_NET = ['--unshare-net', '--seccomp', '4'];

describe('buildBwrapArgs', () => {
  const cases: {
    name: string;
    policy: SandboxPolicy;
    cwd: string;
    readOnly?: string[];
    privateTmp?: string;
    expected: string[];
  }[] = [
    {
      name: 'read-only: nothing writable but the private temp dir, no network',
      policy: policy({ mode: 'read-only', networkAccess: true }),
      cwd: '/home/u/proj',
      privateTmp: '/tmp/ossa-sandbox-tmp-1',
      expected: [
        ...BASE,
        ...['--bind', '/tmp/ossa-sandbox-tmp-1', '/tmp/ossa-sandbox-tmp-1'],
        ...NO_NET,
        ...TAIL,
        ...['--chdir', '/home/u/proj', '--', 'ls', '-l'],
      ],
    },
    {
      name: 'read-only without a private temp dir: no writable bind at all, /tmp stays visible',
      policy: policy({ mode: 'read-only' }),
      cwd: '/tmp/proj',
      expected: [...BASE, ...NO_NET, ...TAIL, ...['--chdir', '/tmp/proj', '--', 'ls', '-l']],
    },
    {
      name: 'workspace-write: roots parents first, protected subpaths after, network off',
      policy: policy({ writableRoots: ['/home/u/proj', '/tmp'] }),
      cwd: '/home/u/proj/src',
      readOnly: ['/home/u/proj/.git', '/home/u/proj/.ossa', '/elsewhere/.git'],
      expected: [
        ...BASE,
        ...['--bind', '/tmp', '/tmp', '--bind', '/home/u/proj', '/home/u/proj'],
        ...['--ro-bind-try', '/home/u/proj/.git', '/home/u/proj/.git'],
        ...['--ro-bind-try', '/home/u/proj/.ossa', '/home/u/proj/.ossa'],
        ...NO_NET,
        ...TAIL,
        ...['--chdir', '/home/u/proj/src', '--', 'ls', '-l'],
      ],
    },
    {
      name: 'workspace-write with network access keeps the network namespace',
      policy: policy({ writableRoots: ['/w'], networkAccess: true }),
      cwd: '/w',
      expected: [...BASE, '--bind', '/w', '/w', ...TAIL, '--chdir', '/w', '--', 'ls', '-l'],
    },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const args = buildBwrapArgs(['ls', '-l'], testCase.policy, {
        cwd: testCase.cwd,
        readOnlySubpaths: testCase.readOnly ?? [],
        seccompFd: 4,
        ...(testCase.privateTmp ? { privateTmp: testCase.privateTmp } : {}),
      });
      expect(args).toEqual(testCase.expected);
    });
  }

  it('passes the command after -- untouched, even when it looks like bwrap options', () => {
    const args = buildBwrapArgs(['--bind', '/', '/'], policy({ mode: 'read-only' }), {
      cwd: '/',
      readOnlySubpaths: [],
      seccompFd: 4,
    });
    expect(args.slice(args.indexOf('--') + 1)).toEqual(['--bind', '/', '/']);
  });

  it('refuses danger-full-access and empty commands', () => {
    const options = { cwd: '/', readOnlySubpaths: [] };
    expect(() => buildBwrapArgs(['ls'], policy({ mode: 'danger-full-access' }), options)).toThrow(
      /without bubblewrap/,
    );
    expect(() => buildBwrapArgs([], policy({}), options)).toThrow(/empty command/);
  });

  it('network off without the Unix-socket filter is a programming error, not a weaker sandbox', () => {
    expect(() => buildBwrapArgs(['ls'], policy({}), { cwd: '/', readOnlySubpaths: [] })).toThrow(/seccomp/);
  });
});
