// `ossa exec`'s human progress on stderr: each command with a bounded tail of its output, each
// patched file with its lines added and removed, the whole diff with --diff; terminal control
// sequences from command output are shown, never interpreted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOssa } from '../kit/run-cli.js';
import { type ScriptedModelServer, startScriptedModelServer } from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome } from '../kit/workspace.js';

let server: ScriptedModelServer;
beforeAll(async () => {
  server = await startScriptedModelServer();
});
afterAll(() => server.close());

const PATCH =
  '*** Begin Patch\n*** Update File: notes.txt\n@@\n-old line\n+new line\n+another line\n*** End Patch';

function turns() {
  return [
    { toolCalls: [{ name: 'shell', arguments: { command: ['seq', '1', '20'] } }] },
    { toolCalls: [{ name: 'apply_patch', arguments: { input: PATCH } }] },
    { text: 'Done.' },
  ];
}

async function exec(args: string[]) {
  server.setTurns(turns());
  const cwd = gitWorkspace({ 'notes.txt': 'old line\nkeep\n' });
  return runOssa(['exec', '-s', 'workspace-write', ...args, 'count and edit'], {
    cwd,
    env: { OSSA_HOME: mockHome(server.url) },
  });
}

describe('exec human progress', () => {
  it("shows the tail of a command's output and the diff stat of a patch", async () => {
    const result = await exec([]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('$ seq 1 20\n  exit 0 (');
    expect(result.stderr).toContain(
      '  │ … 14 earlier lines\n  │ 15\n  │ 16\n  │ 17\n  │ 18\n  │ 19\n  │ 20\n',
    );
    expect(result.stderr).not.toContain('│ 14\n');
    expect(result.stderr).toContain('patched update notes.txt (+2 −1)');
    expect(result.stderr).not.toContain('+another line');
    expect(result.stdout).toBe('Done.\n');
  });

  it('prints the whole diff with --diff', async () => {
    const result = await exec(['--diff']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('  -old line\n  +new line\n  +another line');
  });

  it('--json is unchanged: no progress text on stdout', async () => {
    const result = await exec(['--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('│');
    expect(result.stderr).not.toContain('│ 20');
  });

  it('control sequences in command output are shown, not sent to the terminal', async () => {
    server.setTurns([
      { toolCalls: [{ name: 'shell', arguments: { command: ['printf', '\\033]0;pwned\\007visible\\n'] } }] },
      { text: 'ok' },
    ]);
    const result = await runOssa(['exec', '-s', 'workspace-write', 'print'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: mockHome(server.url) },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('│ \\x1b]0;pwned\\x07visible');
    expect(result.stderr).not.toContain('\u001b]0;');
  });
});
