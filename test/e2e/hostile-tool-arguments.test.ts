// Tool-call arguments built to break ossa rather than to do work: JSON nested thousands deep (as a
// whole argument, inside a value, unclosed, in a wrapper the repair stage unwraps) and a script too
// large for one exec argument. Each must come back to the model as a failed tool call, the turn must
// end, and the session file must stay resumable — never a stack overflow or the end of the run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runOssa } from '../kit/run-cli.js';
import { type ScriptedModelServer, startScriptedModelServer } from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome } from '../kit/workspace.js';

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const DEEP = 5_000;
const deepArray = `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;
const deepObject = `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;

const ATTACKS: [string, string, string][] = [
  ['shell', 'the whole argument is 5,000 nested arrays', deepArray],
  ['shell', 'a deep array as the command', `{"command":${deepArray}}`],
  ['shell', 'a deep object inside an extra key', `{"command":["true"],"x":${deepObject}}`],
  ['shell', 'unclosed nesting (the lenient parser closes it)', `{"command":${'['.repeat(DEEP)}`],
  ['shell', 'inside a {name, arguments} wrapper', `{"name":"shell","arguments":{"command":${deepArray}}}`],
  ['update_plan', 'a deep plan', `{"plan":${deepArray}}`],
  ['apply_patch', 'a deep patch value', `{"input":${deepObject}}`],
];

function toolOutputs(home: string): { output: string; success?: boolean }[] {
  const files = readdirSync(join(home, 'sessions'), { recursive: true, encoding: 'utf8' }).filter((path) =>
    path.endsWith('.jsonl'),
  );
  const outputs: { output: string; success?: boolean }[] = [];
  for (const file of files) {
    for (const line of readFileSync(join(home, 'sessions', file), 'utf8').split('\n')) {
      if (!line.includes('tool-call-end')) continue;
      const record = JSON.parse(line) as { event?: { type: string; output?: string; success?: boolean } };
      if (record.event?.type === 'tool-call-end')
        outputs.push({ output: record.event.output ?? '', success: record.event.success });
    }
  }
  return outputs;
}

describe('deeply nested tool arguments', () => {
  it.each(ATTACKS)('%s: %s → a tool failure, the turn ends', async (name, _label, args) => {
    server = await startScriptedModelServer({
      turns: [{ toolCalls: [{ id: 'call_deep', name, arguments: args }] }, { text: 'recovered' }],
    });
    const home = mockHome(server.url);
    const work = gitWorkspace();
    const result = await runOssa(['exec', '--json', '-s', 'danger-full-access', 'go'], {
      cwd: work,
      env: { OSSA_HOME: home },
      timeoutMs: 30_000,
    });
    expect(result.stderr).not.toMatch(/Maximum call stack|RangeError/);
    expect(result.code, result.stderr).toBe(0);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; success?: boolean; output?: string });
    expect(events.at(-1)?.type).toBe('turn-end');
    const toolResult = events.find((event) => event.type === 'tool-call-end');
    expect(toolResult?.success).toBe(false);
    expect(toolResult?.output).toMatch(/nest/i);
    // The model got the failure and answered.
    const modelRequests = server.requests.filter((request) => request.wire);
    expect(modelRequests.length).toBe(2);
    expect(JSON.stringify(modelRequests[1]?.body)).toMatch(/nest/i);
    // The session file stays resumable.
    expect(toolOutputs(home).length).toBeGreaterThan(0);
    const resumed = await runOssa(['exec', 'resume', '--last', 'again'], {
      cwd: work,
      env: { OSSA_HOME: home },
    });
    expect(resumed.stderr).not.toMatch(/Maximum call stack|RangeError/);
  });
});

describe('oversized tool arguments', () => {
  it.each(['danger-full-access', 'workspace-write'])(
    '%s: a 200 KB heredoc (spawn E2BIG) is a tool failure the model reads, never the end of the run',
    async (sandbox) => {
      const payload = 'y'.repeat(200 * 1024);
      server = await startScriptedModelServer({
        turns: [
          {
            toolCalls: [
              {
                id: 'call_big',
                name: 'shell',
                arguments: { command: ['bash', '-lc', `cat <<'EOF' > big.txt\n${payload}\nEOF`] },
              },
            ],
          },
          { text: 'done' },
        ],
      });
      const home = mockHome(server.url);
      const work = gitWorkspace();
      const result = await runOssa(['exec', '--json', '-s', sandbox, 'go'], {
        cwd: work,
        env: { OSSA_HOME: home },
        timeoutMs: 30_000,
      });
      expect(result.code, result.stderr).toBe(0);
      const events = result.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string; success?: boolean; output?: string });
      expect(events.at(-1)?.type).toBe('turn-end');
      const toolResult = events.find((event) => event.type === 'tool-call-end');
      expect(toolResult?.success).toBe(false);
      expect(toolResult?.output).toContain('too long for the system (E2BIG)');
      expect(toolResult?.output).toContain('201 KiB');
      const modelRequests = server.requests.filter((request) => request.wire);
      expect(modelRequests.length).toBe(2);
      expect(JSON.stringify(modelRequests[1]?.body)).toContain('E2BIG');
    },
  );
});
