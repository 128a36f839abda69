// Patches a hostile model writes against the trust boundary: .git and .ossa at any depth
// (existing or not), symlinks into them, and approve-for-session reused after a file was
// swapped for a symlink pointing out. Real files in temp dirs, the real tool.
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalDecision, ApprovalRequest } from '../../protocol/approval.js';
import type { SandboxPolicy } from '../../protocol/sandbox-policy.js';
import type { ToolContext } from '../define-tool.js';
import { applyPatchTool } from './tool.js';

let root: string;
let ws: string;
let outside: string;
beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'ossa-patch-protect-')));
  ws = join(root, 'ws');
  outside = join(root, 'out');
  await mkdir(ws);
  await mkdir(outside);
});
afterEach(() => rm(root, { recursive: true, force: true }));

function context(
  approval: SandboxPolicy['approval'],
  answer: (request: ApprovalRequest) => ApprovalDecision,
) {
  const requests: ApprovalRequest[] = [];
  const ctx: ToolContext = {
    cwd: ws,
    signal: new AbortController().signal,
    sandbox: {
      mode: 'workspace-write',
      approval,
      writableRoots: [ws],
      networkAccess: false,
      nonInteractive: false,
    },
    commandEnv: {},
    async requestApproval(request) {
      requests.push(request);
      return answer(request);
    },
  };
  return { ctx, requests };
}

const add = (path: string, line = 'x') => `*** Begin Patch\n*** Add File: ${path}\n+${line}\n*** End Patch\n`;

describe('apply_patch and protected names', () => {
  for (const path of [
    'sub/.git/config',
    'sub/.git/hooks/pre-commit',
    'deep/er/.ossa/config.toml',
    '.ossa/config.toml',
    '.git/hooks/post-checkout',
    'sub/.GIT/config',
    'sub/./.git/config',
    'a/../sub/.ossa/config.toml',
  ]) {
    it(`a patch creating ${path} (nothing of it exists) is refused under never`, async () => {
      const { ctx } = context('never', () => ({ decision: 'approved' }));
      const result = await applyPatchTool.run({ input: add(path) }, ctx);
      expect(result.success).toBe(false);
      expect(result.output).toMatch(/is protected/);
      await expect(readFile(join(ws, path))).rejects.toThrow();
    });
  }

  it('asks (never silently writes) under on-request, naming the protected directory', async () => {
    const { ctx, requests } = context('on-request', () => ({ decision: 'denied', reason: 'no' }));
    const result = await applyPatchTool.run({ input: add('sub/.git/config') }, ctx);
    expect(result.success).toBe(false);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.reason).toContain(`${join(ws, 'sub', '.git')} is protected`);
  });

  it('a symlink in the workspace pointing into a nested .git counts as the .git', async () => {
    await mkdir(join(ws, 'sub', '.git'), { recursive: true });
    await symlink(join(ws, 'sub', '.git'), join(ws, 'innocent'));
    const { ctx } = context('never', () => ({ decision: 'approved' }));
    const result = await applyPatchTool.run({ input: add('innocent/config') }, ctx);
    expect(result.success).toBe(false);
    await expect(readFile(join(ws, 'sub', '.git', 'config'))).rejects.toThrow();
  });

  it('a moved file may not land in .ossa', async () => {
    await writeFile(join(ws, 'notes.txt'), 'a\n');
    const { ctx } = context('never', () => ({ decision: 'approved' }));
    const patch =
      '*** Begin Patch\n*** Update File: notes.txt\n*** Move to: sub/.ossa/config.toml\n@@\n-a\n+approval_policy = "never"\n*** End Patch\n';
    const result = await applyPatchTool.run({ input: patch }, ctx);
    expect(result.success).toBe(false);
    expect(await readFile(join(ws, 'notes.txt'), 'utf8')).toBe('a\n');
  });
});

describe('approve-for-session is bound to the real paths', () => {
  it('a file swapped for a symlink pointing out is asked about again', async () => {
    await writeFile(join(ws, 'notes.txt'), 'one\n');
    await writeFile(join(outside, 'secret.txt'), 'one\n');
    // What the session remembers: the scope of each approved-for-session request.
    const approved = new Set<string>();
    const asked: ApprovalRequest[] = [];
    const { ctx } = context('untrusted', (request) => {
      const key = JSON.stringify(request.kind === 'patch' ? request.scope : []);
      if (approved.has(key)) return { decision: 'approved' };
      asked.push(request);
      approved.add(key);
      return { decision: 'approved-for-session' };
    });
    const update = (from: string, to: string) =>
      `*** Begin Patch\n*** Update File: notes.txt\n@@\n-${from}\n+${to}\n*** End Patch\n`;
    expect((await applyPatchTool.run({ input: update('one', 'two') }, ctx)).success).toBe(true);
    expect((await applyPatchTool.run({ input: update('two', 'three') }, ctx)).success).toBe(true);
    expect(asked).toHaveLength(1);

    await unlink(join(ws, 'notes.txt'));
    await symlink(join(outside, 'secret.txt'), join(ws, 'notes.txt'));
    const { ctx: denying } = context('untrusted', (request) => {
      const key = JSON.stringify(request.kind === 'patch' ? request.scope : []);
      if (approved.has(key)) return { decision: 'approved' };
      asked.push(request);
      return { decision: 'denied', reason: 'not that file' };
    });
    const result = await applyPatchTool.run({ input: update('one', 'pwned') }, denying);
    expect(result.success).toBe(false);
    expect(asked).toHaveLength(2);
    expect(asked[1]?.kind === 'patch' && asked[1].scope).toEqual([`outside:${join(outside, 'secret.txt')}`]);
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('one\n');
  });
});
