import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelEvent, ModelRequest } from '../model/types.js';
import type { AgentEvent } from '../protocol/events.js';
import type { SandboxPolicy } from '../protocol/sandbox-policy.js';
import * as z from '../protocol/zod.js';
import { SessionFile } from '../store/session-file.js';
import { defineTool, type ToolDefinition } from '../tools/define-tool.js';
import type { ModelClientLike } from './model-step.js';
import { Session } from './session.js';
import type { ToolRegistryLike } from './tool-runner.js';

/** An empty workspace of its own (the session snapshots its workspace around tool calls). */
const WORK = mkdtempSync(join(tmpdir(), 'ossa-session-test-'));

const policy: SandboxPolicy = {
  mode: 'danger-full-access',
  approval: 'never',
  writableRoots: [],
  networkAccess: true,
  nonInteractive: true,
};

/** A model that plays back one scripted reply per request and records the requests. */
function scriptedClient(replies: ModelEvent[][]): ModelClientLike & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    requests,
    async *stream(request, signal) {
      requests.push(structuredClone(request));
      const reply = replies.shift();
      if (!reply) throw new Error('no scripted reply left');
      for (const event of reply) {
        if (signal.aborted) throw new Error('aborted');
        yield event;
      }
    },
  };
}

function registry(tools: ToolDefinition<never>[]): ToolRegistryLike {
  const byName = new Map(tools.map((t) => [t.name, t as unknown as ToolDefinition<unknown>]));
  return {
    specs: () => tools.map((t) => ({ name: t.name, description: t.description, parameters: {} })),
    get: (name) => byName.get(name),
    parseArguments(name, raw) {
      const tool = byName.get(name);
      if (!tool) return { ok: false, message: `unknown tool ${name}` };
      try {
        const parsed = tool.parameters.safeParse(JSON.parse(raw));
        return parsed.success
          ? { ok: true, params: parsed.data }
          : { ok: false, message: 'invalid arguments' };
      } catch {
        return { ok: false, message: 'arguments are not JSON' };
      }
    },
  };
}

const echoTool = defineTool({
  name: 'echo',
  description: 'echo',
  parameters: z.object({ text: z.string() }),
  async run(params) {
    return { output: `echo: ${params.text}`, success: params.text !== 'fail' };
  },
});

function call(callId: string, name: string, args: string): ModelEvent[] {
  return [
    { type: 'response-start', attempt: 1 },
    { type: 'tool-call-begin', callId, name },
    { type: 'tool-call-end', callId, name, arguments: args },
    { type: 'usage', usage: { inputTokens: 10, outputTokens: 2 } },
    { type: 'finish', reason: 'tool_calls' },
  ];
}

function answer(text: string): ModelEvent[] {
  return [
    { type: 'response-start', attempt: 1 },
    { type: 'reasoning-delta', text: 'thinking' },
    { type: 'text-delta', text },
    { type: 'usage', usage: { inputTokens: 20, outputTokens: 3 } },
    { type: 'finish', reason: 'stop' },
  ];
}

function newSession(client: ModelClientLike, tools = registry([echoTool as never])) {
  const session = new Session({
    model: 'm',
    providerId: 'p',
    client,
    tools,
    instructions: 'be helpful',
    sandbox: policy,
    cwd: WORK,
    commandEnv: {},
  });
  const events: AgentEvent[] = [];
  session.subscribe((e) => events.push(e));
  return { session, events };
}

