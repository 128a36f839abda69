import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalDecision, ApprovalRequest } from '../../protocol/approval.js';
import type { ApprovalPolicy, SandboxMode, SandboxPolicy } from '../../protocol/sandbox-policy.js';
import * as z from '../../protocol/zod.js';
import { buildCommandEnv, DEFAULT_SHELL_ENVIRONMENT_POLICY } from '../../sandbox/env-policy.js';
import type { ToolContext } from '../define-tool.js';
import { toJsonSchema } from '../tool-schema.js';
import { type ShellParams, shellTool } from './tool.js';

let base: string;
let ws: string;
let outside: string;
beforeEach(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'ossa-shell-')));
  ws = join(base, 'ws');
  outside = join(base, 'outside');
  mkdirSync(ws);
  mkdirSync(outside);
  writeFileSync(join(ws, 'a.txt'), 'alpha\n');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

interface Harness {
  ctx: ToolContext;
  requests: ApprovalRequest[];
  controller: AbortController;
}

/** A context whose user answers each approval request with the next scripted decision. */
function harness(
  mode: SandboxMode,
  approval: ApprovalPolicy,
  answers: ApprovalDecision[] = [],
  nonInteractive = false,
): Harness {
  const requests: ApprovalRequest[] = [];
  const controller = new AbortController();
  const sandbox: SandboxPolicy = {
    mode,
    approval,
    writableRoots: mode === 'workspace-write' ? [ws] : [],
    networkAccess: false,
    nonInteractive,
  };
  const ctx: ToolContext = {
    cwd: ws,
    signal: controller.signal,
    sandbox,
    commandEnv: buildCommandEnv(process.env, DEFAULT_SHELL_ENVIRONMENT_POLICY),
    requestApproval: async (request) => {
      requests.push(request);
      const answer = answers.shift();
      if (!answer) throw new Error(`unexpected approval request: ${request.reason}`);
      return answer;
    },
  };
  return { ctx, requests, controller };
}

const run = (params: ShellParams, h: Harness, tool = shellTool) =>
  tool.run(tool.parameters.parse(params), h.ctx);

describe('shell tool: results', () => {
  it('starts with the exit code, then the duration, then the output', async () => {
    const h = harness('workspace-write', 'never');
    const result = await run({ command: ['cat', 'a.txt'] }, h);
    expect(result.output).toMatch(/^Exit code: 0\nDuration: \d+ ms\nOutput:\nalpha$/);
    expect(result.success).toBe(true);
    expect(result.details).toMatchObject({
      kind: 'shell',
      exitCode: 0,
      argv: ['cat', 'a.txt'],
      sandboxed: true,
    });
  });

  it('a failing command is a result, not a throw; workdir is resolved against the workspace', async () => {
    mkdirSync(join(ws, 'sub'));
    const h = harness('read-only', 'never');
    const result = await run({ command: ['sh', '-c', 'pwd; exit 3'], workdir: 'sub' }, h);
    expect(result.output).toMatch(/^Exit code: 3\n/);
    expect(result.output).toContain(join(ws, 'sub'));
    expect(result.success).toBe(false);
  });

  it('a workdir that does not exist is rejected before anything runs', async () => {
    const result = await run({ command: ['ls'], workdir: 'nope' }, harness('read-only', 'never'));
    expect(result.output).toBe(`Command rejected: workdir ${join(ws, 'nope')} is not an existing directory.`);
  });

  it('timeouts and interrupts say so on the first line', async () => {
    const timedOut = await run({ command: ['sleep', '30'], timeout_ms: 200 }, harness('read-only', 'never'));
    expect(timedOut.output).toMatch(/^Timed out after 200 ms: the command was killed\./);
    const h = harness('read-only', 'never');
    const pending = run({ command: ['sh', '-c', 'echo go; sleep 30'] }, h);
    h.controller.abort();
    expect((await pending).output).toMatch(/^Interrupted/);
  });

  it('long output is cut in the middle for the model', async () => {
    const h = harness('read-only', 'never');
    const result = await run({ command: ['sh', '-c', 'seq 1 50000'] }, h);
    expect(result.output).toMatch(/\nOutput:\n1\n2\n3\n/);
    expect(result.output).toMatch(/\[… \d+ bytes omitted …\]/);
    expect(result.output.endsWith('49999\n50000')).toBe(true);
    expect(Buffer.byteLength(result.output)).toBeLessThan(17 * 1024);
  });
});

