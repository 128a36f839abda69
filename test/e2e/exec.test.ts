// `ossa exec` end to end: the built CLI against the scripted model server on 127.0.0.1, on both
// wires, with the real sandbox, real tools and real files.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/protocol/events.js';
import { runOssa, spawnOssa } from '../kit/run-cli.js';
import { type ScriptedModelServer, startScriptedModelServer } from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome, tempDir } from '../kit/workspace.js';

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const PATCH = [
  '*** Begin Patch',
  '*** Update File: greet.sh',
  '@@',
  '-echo "hello"',
  '+echo "hello, world"',
  '*** End Patch',
].join('\n');

/** The model requests (POSTs on a wire), without the set-up probes. */
function modelCalls(server: ScriptedModelServer) {
  return server.requests.filter((request) => request.wire !== undefined);
}

function outputsOf(body: unknown): string[] {
  const request = body as {
    input?: { type: string; output?: string }[];
    messages?: { role: string; content: string }[];
  };
  if (request.input)
    return request.input.filter((i) => i.type === 'function_call_output').map((i) => i.output ?? '');
  return (request.messages ?? []).filter((m) => m.role === 'tool').map((m) => m.content);
}

describe.each(['responses', 'chat'] as const)('ossa exec over the %s wire', (wireApi) => {
  it('reads with shell, edits with apply_patch, verifies and answers', async () => {
    server = await startScriptedModelServer({
      turns: [
        {
          reasoning: 'Look at the script first.',
          toolCalls: [{ name: 'shell', arguments: { command: ['cat', 'greet.sh'] } }],
        },
        { toolCalls: [{ name: 'apply_patch', arguments: { input: PATCH } }] },
        { toolCalls: [{ name: 'shell', arguments: { command: ['sh', 'greet.sh'] } }] },
        { text: 'Updated greet.sh to say hello, world; running it prints the new greeting.' },
      ],
    });
    const home = mockHome(server.url, { wireApi });
    const work = gitWorkspace({ 'greet.sh': 'echo "hello"\n' });

    const result = await runOssa(['exec', '-s', 'workspace-write', 'make greet.sh greet the world'], {
      cwd: work,
      env: { OSSA_HOME: home },
    });

    expect(result.stderr).toContain('$ cat greet.sh');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Updated greet.sh to say hello, world; running it prints the new greeting.\n');
    expect(readFileSync(join(work, 'greet.sh'), 'utf8')).toBe('echo "hello, world"\n');
    expect(modelCalls(server!)).toHaveLength(4);
    expect(modelCalls(server!).every((r) => r.wire === wireApi)).toBe(true);
    const last = outputsOf(modelCalls(server!)[3]!.body);
    expect(last[0]).toMatch(/^Exit code: 0/);
    expect(last[0]).toContain('echo "hello"');
    expect(last[1]).toContain('Success. Updated the following files:\nM greet.sh');
    expect(last[2]).toContain('hello, world');
    // Every request extends the previous one, so a local server can reuse its KV cache.
    const raw = modelCalls(server!).map((r) => r.rawBody);
    const historyKey = wireApi === 'chat' ? '"messages":' : '"input":';
    for (let i = 1; i < raw.length; i++) {
      const previous = raw[i - 1]!;
      const cut = previous.indexOf(']', previous.indexOf(historyKey)) - 1;
      expect(raw[i]!.slice(0, cut)).toBe(previous.slice(0, cut));
    }
    // The reasoning of the first reply goes back to the model.
    expect(raw[1]).toContain('Look at the script first.');
  });

  it('returns invalid arguments and unknown tools to the model and keeps going', async () => {
    server = await startScriptedModelServer({
      turns: [
        { toolCalls: [{ name: 'no_such_tool', arguments: {} }] },
        { toolCalls: [{ name: 'shell', arguments: '{"command": 42}' }] },
        { text: 'Gave up politely.' },
      ],
    });
    const home = mockHome(server.url, { wireApi });
    const work = gitWorkspace();
    const result = await runOssa(['exec', 'do something'], { cwd: work, env: { OSSA_HOME: home } });
    expect(result.code).toBe(0);
    const outputs = outputsOf(modelCalls(server!)[2]!.body);
    expect(outputs[0]).toContain('no_such_tool');
    expect(outputs[0]).toContain('shell');
    expect(outputs[1]).toContain('command');
  });
});