describe('Session', () => {
  it('runs a tool, feeds its output back and ends with the final answer', async () => {
    const client = scriptedClient([call('c1', 'echo', '{"text":"hi"}'), answer('done')]);
    const { session, events } = newSession(client);
    const outcome = await session.runTurn('say hi');
    expect(outcome).toMatchObject({ status: 'completed', lastMessage: 'done' });
    expect(outcome.usage).toMatchObject({ inputTokens: 30, outputTokens: 5 });
    expect(client.requests[1]!.input).toEqual([
      { type: 'message', role: 'user', text: 'say hi' },
      { type: 'function_call', callId: 'c1', name: 'echo', arguments: '{"text":"hi"}' },
      { type: 'function_call_output', callId: 'c1', output: 'echo: hi' },
    ]);
    expect(events.filter((e) => e.type === 'turn-end')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'turn-end', status: 'completed' });
  });

  it('keeps every request a byte-for-byte extension of the previous one', async () => {
    const client = scriptedClient([call('c1', 'echo', '{"text":"a"}'), answer('one'), answer('two')]);
    const { session } = newSession(client);
    await session.runTurn('first');
    await session.runTurn('second');
    const serialised = client.requests.map((r) => JSON.stringify(r.input).slice(0, -1));
    for (let i = 1; i < serialised.length; i++)
      expect(serialised[i]!.startsWith(serialised[i - 1]!)).toBe(true);
    expect(new Set(client.requests.map((r) => r.instructions)).size).toBe(1);
  });

  it('sends reasoning back on the next request', async () => {
    const client = scriptedClient([
      [{ type: 'reasoning-delta', text: 'need echo' }, ...call('c1', 'echo', '{"text":"a"}')],
      answer('ok'),
    ]);
    const { session } = newSession(client);
    await session.runTurn('go');
    expect(client.requests[1]!.input[1]).toEqual({ type: 'reasoning', text: 'need echo' });
  });

  it('answers an unknown tool and invalid arguments as tool results and continues', async () => {
    const client = scriptedClient([call('c1', 'nope', '{}'), call('c2', 'echo', '{"text":'), answer('ok')]);
    const { session } = newSession(client);
    const outcome = await session.runTurn('go');
    expect(outcome.status).toBe('completed');
    const outputs = client.requests[2]!.input.filter((i) => i.type === 'function_call_output');
    expect(outputs).toEqual([
      { type: 'function_call_output', callId: 'c1', output: 'unknown tool nope' },
      { type: 'function_call_output', callId: 'c2', output: 'arguments are not JSON' },
    ]);
  });

  it('stops a model that repeats the same failing call', async () => {
    const failing = () => call(`c${Math.random()}`, 'echo', '{"text":"fail"}');
    const client = scriptedClient([failing(), failing(), failing(), answer('never reached')]);
    const { session, events } = newSession(client);
    const outcome = await session.runTurn('go');
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/repeated the same failing `echo` call 3 times/);
    expect(events.at(-1)).toMatchObject({ type: 'turn-end', status: 'failed' });
  });

  it('discards partial output when the stream is reset', async () => {
    const client = scriptedClient([
      [
        { type: 'text-delta', text: 'partial' },
        { type: 'reset', reason: 'dropped' },
        { type: 'text-delta', text: 'whole answer' },
        { type: 'finish', reason: 'stop' },
      ],
    ]);
    const { session, events } = newSession(client);
    const outcome = await session.runTurn('go');
    expect(outcome.lastMessage).toBe('whole answer');
    expect(events.some((e) => e.type === 'stream-reset')).toBe(true);
  });

  it('gives every call an output after an interrupt and ends the turn as interrupted', async () => {
    const controller = new AbortController();
    const slowTool = defineTool({
      name: 'slow',
      description: 'waits for the abort',
      parameters: z.object({}),
      run: (_params, ctx) =>
        new Promise((resolve) => {
          ctx.signal.addEventListener('abort', () => resolve({ output: 'killed', success: false }));
          controller.abort();
        }),
    });
    const client = scriptedClient([
      [
        { type: 'tool-call-end', callId: 'a', name: 'slow', arguments: '{}' },
        { type: 'tool-call-end', callId: 'b', name: 'slow', arguments: '{}' },
        { type: 'finish', reason: 'tool_calls' },
      ],
    ]);
    const { session, events } = newSession(client, registry([slowTool as never]));
    const outcome = await session.runTurn('go', controller.signal);
    expect(outcome.status).toBe('interrupted');
    const outputs = session.items.filter((i) => i.type === 'function_call_output');
    expect(outputs.map((o) => o.callId)).toEqual(['a', 'b']);
    expect(events.filter((e) => e.type === 'turn-end')).toHaveLength(1);
  });

  it('fails the turn with the model error message', async () => {
    const client: ModelClientLike = {
      // biome-ignore lint/correctness/useYield: the stream fails before producing anything
      async *stream() {
        throw new Error('HTTP 500 from http://x/v1/responses: boom');
      },
    };
    const { session } = newSession(client);
    const outcome = await session.runTurn('go');
    expect(outcome).toMatchObject({ status: 'failed', error: 'HTTP 500 from http://x/v1/responses: boom' });
  });

  it('asks a human through approval events, remembers "for session", and denies on interrupt', async () => {
    const asking = defineTool({
      name: 'ask',
      description: 'asks before acting',
      parameters: z.object({}),
      async run(_params, ctx) {
        const answer = await ctx.requestApproval({
          kind: 'patch',
          callId: '',
          diff: 'd',
          files: ['f'],
          reason: 'r',
        });
        return { output: answer.decision, success: answer.decision !== 'denied' };
      },
    });
    const client = scriptedClient([
      call('a', 'ask', '{}'),
      call('b', 'ask', '{"other":true}'),
      answer('done'),
      call('c', 'ask', '{}'),
      answer('done again'),
    ]);
    const session = new Session({
      model: 'm',
      providerId: 'p',
      client,
      tools: registry([asking as never]),
      instructions: 'i',
      sandbox: { ...policy, nonInteractive: false },
      cwd: WORK,
      commandEnv: {},
    });
    session.subscribe((event) => {
      if (event.type === 'approval-request') {
        session.submit({
          type: 'approval',
          callId: event.request.callId,
          decision: { decision: 'approved-for-session' },
        });
      }
    });
    await session.runTurn('go');
    const outputs = session.items.filter((i) => i.type === 'function_call_output').map((i) => i.output);
    // The second call is approved from the session memory without a new question.
    expect(outputs).toEqual(['approved-for-session', 'approved']);

    const controller = new AbortController();
    const pending = new Session({
      model: 'm',
      providerId: 'p',
      client: scriptedClient([call('d', 'ask', '{}')]),
      tools: registry([asking as never]),
      instructions: 'i',
      sandbox: { ...policy, nonInteractive: false },
      cwd: WORK,
      commandEnv: {},
    });
    const decisions: string[] = [];
    pending.subscribe((event) => {
      if (event.type === 'approval-request') controller.abort();
      if (event.type === 'approval-decision') decisions.push(JSON.stringify(event.decision));
    });
    const outcome = await pending.runTurn('go', controller.signal);
    expect(outcome.status).toBe('interrupted');
    expect(decisions).toEqual(['{"decision":"denied","reason":"interrupted"}']);
  });

  it('ends the turn with an error and a turn-end naming the file when the disk is full', async () => {
    const client = scriptedClient([call('c1', 'echo', '{"text":"hi"}'), answer('done')]);
    const session = new Session({
      model: 'm',
      providerId: 'p',
      client,
      tools: registry([echoTool as never]),
      instructions: 'be helpful',
      sandbox: policy,
      cwd: WORK,
      commandEnv: {},
      // Every write to /dev/full fails with ENOSPC, as on a full disk.
      store: SessionFile.open('/dev/full'),
    });
    const events: AgentEvent[] = [];
    session.subscribe((e) => events.push(e));
    const outcome = await session.runTurn('say hi');
    expect(outcome.status).toBe('failed');
    expect(events.find((e) => e.type === 'error')).toMatchObject({
      message: expect.stringMatching(/Cannot save the session to \/dev\/full: the disk is full \(ENOSPC/),
    });
    expect(events.at(-1)).toMatchObject({ type: 'turn-end', status: 'failed' });
  });

  it('gives every call left without an output by a crash one before the next request', async () => {
    const client = scriptedClient([answer('ok')]);
    const session = new Session({
      model: 'm',
      providerId: 'p',
      client,
      tools: registry([echoTool as never]),
      instructions: 'be helpful',
      sandbox: policy,
      cwd: WORK,
      commandEnv: {},
      history: [
        { type: 'message', role: 'user', text: 'run two' },
        { type: 'function_call', callId: 'a', name: 'echo', arguments: '{}' },
        { type: 'function_call', callId: 'b', name: 'echo', arguments: '{}' },
        { type: 'function_call_output', callId: 'a', output: 'done a' },
      ],
    });
    await session.runTurn('go on');
    expect(client.requests[0]!.input.slice(1)).toEqual([
      { type: 'function_call', callId: 'a', name: 'echo', arguments: '{}' },
      { type: 'function_call', callId: 'b', name: 'echo', arguments: '{}' },
      { type: 'function_call_output', callId: 'a', output: 'done a' },
      {
        type: 'function_call_output',
        callId: 'b',
        output: 'Interrupted: ossa stopped before this finished.',
      },
      { type: 'message', role: 'user', text: 'go on' },
    ]);
  });
});

