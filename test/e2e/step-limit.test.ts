// agent_max_steps is a safety net well above what long local-model tasks need (200 by default):
// a task of 70 steps — more than the old limit of 60 — finishes, and a turn that does reach the
// configured limit stops with a message that names it and says how to raise it.
import { afterEach, describe, expect, it } from 'vitest';
import { runOssa } from '../kit/run-cli.js';
import { type ScriptedTurn, startScriptedModelServer } from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome } from '../kit/workspace.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** `steps` distinct commands (the repeat guard never fires), then optionally a final answer. */
function steps(count: number, answer: boolean): ScriptedTurn[] {
  const turns: ScriptedTurn[] = Array.from({ length: count }, (_, index) => ({
    toolCalls: [{ name: 'shell', arguments: { command: ['echo', `step ${index + 1}`] } }],
  }));
  if (answer) turns.push({ text: 'All steps done.' });
  return turns;
}

describe('agent_max_steps', () => {
  it('a 70-step task finishes under the default limit', async () => {
    const server = await startScriptedModelServer({ turns: steps(70, true) });
    closers.push(() => server.close());
    const result = await runOssa(['exec', '-s', 'danger-full-access', 'do the long task'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: mockHome(server.url) },
      timeoutMs: 120_000,
    });
    expect(result.stderr).not.toMatch(/Stopped after/);
    expect(result.stdout).toContain('All steps done.');
    expect(result.code).toBe(0);
  }, 150_000);

  it('stops at the configured limit, naming it and the key that raises it', async () => {
    const server = await startScriptedModelServer({ turns: steps(10, true) });
    closers.push(() => server.close());
    const result = await runOssa(
      ['exec', '-s', 'danger-full-access', '-c', 'agent_max_steps=4', 'do the long task'],
      { cwd: gitWorkspace(), env: { OSSA_HOME: mockHome(server.url) } },
    );
    expect(result.stderr).toMatch(/Stopped after 4 model requests in one turn/);
    expect(result.stderr).toContain('-c agent_max_steps=N');
    expect(result.code).toBe(1);
  });
});