describe('ossa exec', () => {
  it('prints versioned JSONL events with --json and writes -o without a trailing newline', async () => {
    server = await startScriptedModelServer({
      turns: [{ toolCalls: [{ name: 'shell', arguments: { command: ['true'] } }] }, { text: 'All done.' }],
    });
    const home = mockHome(server.url);
    const work = gitWorkspace();
    const out = join(tempDir('ossa-out-'), 'last.txt');
    const result = await runOssa(['exec', '--json', '-o', out, 'go'], {
      cwd: work,
      env: { OSSA_HOME: home },
    });
    expect(result.code).toBe(0);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AgentEvent);
    expect(events[0]).toMatchObject({ type: 'session-start', schemaVersion: 2 });
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'turn-begin',
        'tool-call-begin',
        'tool-call-end',
        'message',
        'usage',
        'turn-end',
      ]),
    );
    expect(events.filter((e) => e.type === 'turn-end')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'turn-end', status: 'completed', lastMessage: 'All done.' });
    expect(readFileSync(out, 'utf8')).toBe('All done.');
  });

  it('takes the prompt from stdin, and appends piped stdin to an argument prompt', async () => {
    server = await startScriptedModelServer({ turns: [{ text: 'one' }, { text: 'two' }] });
    const home = mockHome(server.url);
    const work = gitWorkspace();
    const a = await runOssa(['exec', '-'], { cwd: work, env: { OSSA_HOME: home }, input: 'from stdin\n' });
    expect(a.code).toBe(0);
    const b = await runOssa(['exec', 'summarise'], {
      cwd: work,
      env: { OSSA_HOME: home },
      input: 'log line\n',
    });
    expect(b.code).toBe(0);
    expect(modelCalls(server!)[0]!.rawBody).toContain('from stdin');
    expect(modelCalls(server!)[1]!.rawBody).toContain('summarise\\n\\n<stdin>\\nlog line\\n</stdin>');
  });

  it('refuses to run outside a git repository unless told to', async () => {
    server = await startScriptedModelServer({ turns: [{ text: 'ok' }] });
    const home = mockHome(server.url);
    const plain = tempDir('ossa-plain-');
    const refused = await runOssa(['exec', 'hi'], { cwd: plain, env: { OSSA_HOME: home } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--skip-git-repo-check');
    expect(modelCalls(server!)).toHaveLength(0);
    const allowed = await runOssa(['exec', '--skip-git-repo-check', 'hi'], {
      cwd: plain,
      env: { OSSA_HOME: home },
    });
    expect(allowed.code).toBe(0);
  });

  it('exec flags given before `resume` apply to it: `exec --json resume --last` prints JSONL', async () => {
    server = await startScriptedModelServer({ turns: [{ text: 'first answer' }, { text: 'second answer' }] });
    const home = mockHome(server.url);
    const work = gitWorkspace();
    expect((await runOssa(['exec', 'first question'], { cwd: work, env: { OSSA_HOME: home } })).code).toBe(0);
    const out = join(tempDir('ossa-out-'), 'last.txt');
    const resumed = await runOssa(['exec', '--json', '-o', out, 'resume', '--last', 'second question'], {
      cwd: work,
      env: { OSSA_HOME: home },
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    const lines = resumed.stdout.trim().split('\n');
    expect(lines.every((line) => line.startsWith('{'))).toBe(true);
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'session-start', resumed: true });
    expect(readFileSync(out, 'utf8')).toBe('second answer');
  });

  it('saves the session and resumes it with the earlier history', async () => {
    server = await startScriptedModelServer({ turns: [{ text: 'first answer' }, { text: 'second answer' }] });
    const home = mockHome(server.url);
    const work = gitWorkspace();
    expect((await runOssa(['exec', 'first question'], { cwd: work, env: { OSSA_HOME: home } })).code).toBe(0);
    const resumed = await runOssa(['exec', 'resume', '--last', 'second question'], {
      cwd: work,
      env: { OSSA_HOME: home },
    });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toBe('second answer\n');
    const body = modelCalls(server!)[1]!.rawBody;
    expect(body.indexOf('first question')).toBeGreaterThan(-1);
    expect(body.indexOf('first answer')).toBeGreaterThan(body.indexOf('first question'));
    expect(body.indexOf('second question')).toBeGreaterThan(body.indexOf('first answer'));
  });

  it('resumed with other flags, the request starts with the bytes of the last one (server cache kept)', async () => {
    server = await startScriptedModelServer({
      turns: [{ text: 'first answer' }, { text: 'second answer' }, { text: 'third answer' }],
      wires: ['chat'],
    });
    const home = mockHome(server.url, { wireApi: 'chat' });
    const work = gitWorkspace();
    const run = async (args: string[]) => {
      const result = await runOssa(args, { cwd: work, env: { OSSA_HOME: home } });
      expect(result.code, result.stderr).toBe(0);
    };
    await run(['exec', '-s', 'read-only', 'first question']);
    await run(['exec', '-s', 'workspace-write', '-a', 'untrusted', 'resume', '--last', 'second question']);
    await run(['exec', '-s', 'workspace-write', '-a', 'untrusted', 'resume', '--last', 'third question']);
    type Chat = { messages: { role: string; content: string }[]; tools: unknown };
    const [first, second, third] = modelCalls(server!).map((call) => call.body as Chat);
    // The system message and tools are the same bytes; the conversation so far is unchanged.
    expect(second!.messages[0]).toEqual(first!.messages[0]);
    expect(second!.tools).toEqual(first!.tools);
    expect(second!.messages.slice(0, first!.messages.length)).toEqual(first!.messages);
    expect(first!.messages[0]!.content).not.toContain('Sandbox:');
    // The new environment comes with the new message, and only once it changed.
    const users = (body: Chat) => body.messages.filter((m) => m.role === 'user').map((m) => m.content);
    expect(users(first!)[0]).toMatch(/^<environment_context>[\s\S]*Sandbox: read-only[\s\S]*first question$/);
    expect(users(second!)[1]).toMatch(
      /^<environment_context>[\s\S]*Sandbox: workspace-write[\s\S]*second question$/,
    );
    expect(users(third!)[2]).toBe('third question');
    expect(third!.messages.slice(0, second!.messages.length)).toEqual(second!.messages);
  });

  it('does not save an --ephemeral session', async () => {
    server = await startScriptedModelServer({ turns: [{ text: 'ok' }] });
    const home = mockHome(server.url);
    const work = gitWorkspace();
    expect((await runOssa(['exec', '--ephemeral', 'hi'], { cwd: work, env: { OSSA_HOME: home } })).code).toBe(
      0,
    );
    expect(existsSync(join(home, 'sessions'))).toBe(false);
  });

  it('stops on Ctrl-C with exit 130 and kills the running command', async () => {
    server = await startScriptedModelServer({
      turns: [
        {
          toolCalls: [
            {
              name: 'shell',
              arguments: { command: ['sh', '-c', 'echo started; sleep 30 & sleep 30; wait'] },
            },
          ],
        },
      ],
    });
    const home = mockHome(server.url);
    const work = gitWorkspace();
    const run = spawnOssa(['exec', '-s', 'danger-full-access', 'wait a while'], {
      cwd: work,
      env: { OSSA_HOME: home },
    });
    await run.waitForOutput('$ sh -c');
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    const leftovers = execFileSync('ps', ['-eo', 'args'])
      .toString()
      .split('\n')
      .filter((l) => l.trim() === 'sleep 30');
    expect(leftovers).toEqual([]);
  });

  it('fails with exit 1 and the server message when the model server errors', async () => {
    server = await startScriptedModelServer({
      turns: [
        { fault: 'status', status: 500, body: { error: { message: 'model exploded' } } },
        { fault: 'status', status: 500, body: { error: { message: 'model exploded' } } },
      ],
    });
    const home = mockHome(server.url);
    const work = gitWorkspace();
    const result = await runOssa(['exec', 'hi'], { cwd: work, env: { OSSA_HOME: home } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('model exploded');
    expect(result.stderr).toContain(server.url);
  });

  it('exits 2 naming the variable when the provider key is missing', async () => {
    server = await startScriptedModelServer({ turns: [{ text: 'never' }] });
    const home = mockHome(server.url, { extra: '' });
    const work = gitWorkspace();
    const result = await runOssa(['exec', '-c', 'model_providers.mock.env_key="MOCK_KEY_FOR_TEST"', 'hi'], {
      cwd: work,
      env: { OSSA_HOME: home, MOCK_KEY_FOR_TEST: undefined },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('MOCK_KEY_FOR_TEST');
    expect(modelCalls(server!)).toHaveLength(0);
  });
});

describe('ossa exec --dangerously-bypass-approvals-and-sandbox', () => {
  it('says loudly that nothing is sandboxed, also with --json', async () => {
    server = await startScriptedModelServer({ turns: [{ text: 'ok' }] });
    const home = mockHome(server.url);
    const result = await runOssa(['exec', '--json', '--dangerously-bypass-approvals-and-sandbox', 'hi'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: home },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('WITHOUT a sandbox and WITHOUT asking');
    expect(result.stdout).toContain('"sandbox":"danger-full-access"');
  });
});

describe('ossa exec approvals without a human', () => {
  it('rejects a command the policy would ask about, tells the model why, and shows the reason', async () => {
    server = await startScriptedModelServer({
      turns: [
        { toolCalls: [{ name: 'shell', arguments: { command: ['touch', 'x.txt'] } }] },
        { text: 'Could not.' },
      ],
    });
    const home = mockHome(server.url);
    const work = gitWorkspace();
    const result = await runOssa(['exec', '-a', 'untrusted', '-s', 'workspace-write', 'make x'], {
      cwd: work,
      env: { OSSA_HOME: home },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('exit null');
    // The person sees the policy's reason from the typed details, not the text for the model.
    expect(result.stderr).toContain('rejected: Approval policy `untrusted`');
    expect(result.stderr).not.toContain('Command rejected');
    expect(existsSync(join(work, 'x.txt'))).toBe(false);
    const output = outputsOf(modelCalls(server).at(-1)!.body)[0];
    expect(output).toMatch(/^Command rejected/);
  });
});

describe('reasoning round trip on the chat wire', () => {
  it.each([
    ['scripted-model', 'reasoning_content'],
    ['gpt-oss:20b', 'reasoning'],
  ])('sends %s its reasoning back in `%s`', async (model, field) => {
    server = await startScriptedModelServer({
      models: [model],
      turns: [
        {
          reasoning: 'Check the tree first.',
          toolCalls: [{ name: 'shell', arguments: { command: ['true'] } }],
        },
        { text: 'ok' },
      ],
    });
    const home = mockHome(server.url, { wireApi: 'chat' });
    const result = await runOssa(['exec', '-m', model, 'go'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: home },
    });
    expect(result.code).toBe(0);
    const messages = (modelCalls(server)[1]!.body as { messages: Record<string, unknown>[] }).messages;
    const assistant = messages.find((m) => m.role === 'assistant' && m.tool_calls);
    expect(assistant?.[field]).toBe('Check the tree first.');
  });
});