/** A scripted client whose usage counts the request at 4 bytes per token, like a real server would. */
function meteredClient(replies: ModelEvent[][]): ModelClientLike & { requests: ModelRequest[] } {
  const inner = scriptedClient(replies);
  return {
    requests: inner.requests,
    async *stream(request, signal) {
      const inputTokens = Math.ceil(JSON.stringify(request).length / 4);
      for await (const event of inner.stream(request, signal)) {
        yield event.type === 'usage' ? { ...event, usage: { ...event.usage, inputTokens } } : event;
      }
    },
  };
}

describe('Session context management', () => {
  it('/compact summarises the older part into a handoff, keeps the instructions and tools, and the next request extends it', async () => {
    const bigEcho = defineTool({
      name: 'echo',
      description: 'echo',
      parameters: z.object({ text: z.string() }),
      async run(params) {
        return { output: `echo: ${params.text}\n${'line of output\n'.repeat(300)}`, success: true };
      },
    });
    const client = meteredClient([
      call('c1', 'echo', '{"text":"a"}'),
      call('c2', 'echo', '{"text":"b"}'),
      call('c3', 'echo', '{"text":"c"}'),
      answer('first done'),
      answer('## Goal\nEcho things.\n## Next step\nEcho more.'),
      answer('second done'),
    ]);
    const session = new Session({
      model: 'm',
      providerId: 'p',
      client,
      tools: registry([bigEcho as never]),
      instructions: 'be helpful',
      sandbox: policy,
      cwd: WORK,
      commandEnv: {},
      context: { window: 8192 },
    });
    const events: AgentEvent[] = [];
    session.subscribe((e) => events.push(e));
    await session.runTurn('echo three things');
    const outcome = await session.compact('the echo results');
    expect(outcome.error).toBeUndefined();
    expect(outcome.status).toBe('completed');
    const summaryRequest = client.requests[4]!;
    expect(summaryRequest.instructions).toBe('be helpful');
    expect(summaryRequest.tools).toEqual(client.requests[0]!.tools);
    const prompt = summaryRequest.input.at(-1);
    expect(prompt).toMatchObject({ type: 'message', role: 'user' });
    expect(prompt?.type === 'message' && prompt.text).toContain('the echo results');
    const compaction = events.find((e) => e.type === 'compaction');
    expect(compaction).toMatchObject({ stage: 'summary', reason: 'manual', requests: 1 });
    const first = session.items[0];
    expect(first?.type === 'message' && first.text).toContain('Echo things.');
    expect(first?.type === 'message' && first.text).toContain('echo three things');
    expect(session.items.length).toBeLessThan(9);
    await session.runTurn('again');
    expect(client.requests[5]!.input.slice(0, session.items.length - 2)).toEqual(
      session.items.slice(0, session.items.length - 2),
    );
  });

  it('caps a tool output to the budget of the window before it enters history (stage 0)', async () => {
    const flood = defineTool({
      name: 'echo',
      description: 'echo',
      parameters: z.object({ text: z.string() }),
      async run() {
        return { output: 'x'.repeat(200_000), success: true };
      },
    });
    const client = meteredClient([call('c1', 'echo', '{"text":"a"}'), answer('done')]);
    const session = new Session({
      model: 'm',
      providerId: 'p',
      client,
      tools: registry([flood as never]),
      instructions: 'i',
      sandbox: policy,
      cwd: WORK,
      commandEnv: {},
      context: { window: 16384 },
    });
    await session.runTurn('go');
    const output = session.items.find((i) => i.type === 'function_call_output');
    // 10 % of 16K tokens, at ≤ 4 bytes per token.
    expect(output && Buffer.byteLength(output.output)).toBeLessThanOrEqual(1638 * 4);
    expect(output?.type === 'function_call_output' && output.output).toContain('ossa left out');
  });
});

