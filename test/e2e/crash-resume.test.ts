// ossa killed with SIGKILL while a tool call runs: the session file ends with a call that has
// no output (and maybe a torn line). Resuming must work, and the next request must carry an
// output for every call — on the Responses wire and on Chat Completions — since strict servers
// reject a call without one.
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runOssa, spawnOssa } from '../kit/run-cli.js';
import { type ScriptedModelServer, startScriptedModelServer } from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome } from '../kit/workspace.js';

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function sessionFiles(home: string): string[] {
  return readdirSync(join(home, 'sessions'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.jsonl'))
    .map((path) => join(home, 'sessions', path));
}

describe.each(['responses', 'chat'] as const)(
  'resume after kill -9 during a tool call (%s wire)',
  (wireApi) => {
    it('answers the dangling call before the next request and survives a torn last line', async () => {
      server = await startScriptedModelServer({
        turns: [
          {
            toolCalls: [
              {
                id: 'call_long',
                name: 'shell',
                arguments: { command: ['sh', '-c', 'echo started; sleep 5'] },
              },
            ],
          },
          { text: 'resumed fine' },
          { text: 'and again' },
        ],
      });
      const home = mockHome(server.url, { wireApi });
      const work = gitWorkspace();
      const run = spawnOssa(['exec', '-s', 'danger-full-access', 'start something long'], {
        cwd: work,
        env: { OSSA_HOME: home },
      });
      await run.waitForOutput('$ sh -c');
      run.child.kill('SIGKILL');
      await run.done;
      const [file] = sessionFiles(home);
      // A record cut short, as a full disk or a kill during the write leaves it.
      appendFileSync(file!, '{"type":"event","event":{"type":"tool-ca');

      for (const [prompt, answer] of [
        ['continue', 'resumed fine'],
        ['once more', 'and again'],
      ] as const) {
        const resumed = await runOssa(['exec', 'resume', '--last', prompt], {
          cwd: work,
          env: { OSSA_HOME: home },
        });
        expect(resumed.stderr).not.toContain('not valid JSON');
        expect(resumed.code, resumed.stderr).toBe(0);
        expect(resumed.stdout).toBe(`${answer}\n`);
      }
      const calls = server.requests.filter((request) => request.wire !== undefined);
      for (const request of calls.slice(1)) {
        const body = request.body as {
          input?: { type: string; call_id?: string; output?: string }[];
          messages?: { role: string; tool_call_id?: string; content?: string }[];
        };
        const outputs =
          wireApi === 'responses'
            ? body.input!.filter(
                (item) => item.type === 'function_call_output' && item.call_id === 'call_long',
              )
            : body.messages!.filter(
                (message) => message.role === 'tool' && message.tool_call_id === 'call_long',
              );
        expect(outputs).toHaveLength(1);
        expect(JSON.stringify(outputs[0])).toContain('ossa stopped before this finished');
      }
    }, 30_000);
  },
);
