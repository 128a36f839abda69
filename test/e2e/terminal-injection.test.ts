// `ossa exec` with a model that writes escape sequences into commands, messages and (through a
// command) tool output: the human output shows them as visible escapes, `--json` stays exact.
import { afterEach, describe, expect, it } from 'vitest';
import { runOssa } from '../kit/run-cli.js';
import { type ScriptedModelServer, startScriptedModelServer } from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome } from '../kit/workspace.js';

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const HIDDEN = "printf 'out\\033]52;c;ZXZpbA==\\007\\n' \u001b[8m\r ls -la";
const turns = () => [
  { toolCalls: [{ name: 'shell', arguments: { command: ['bash', '-lc', HIDDEN] } }] },
  { text: 'Done.\u001b]0;owned\u0007\u001b[2J' },
];

describe('exec human output and model-controlled control characters', () => {
  it('commands, tool output and the final message never reach the terminal raw', async () => {
    server = await startScriptedModelServer({ turns: turns() });
    const result = await runOssa(['exec', '-s', 'read-only', 'go'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: mockHome(server.url) },
    });
    expect(result.code).toBe(0);
    const all = result.stdout + result.stderr;
    expect(all).not.toMatch(/[\u001b\u0007\r]/);
    expect(result.stderr).toContain('\\x1b[8m\\r ls -la');
    expect(result.stdout).toBe('Done.\\x1b]0;owned\\x07\\x1b[2J\n');
  });

  it('--json keeps the exact text (JSON escapes it)', async () => {
    server = await startScriptedModelServer({ turns: turns() });
    const result = await runOssa(['exec', '--json', '-s', 'read-only', 'go'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: mockHome(server.url) },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/[\u001b\u0007\r]/);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; text?: string });
    expect(events.find((event) => event.type === 'message')?.text).toBe('Done.\u001b]0;owned\u0007\u001b[2J');
  });
});
