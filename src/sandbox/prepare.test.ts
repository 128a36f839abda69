import { describe, expect, it } from 'vitest';
import type { SandboxPolicy } from '../protocol/sandbox-policy.js';
import { SandboxUnavailableError } from './errors.js';
import { prepareCommand } from './prepare.js';

const policy = (mode: SandboxPolicy['mode']): SandboxPolicy => ({
  mode,
  approval: 'never',
  writableRoots: mode === 'workspace-write' ? ['/w'] : [],
  networkAccess: false,
  nonInteractive: true,
});
const options = {
  cwd: '/w',
  readOnlySubpaths: [],
  bwrapPath: '/usr/bin/bwrap',
  seccomp: { fd: 4, filter: Buffer.alloc(8) },
};

describe('prepareCommand', () => {
  it('danger-full-access runs the argv unchanged, on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(prepareCommand(['ls', '-l'], policy('danger-full-access'), { ...options, platform })).toEqual({
        program: 'ls',
        args: ['-l'],
        sandboxed: false,
      });
    }
  });

  it('linux wraps the command in bwrap', () => {
    const prepared = prepareCommand(['ls', '-l'], policy('workspace-write'), {
      ...options,
      platform: 'linux',
    });
    expect(prepared.program).toBe('/usr/bin/bwrap');
    expect(prepared.sandboxed).toBe(true);
    expect(prepared.args).toContain('--bind');
    expect(prepared.args.slice(-3)).toEqual(['--', 'ls', '-l']);
  });

  it('darwin wraps the command in sandbox-exec', () => {
    const prepared = prepareCommand(['ls'], policy('read-only'), { ...options, platform: 'darwin' });
    expect(prepared.program).toBe('/usr/bin/sandbox-exec');
    expect(prepared.args.slice(-2)).toEqual(['--', 'ls']);
  });

  it('darwin read-only passes the private temp dir to the profile', () => {
    const prepared = prepareCommand(['ls'], policy('read-only'), {
      ...options,
      platform: 'darwin',
      privateTmp: '/private/tmp/t',
    });
    expect(prepared.args).toContain('-DPRIVATE_TMP=/private/tmp/t');
  });

  it('other platforms have no sandbox: a typed error, never an unsandboxed run', () => {
    expect(() => prepareCommand(['ls'], policy('read-only'), { ...options, platform: 'win32' })).toThrow(
      SandboxUnavailableError,
    );
  });
});
