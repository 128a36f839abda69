import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalDecision, ApprovalRequest } from '../../protocol/approval.js';
import type { SandboxPolicy } from '../../protocol/sandbox-policy.js';
import type { ToolContext } from '../define-tool.js';
import { applyPatchTool } from './tool.js';

let root: string;
let workspace: string;
let outside: string;

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'ossa-patch-tool-')));
  workspace = join(root, 'ws');
  outside = join(root, 'out');
  await mkdir(workspace);
  await mkdir(outside);
});
afterEach(() => rm(root, { recursive: true, force: true }));

function context(
  sandbox: Partial<SandboxPolicy>,
  answer: ApprovalDecision | ((request: ApprovalRequest) => Promise<ApprovalDecision>),
) {
  const requests: ApprovalRequest[] = [];
  const ctx: ToolContext = {
    cwd: workspace,
    signal: new AbortController().signal,
    sandbox: {
      mode: 'workspace-write',
      approval: 'on-request',
      writableRoots: [workspace],
      networkAccess: false,
      nonInteractive: false,
      ...sandbox,
    },
    commandEnv: {},
    async requestApproval(request) {
      requests.push(request);
      return typeof answer === 'function' ? answer(request) : answer;
    },
  };
  return { ctx, requests };
}

const addInside = '*** Begin Patch\n*** Add File: a.txt\n+hello\n*** End Patch\n';
const addOutside = () => `*** Begin Patch\n*** Add File: ${join(outside, 'x.txt')}\n+hello\n*** End Patch\n`;

