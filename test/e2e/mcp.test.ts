// MCP end to end: the built CLI against the scripted model server, with real MCP servers from npm
// (`@modelcontextprotocol/server-everything` over stdio, streamable HTTP and the old HTTP+SSE
// transport; `@modelcontextprotocol/server-filesystem` over stdio) and a fault server written with
// the SDK (test/kit/mcp-fault-server.mjs) spawned as real processes. The model calls their tools;
// each test checks the call reached the server and its result reached the next request.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/protocol/events.js';
import { runOssa } from '../kit/run-cli.js';
import {
  type ScriptedModelServer,
  type ScriptedTurn,
  startScriptedModelServer,
} from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome, tempDir } from '../kit/workspace.js';

const EVERYTHING = fileURLToPath(
  new URL('../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url),
);
const FILESYSTEM = fileURLToPath(
  new URL('../../node_modules/@modelcontextprotocol/server-filesystem/dist/index.js', import.meta.url),
);
const FAULT = fileURLToPath(new URL('../kit/mcp-fault-server.mjs', import.meta.url));
const NODE = process.execPath;

let model: ScriptedModelServer | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  await model?.close();
  model = undefined;
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function stdioServer(id: string, script: string, args: string[] = [], extra = ''): string {
  return [
    `[mcp_servers.${id}]`,
    `command = ${JSON.stringify(NODE)}`,
    `args = ${JSON.stringify([script, ...args])}`,
    extra,
    '',
  ].join('\n');
}

function faultServer(id: string, args: string[] = [], extra = ''): string {
  return stdioServer(id, FAULT, args, extra);
}

interface Run {
  code: number | null;
  events: AgentEvent[];
  stderr: string;
  /** The model requests, in order. */
  requests: { tools: { name: string }[]; outputs: string[]; raw: string }[];
}

async function runWith(
  turns: ScriptedTurn[],
  servers: string,
  options: { prompt?: string; args?: string[]; env?: Record<string, string> } = {},
): Promise<Run> {
  model = await startScriptedModelServer({ turns });
  const home = mockHome(model.url, { extra: servers });
  const result = await runOssa(
    ['exec', '--json', ...(options.args ?? []), options.prompt ?? 'use the tools'],
    {
      cwd: gitWorkspace({ 'notes.txt': 'the notes file\n' }),
      env: { OSSA_HOME: home, ...options.env },
      timeoutMs: 60_000,
    },
  );
  const events = result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AgentEvent);
  const requests = model.requests
    .filter((request) => request.wire !== undefined)
    .map((request) => {
      const body = request.body as {
        tools?: { name: string }[];
        input?: { type: string; output?: string }[];
      };
      return {
        tools: body.tools ?? [],
        outputs: (body.input ?? [])
          .filter((item) => item.type === 'function_call_output')
          .map((item) => item.output ?? ''),
        raw: request.rawBody,
      };
    });
  return { code: result.code, events, stderr: result.stderr, requests };
}

const call = (name: string, args: Record<string, unknown> = {}): ScriptedTurn => ({
  toolCalls: [{ name, arguments: args }],
});