describe('approve-for-session scope', () => {
  it('a patch to the same file name but another real path (a symlink swapped in) is asked again', async () => {
    const scopes = [['inside:/ws/notes.txt'], ['inside:/ws/notes.txt'], ['outside:/etc/passwd']];
    const asking = defineTool({
      name: 'ask',
      description: 'asks before acting',
      parameters: z.object({}),
      async run(_params, ctx) {
        const answer = await ctx.requestApproval({
          kind: 'patch',
          callId: '',
          diff: 'd',
          files: ['notes.txt'],
          reason: 'r',
          scope: scopes.shift()!,
        });
        return { output: answer.decision, success: answer.decision !== 'denied' };
      },
    });
    const session = new Session({
      model: 'm',
      providerId: 'p',
      client: scriptedClient([
        call('a', 'ask', '{}'),
        call('b', 'ask', '{}'),
        call('c', 'ask', '{}'),
        answer('ok'),
      ]),
      tools: registry([asking as never]),
      instructions: 'i',
      sandbox: { ...policy, nonInteractive: false },
      cwd: WORK,
      commandEnv: {},
    });
    let questions = 0;
    session.subscribe((event) => {
      if (event.type === 'approval-request') {
        questions++;
        const decision =
          questions === 1
            ? { decision: 'approved-for-session' as const }
            : { decision: 'denied' as const, reason: 'no' };
        session.submit({ type: 'approval', callId: event.request.callId, decision });
      }
    });
    await session.runTurn('go');
    const outputs = session.items.filter((i) => i.type === 'function_call_output').map((i) => i.output);
    expect(outputs).toEqual(['approved-for-session', 'approved', 'denied']);
    expect(questions).toBe(2);
  });
});