describe('shell tool: approvals', () => {
  it('untrusted: a read-only command runs without asking, anything else is asked about', async () => {
    const h = harness('workspace-write', 'untrusted', [{ decision: 'denied', reason: 'not now' }]);
    expect((await run({ command: ['ls'] }, h)).output).toMatch(/^Exit code: 0/);
    const denied = await run({ command: ['touch', 'b'] }, h);
    expect(h.requests).toHaveLength(1);
    expect(h.requests[0]).toMatchObject({
      kind: 'command',
      command: ['touch', 'b'],
      cwd: ws,
      unsandboxed: false,
    });
    expect(denied.output).toMatch(/^Command rejected: the user declined \(not now\)/);
    expect(existsSync(join(ws, 'b'))).toBe(false);
  });

  it('on-failure: when the sandbox blocks a command, the user is asked and the retry runs unsandboxed', async () => {
    const h = harness('workspace-write', 'on-failure', [{ decision: 'approved' }]);
    const target = join(outside, 'out.txt');
    const result = await run({ command: ['sh', '-c', `echo written > ${target}`] }, h);
    expect(h.requests).toHaveLength(1);
    expect(h.requests[0]).toMatchObject({ unsandboxed: true });
    expect(result.output).toMatch(/^Exit code: 0\n/);
    expect(result.output).toContain('the user approved running it without the sandbox');
    expect(result.details).toMatchObject({ sandboxed: false });
    expect(readFileSync(target, 'utf8')).toBe('written\n');
  });

  it('on-request: a blocked command tells the model how to escalate; escalation asks, then runs unsandboxed', async () => {
    const tool = shellTool;
    const h = harness('workspace-write', 'on-request', [{ decision: 'approved' }]);
    const target = join(outside, 'out.txt');
    const blocked = await run({ command: ['sh', '-c', `echo x > ${target}`] }, h, tool);
    expect(blocked.output).toMatch(/^Exit code: [1-9]/);
    expect(blocked.output).toContain('escalate: true');
    expect(h.requests).toHaveLength(0);

    const escalated = await run(
      { command: ['sh', '-c', `echo x > ${target}`], escalate: true, justification: 'write the report' },
      h,
      tool,
    );
    expect(h.requests[0]).toMatchObject({ unsandboxed: true });
    expect(h.requests[0]?.reason).toContain('write the report');
    expect(escalated.output).toMatch(/^Exit code: 0/);
    expect(existsSync(target)).toBe(true);
  });

  it('never / exec: nothing is asked, escalation is refused and blocked writes come back as failures', async () => {
    const tool = shellTool;
    const h = harness('workspace-write', 'never', [], true);
    const escalated = await run({ command: ['touch', join(outside, 'x')], escalate: true }, h, tool);
    expect(escalated.output).toMatch(/^Command rejected: Running without the sandbox is not allowed/);
    const blocked = await run({ command: ['touch', join(outside, 'x')] }, h, tool);
    expect(blocked.output).toMatch(/^Exit code: 1\n/);
    expect(blocked.output).toContain('Read-only file system');
    expect(h.requests).toHaveLength(0);
    expect(existsSync(join(outside, 'x'))).toBe(false);
  });
});

describe('shell tool: schema', () => {
  const jsonSchema = () =>
    z.toJSONSchema(shellTool.parameters) as { properties: Record<string, unknown>; required: string[] };

  it('is command/workdir/timeout_ms/escalate/justification under every policy (one declaration: the prompt prefix stays)', () => {
    expect(Object.keys(jsonSchema().properties)).toEqual([
      'command',
      'workdir',
      'timeout_ms',
      'escalate',
      'justification',
    ]);
    expect(jsonSchema().required).toEqual(['command']);
  });

  it('keeps the description short (under ~120 tokens)', () => {
    expect(shellTool.description.length).toBeLessThan(480);
  });

  it('rejects an empty command', () => {
    expect(shellTool.parameters.safeParse({ command: [] }).success).toBe(false);
  });

  it('shows command as string[] to the model, and repairs a plain string into bash -lc', () => {
    const schema = toJsonSchema(shellTool.parameters) as { properties: { command: unknown } };
    expect(schema.properties.command).toEqual({
      type: 'array',
      items: { type: 'string' },
      minItems: 1,
      description: 'argv, e.g. ["rg", "-n", "foo", "src"]',
    });
    expect(shellTool.parameters.parse({ command: 'ls -la | head' })).toEqual({
      command: ['bash', '-lc', 'ls -la | head'],
    });
  });
});
