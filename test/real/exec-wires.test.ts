// `ossa exec` against a real llama-server on both wires: a plain answer, a tool loop whose call is
// parsed by the server from the model's `<tool_call>` text, reasoning, and resume.
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/protocol/events.js';
import { runOssa } from '../kit/run-cli.js';
import { gitWorkspace } from '../kit/workspace.js';
import { ANSWERS, TRIGGERS } from './gguf/tiny-model.js';
import { useLlamaServer } from './kit/llama-server.js';
import { realHome } from './kit/real-home.js';
import { realTier, tierSkipped, tinyModel } from './kit/real-tier.js';

const events = (stdout: string): AgentEvent[] =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as AgentEvent);

describe.skipIf(tierSkipped())('ossa exec against a real llama-server', () => {
  const server = useLlamaServer(() => ({ model: tinyModel('qwen2.5').path }));
  const thinking = useLlamaServer(() => ({ model: tinyModel('qwen3').path }));

  describe.each(['chat', 'responses'] as const)('over the %s wire', (wireApi) => {
    it('answers a plain prompt', async () => {
      const home = realHome({ baseUrl: server().baseUrl, wireApi });
      const result = await runOssa(['exec', 'say hi'], { cwd: gitWorkspace(), env: { OSSA_HOME: home } });
      expect(result.stderr).not.toMatch(/warning/i);
      expect(result.stdout).toBe(`${ANSWERS.plain}\n`);
      expect(result.code).toBe(0);
    });

    it('runs the tool call the server parsed, sends the result back and prints the answer', async () => {
      const home = realHome({ baseUrl: server().baseUrl, wireApi });
      const result = await runOssa(['exec', '--json', `use the${TRIGGERS.toolCall} tool`], {
        cwd: gitWorkspace(),
        env: { OSSA_HOME: home },
        timeoutMs: 60_000,
      });
      expect(result.code, result.stderr).toBe(0);
      const all = events(result.stdout);
      const begin = all.find((event) => event.type === 'tool-call-begin');
      expect(begin).toMatchObject({ name: 'shell' });
      expect(JSON.parse((begin as { arguments: string }).arguments)).toEqual({
        command: ANSWERS.toolCommand,
      });
      const end = all.find((event) => event.type === 'tool-call-end');
      expect(end).toMatchObject({ name: 'shell', success: true, details: { exitCode: 0, sandboxed: true } });
      expect((end as { output: string }).output).toContain('hi');
      expect(all.filter((event) => event.type === 'request-begin')).toHaveLength(2);
      expect(all.at(-1)).toMatchObject({
        type: 'turn-end',
        status: 'completed',
        lastMessage: ANSWERS.afterToolResult,
      });
    });

    it('shows the reasoning a Qwen3 template separates, then the answer', async () => {
      const home = realHome({ baseUrl: thinking().baseUrl, model: 'tiny-think', wireApi });
      const result = await runOssa(['exec', '--json', 'say hi'], {
        cwd: gitWorkspace(),
        env: { OSSA_HOME: home },
      });
      expect(result.code, result.stderr).toBe(0);
      const all = events(result.stdout);
      expect(all.find((event) => event.type === 'reasoning')).toMatchObject({ text: ANSWERS.reasoning });
      expect(all.find((event) => event.type === 'message')).toMatchObject({ text: ANSWERS.plain });
    });

    it('resumes the last session with its history', async () => {
      const home = realHome({ baseUrl: server().baseUrl, wireApi });
      const cwd = gitWorkspace();
      const first = await runOssa(['exec', 'say hi'], { cwd, env: { OSSA_HOME: home } });
      expect(first.code, first.stderr).toBe(0);
      const resumed = await runOssa(['exec', 'resume', '--last', 'and again'], {
        cwd,
        env: { OSSA_HOME: home },
      });
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toBe(`${ANSWERS.plain}\n`);
    });
  });

  it('uses the llama-server the tier found', () => {
    expect(realTier().llamaServer).toMatch(/llama-server$/);
  });
});