describe('apply_patch tool', () => {
  it('writes inside the workspace without asking and returns the summary and details', async () => {
    const { ctx, requests } = context({}, { decision: 'denied', reason: 'no' });
    const result = await applyPatchTool.run({ input: addInside }, ctx);
    expect(result).toEqual({
      output: 'Success. Updated the following files:\nA a.txt\n',
      success: true,
      details: {
        kind: 'apply_patch',
        diff: '--- /dev/null\n+++ b/a.txt\n@@ -0,0 +1 @@\n+hello\n',
        files: [{ path: 'a.txt', kind: 'add' }],
        applied: true,
      },
    });
    expect(requests).toEqual([]);
    expect(await readFile(join(workspace, 'a.txt'), 'utf8')).toBe('hello\n');
  });

  it('asks once for a path outside the writable roots and writes nothing when denied', async () => {
    const { ctx, requests } = context({}, { decision: 'denied', reason: 'not there' });
    const result = await applyPatchTool.run({ input: addOutside() }, ctx);
    expect(result.success).toBe(false);
    expect(result.output).toBe('Patch rejected: not there. No files were modified.');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      kind: 'patch',
      callId: '',
      files: [join(outside, 'x.txt')],
      reason: expect.stringContaining('outside the writable roots'),
    });
    expect(requests[0]?.kind === 'patch' && requests[0].diff).toContain('+hello');
    await expect(readFile(join(outside, 'x.txt'))).rejects.toThrow();
  });

  it('asks before writing into .git or .ossa inside the workspace, as the sandbox keeps them read-only', async () => {
    await mkdir(join(workspace, '.git'));
    await mkdir(join(workspace, '.ossa'));
    for (const path of ['.git/hooks/pre-commit', '.ossa/config.toml']) {
      const { ctx, requests } = context({}, { decision: 'denied', reason: 'no' });
      const result = await applyPatchTool.run(
        { input: `*** Begin Patch\n*** Add File: ${path}\n+x\n*** End Patch\n` },
        ctx,
      );
      expect(result.output, path).toBe('Patch rejected: no. No files were modified.');
      expect(requests, path).toHaveLength(1);
      expect(requests[0]?.reason, path).toContain(`${join(workspace, path.split('/')[0]!)} is protected`);
    }
    expect(await readdir(join(workspace, '.git'))).toEqual([]);
    expect(await readdir(join(workspace, '.ossa'))).toEqual([]);
  });

  it('refuses outside paths without asking under approval never, or when nobody can answer', async () => {
    for (const sandbox of [{ approval: 'never' }, { nonInteractive: true }] as Partial<SandboxPolicy>[]) {
      const { ctx, requests } = context(sandbox, { decision: 'approved' });
      const result = await applyPatchTool.run({ input: addOutside() }, ctx);
      expect(requests).toEqual([]);
      expect(result.success).toBe(false);
      expect(result.output).toMatch(
        /^Patch rejected: .*outside the writable roots.*No files were modified\.$/s,
      );
      expect(result.output).toContain(`${join(outside, 'x.txt')} (it is an absolute path`);
    }
    await expect(readFile(join(outside, 'x.txt'))).rejects.toThrow();
  });

  it('writes outside once approved', async () => {
    const { ctx } = context({}, { decision: 'approved' });
    const result = await applyPatchTool.run({ input: addOutside() }, ctx);
    expect(result.success).toBe(true);
    expect(await readFile(join(outside, 'x.txt'), 'utf8')).toBe('hello\n');
  });

  it('asks under a read-only sandbox and under the untrusted policy, even inside', async () => {
    const sandboxes: Partial<SandboxPolicy>[] = [
      { mode: 'read-only', writableRoots: [] },
      { approval: 'untrusted' },
    ];
    for (const sandbox of sandboxes) {
      const { ctx, requests } = context(sandbox, { decision: 'denied', reason: '' });
      const result = await applyPatchTool.run({ input: addInside }, ctx);
      expect(requests).toHaveLength(1);
      expect(result.output).toMatch(/^Patch rejected: .+\. No files were modified\.$/);
    }
    await expect(readFile(join(workspace, 'a.txt'))).rejects.toThrow();
  });

  it('writes anywhere without asking under danger-full-access', async () => {
    const { ctx, requests } = context(
      { mode: 'danger-full-access', writableRoots: [] },
      { decision: 'denied', reason: '' },
    );
    expect((await applyPatchTool.run({ input: addOutside() }, ctx)).success).toBe(true);
    expect(requests).toEqual([]);
  });

  it('refuses to write when the file changed while waiting for approval', async () => {
    const target = join(outside, 'x.txt');
    await writeFile(target, 'one\n');
    const patch = `*** Begin Patch\n*** Update File: ${target}\n@@\n-one\n+two\n*** End Patch\n`;
    const { ctx } = context({}, async () => {
      await writeFile(target, 'zero\none\n');
      return { decision: 'approved' };
    });
    const result = await applyPatchTool.run({ input: patch }, ctx);
    expect(result.output).toMatch(/^The files changed while the patch waited for approval/);
    expect(await readFile(target, 'utf8')).toBe('zero\none\n');
  });

  it('returns parse and match failures as results the model can act on', async () => {
    await writeFile(join(workspace, 'f.txt'), 'real\n');
    const { ctx } = context({}, { decision: 'approved' });
    const bad = await applyPatchTool.run({ input: '*** Begin Patch\n*** Nope: f\n*** End Patch' }, ctx);
    expect(bad.success).toBe(false);
    expect(bad.output).toMatch(/^Invalid patch hunk on line 2: .*\nNo files were modified\.$/);
    const missing = await applyPatchTool.run(
      { input: '*** Begin Patch\n*** Update File: f.txt\n@@\n-imagined\n+x\n*** End Patch' },
      ctx,
    );
    expect(missing.output).toBe(
      `Failed to find expected lines in ${join(workspace, 'f.txt')}:\nimagined\nNo files were modified. Read the file again and copy the context and - lines exactly.`,
    );
  });

  it('does not write after an interrupt', async () => {
    const controller = new AbortController();
    controller.abort();
    const { ctx } = context({}, { decision: 'approved' });
    const result = await applyPatchTool.run({ input: addInside }, { ...ctx, signal: controller.signal });
    expect(result.output).toBe('Interrupted before the patch was applied. No files were modified.');
    await expect(readFile(join(workspace, 'a.txt'))).rejects.toThrow();
  });

  it('reports a move as the destination with where it came from', async () => {
    await writeFile(join(workspace, 'old.txt'), 'x\n');
    const { ctx } = context({}, { decision: 'approved' });
    const result = await applyPatchTool.run(
      { input: '*** Begin Patch\n*** Update File: old.txt\n*** Move to: new.txt\n@@\n-x\n+y\n*** End Patch' },
      ctx,
    );
    expect(result.details).toMatchObject({
      kind: 'apply_patch',
      applied: true,
      files: [{ path: 'new.txt', kind: 'update', movedFrom: 'old.txt' }],
    });
    expect(result.output).toBe('Success. Updated the following files:\nM new.txt\n');
  });
});