function ofType<T extends AgentEvent['type']>(events: AgentEvent[], type: T) {
  return events.filter((event): event is Extract<AgentEvent, { type: T }> => event.type === type);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts server-everything over HTTP and waits until it listens. */
async function everythingOverHttp(transport: 'streamableHttp' | 'sse'): Promise<number> {
  const port = await freePort();
  const child = spawn(NODE, [EVERYTHING, transport], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server-everything did not start')), 20_000);
    const onData = (chunk: Buffer) => {
      if (/listening|running on port/i.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
  });
  return port;
}

describe('MCP servers from npm', () => {
  it('stdio (server-everything): the call reaches the server and its result the next request; the tool list stays byte-identical', async () => {
    const run = await runWith(
      [
        call('everything__echo', { message: 'hello from the model' }),
        call('everything__get-sum', { a: 2, b: 3 }),
        { text: 'done' },
      ],
      stdioServer('everything', EVERYTHING, ['stdio']),
    );
    expect(run.code).toBe(0);
    expect(ofType(run.events, 'mcp-server')[0]).toMatchObject({ server: 'everything', status: 'ready' });
    const names = run.requests[0]!.tools.map((tool) => tool.name);
    expect(names).toContain('everything__echo');
    expect(names.slice(0, 3)).toEqual(['shell', 'apply_patch', 'update_plan']);
    expect(run.requests[1]!.outputs).toEqual(['Echo: hello from the model']);
    expect(run.requests[2]!.outputs[1]).toContain('5');
    // Every request declares the same tools, byte for byte (the server's prefix cache holds).
    const toolsJson = run.requests.map((request) => JSON.stringify(request.tools));
    expect(new Set(toolsJson).size).toBe(1);
    // Plain function tools, never a server-side `mcp` tool type.
    expect(run.requests[0]!.raw).not.toMatch(/"type":"mcp"/);
  });

  it('streamable HTTP (server-everything): calls go over HTTP', async () => {
    const port = await everythingOverHttp('streamableHttp');
    const run = await runWith(
      [call('web__get-sum', { a: 20, b: 22 }), { text: 'done' }],
      `[mcp_servers.web]\nurl = "http://127.0.0.1:${port}/mcp"\n`,
    );
    expect(run.code).toBe(0);
    expect(ofType(run.events, 'mcp-server')[0]).toMatchObject({ server: 'web', status: 'ready' });
    expect(run.requests[1]!.outputs[0]).toContain('42');
  });

  it('falls back to HTTP+SSE for a server that has only the old transport', async () => {
    const port = await everythingOverHttp('sse');
    const run = await runWith(
      [call('old__echo', { message: 'over sse' }), { text: 'done' }],
      `[mcp_servers.old]\nurl = "http://127.0.0.1:${port}/sse"\n`,
    );
    expect(run.code).toBe(0);
    expect(run.requests[1]!.outputs).toEqual(['Echo: over sse']);
  });

  it('stdio (server-filesystem): reads a workspace file through the server', async () => {
    model = await startScriptedModelServer({
      turns: [call('fs__read_text_file', { path: 'PLACEHOLDER' }), { text: 'done' }],
    });
    const work = gitWorkspace({ 'notes.txt': 'the notes file\n' });
    model.setTurns([call('fs__read_text_file', { path: join(work, 'notes.txt') }), { text: 'done' }]);
    const home = mockHome(model.url, { extra: stdioServer('fs', FILESYSTEM, [work]) });
    const result = await runOssa(['exec', 'read the notes'], {
      cwd: work,
      env: { OSSA_HOME: home },
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(0);
    const second = model.requests.filter((request) => request.wire)[1]!.body as {
      input: { type: string; output?: string }[];
    };
    expect(second.input.find((item) => item.type === 'function_call_output')?.output).toContain(
      'the notes file',
    );
  });
});

describe('MCP faults', () => {
  it('a server that fails to start is reported with its stderr and skipped', async () => {
    const run = await runWith(
      [{ text: 'went on without it' }],
      faultServer('broken', ['--exit-at-start']) + stdioServer('everything', EVERYTHING, ['stdio']),
    );
    expect(run.code).toBe(0);
    const failed = ofType(run.events, 'mcp-server').find((event) => event.server === 'broken');
    expect(failed?.status).toBe('failed');
    expect(failed?.message).toContain('cannot open the database');
    const names = run.requests[0]!.tools.map((tool) => tool.name);
    expect(names.some((name) => name.startsWith('broken__'))).toBe(false);
    expect(names).toContain('everything__echo');
  });

  it('a required server that fails stops the session before any model request', async () => {
    const run = await runWith(
      [{ text: 'never' }],
      faultServer('broken', ['--exit-at-start'], 'required = true'),
    );
    expect(run.code).toBe(1);
    expect(run.requests).toHaveLength(0);
    expect(JSON.stringify(run.events)).toContain('is required (mcp_servers.broken.required = true)');
  });

  it('a server that hangs at start is given up after startup_timeout_sec and does not block the session', async () => {
    const started = Date.now();
    const run = await runWith(
      [{ text: 'went on' }],
      faultServer('slow', ['--slow-start', '60000'], 'startup_timeout_sec = 1'),
    );
    expect(run.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(ofType(run.events, 'mcp-server')[0]).toMatchObject({ server: 'slow', status: 'failed' });
    expect(ofType(run.events, 'mcp-server')[0]?.message).toContain('within 1 s');
  });

  it('a server that crashes mid-call is reported, restarted once, and answers the next call', async () => {
    const starts = join(tempDir('ossa-mcp-starts-'), 'starts');
    const run = await runWith(
      [call('fault__crash'), call('fault__echo', { text: 'again' }), { text: 'done' }],
      faultServer('fault', ['--starts', starts]),
    );
    expect(run.code).toBe(0);
    expect(run.requests[1]!.outputs[0]).toMatch(/stopped during the call.*starting it again/);
    expect(run.requests[2]!.outputs[1]).toBe('echo: again');
    const statuses = ofType(run.events, 'mcp-server').map((event) => event.status);
    expect(statuses).toEqual(['ready', 'exited', 'restarted']);
    expect(readFileSync(starts, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('a tool error is a failed call the model reads', async () => {
    const run = await runWith([call('fault__fail'), { text: 'done' }], faultServer('fault'));
    const end = ofType(run.events, 'tool-call-end')[0]!;
    expect(end.success).toBe(false);
    expect(run.requests[1]!.outputs[0]).toBe(
      'The tool reported an error:\nthe file /etc/shadow is not readable',
    );
  });

  it('an oversized result is capped like command output, keeping its head and tail', async () => {
    const run = await runWith(
      [call('fault__huge', { megabytes: 3 }), { text: 'done' }],
      faultServer('fault'),
    );
    const output = run.requests[1]!.outputs[0]!;
    expect(Buffer.byteLength(output)).toBeLessThan(17 * 1024);
    expect(output.startsWith('HEAD ')).toBe(true);
    expect(output.endsWith(' TAIL')).toBe(true);
    expect(output).toMatch(/bytes omitted/);
  });

  it('a call that never answers ends at tool_timeout_sec', async () => {
    const run = await runWith(
      [call('fault__hang'), { text: 'done' }],
      faultServer('fault', [], 'tool_timeout_sec = 1'),
    );
    expect(run.requests[1]!.outputs[0]).toContain('did not answer within 1 s');
  });

  it('terminal escapes in a result never reach the terminal or the model', async () => {
    const run = await runWith([call('fault__escape'), { text: 'done' }], faultServer('fault'));
    const output = run.requests[1]!.outputs[0]!;
    expect(output).toBe('safe red  end');
    expect(JSON.stringify(run.events)).not.toMatch(/\\u001b|\\u009b|\\u0007/);
  });

  it('images and structured content are summarised, not sent as base64', async () => {
    const run = await runWith([call('fault__picture'), { text: 'done' }], faultServer('fault'));
    expect(run.requests[1]!.outputs[0]).toBe('[image: image/png, 2.9 KiB]\n{"width":10,"height":20}');
  });

  it('a stdio server inherits no secrets: only the base environment, env and env_vars', async () => {
    const run = await runWith(
      [call('fault__env'), { text: 'done' }],
      faultServer('fault', [], 'env = { GIVEN = "1" }\nenv_vars = ["PASSED_ON"]'),
      { env: { SUPER_SECRET_TOKEN: 'x', OPENAI_API_KEY: 'sk-x', PASSED_ON: 'yes', UNRELATED: '1' } },
    );
    const names = run.requests[1]!.outputs[0]!.split('\n');
    expect(names).toContain('GIVEN');
    expect(names).toContain('PASSED_ON');
    expect(names).toContain('PATH');
    expect(names).not.toContain('SUPER_SECRET_TOKEN');
    expect(names).not.toContain('OPENAI_API_KEY');
    expect(names).not.toContain('UNRELATED');
    expect(names).not.toContain('OSSA_HOME');
  });

  it('150 tools over a 32K window: the budget holds, relevant tools are chosen, the rest reported', async () => {
    const run = await runWith([{ text: 'done' }], faultServer('many', ['--tools', '150']), {
      args: ['-c', 'model_context_window=32768'],
      prompt: 'look up the weather record for Berlin',
    });
    expect(run.code).toBe(0);
    const choice = ofType(run.events, 'mcp-tools')[0]!;
    expect(choice.budgetTokens).toBe(3276);
    expect(choice.usedTokens).toBeLessThanOrEqual(3276);
    expect(choice.leftOut.length).toBeGreaterThan(100);
    expect(choice.leftOut[0]?.reason).toContain('tool budget');
    const offered = run.requests[0]!.tools.map((tool) => tool.name).filter((name) =>
      name.startsWith('many__'),
    );
    expect(offered.length).toBe(choice.offered.length);
    const weather = offered.filter((name) => name.includes('weather'));
    expect(weather.length).toBeGreaterThan(offered.length / 2);
    const declared = JSON.stringify(run.requests[0]!.tools.filter((tool) => tool.name.startsWith('many__')));
    expect(declared.length / 4).toBeLessThanOrEqual(3276);
  });
});

describe('MCP approvals', () => {
  it('asks under on-request (denied without a human in exec); approval_mode = "approve" runs', async () => {
    const run = await runWith(
      [call('fault__echo', { text: 'asked' }), call('trusted__echo', { text: 'trusted' }), { text: 'done' }],
      faultServer('fault') + faultServer('trusted', [], 'default_tools_approval_mode = "approve"'),
      { args: ['-a', 'on-request'] },
    );
    expect(run.requests[1]!.outputs[0]).toMatch(/^Not run: the user declined/);
    expect(ofType(run.events, 'approval-request')[0]?.request).toMatchObject({
      kind: 'tool',
      name: 'fault__echo',
    });
    expect(run.requests[2]!.outputs[1]).toBe('echo: trusted');
  });
});

describe('MCP servers a project defines', () => {
  it('run only in a trusted project, after the user approved that exact definition', async () => {
    model = await startScriptedModelServer({ turns: [{ text: 'first' }] });
    const work = gitWorkspace({
      '.ossa/config.toml': faultServer('repo', []),
    });
    const home = mockHome(model.url, {
      extra: `[projects.${JSON.stringify(work)}]\ntrust_level = "trusted"\n`,
    });
    const env = { OSSA_HOME: home };
    const exec = async () => {
      const result = await runOssa(['exec', '--json', 'go'], { cwd: work, env, timeoutMs: 60_000 });
      return result.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as AgentEvent);
    };
    const before = ofType(await exec(), 'mcp-server')[0];
    expect(before).toMatchObject({ server: 'repo', status: 'needs-approval' });
    expect(before?.message).toContain('ossa mcp approve repo');

    const approved = await runOssa(['mcp', 'approve', 'repo'], { cwd: work, env });
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('Approved `repo`');
    // The approval lives in OSSA_HOME, not in the repository.
    expect(readFileSync(join(home, 'mcp-approvals.json'), 'utf8')).toContain('.ossa/config.toml#repo');
    model.setTurns([{ text: 'second' }]);
    expect(ofType(await exec(), 'mcp-server')[0]).toMatchObject({ server: 'repo', status: 'ready' });

    // A changed definition asks again.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(work, '.ossa/config.toml'), faultServer('repo', ['--tools', '1']));
    model.setTurns([{ text: 'third' }]);
    expect(ofType(await exec(), 'mcp-server')[0]).toMatchObject({ server: 'repo', status: 'needs-approval' });
  });
});

describe('ossa mcp', () => {
  it('add, list (started: tools and token cost), get --json, remove', async () => {
    const home = tempDir('ossa-home-');
    const env = { OSSA_HOME: home };
    const add = await runOssa(['mcp', 'add', 'fault', '--env', 'A=1', '--', NODE, FAULT, '--tools', '3'], {
      env,
    });
    expect(add.code).toBe(0);
    const list = await runOssa(['mcp', 'list'], { env, timeoutMs: 60_000 });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/fault: ready via stdio · 11 of 11 tools offered · \d+ tokens/);
    const get = await runOssa(['mcp', 'get', 'fault', '--json'], { env, timeoutMs: 60_000 });
    const parsed = JSON.parse(get.stdout) as {
      transport: { env: Record<string, string> };
      status: { servers: { listed: number }[] };
    };
    // Values of env are secrets: never printed.
    expect(parsed.transport.env).toEqual({ A: '***' });
    expect(parsed.status.servers[0]?.listed).toBe(11);
    const remove = await runOssa(['mcp', 'remove', 'fault'], { env });
    expect(remove.code).toBe(0);
    expect((await runOssa(['mcp', 'list'], { env })).stdout).toContain('No MCP servers are configured');
    const missing = await runOssa(['mcp', 'remove', 'fault'], { env });
    expect(missing.code).toBe(2);
  });
});

describe('ossa doctor with MCP servers', () => {
  it('reports the token cost per server against the real window, and a broken one with its reason', async () => {
    model = await startScriptedModelServer({ turns: [] });
    const home = mockHome(model.url, {
      extra: stdioServer('everything', EVERYTHING, ['stdio']) + faultServer('broken', ['--exit-at-start']),
    });
    const result = await runOssa(['doctor', '--json', '--no-smoke'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: home },
      timeoutMs: 60_000,
    });
    const report = JSON.parse(result.stdout) as {
      checks: { id: string; status: string; detail: string; fix?: string }[];
    };
    const mcp = report.checks.find((check) => check.id === 'mcp');
    expect(mcp?.status).toBe('warn');
    expect(mcp?.detail).toMatch(
      /everything 13\/13 tools, \d+ tokens; broken failed — \d+ of 13107 budget tokens \(10% of the 131072-token window\)/,
    );
    expect(mcp?.fix).toContain('cannot open the database');
  });
});
