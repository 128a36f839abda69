// `ossa … | head`: when the reader of stdout goes away, ossa stops quietly with 141 (128 + SIGPIPE)
// like other command-line tools — no unhandled EPIPE, no stack trace — whether it was printing help
// or streaming a model's answer. The real built CLI, a real pipe closed by the reader.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_NODE, OSSA_BIN } from '../kit/run-cli.js';
import { type ScriptedModelServer, startScriptedModelServer } from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome, tempDir } from '../kit/workspace.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Runs the CLI and closes its stdout after the first bytes arrive (or at once). */
function runWithReaderGone(
  args: string[],
  env: Record<string, string>,
  cwd: string,
  afterFirstBytes: boolean,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(CLI_NODE, [OSSA_BIN, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  if (afterFirstBytes) child.stdout.once('data', () => child.stdout.destroy());
  else child.stdout.destroy();
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

describe('the reader of stdout goes away', () => {
  it('while help is printed: exit 141, nothing on stderr', async () => {
    const result = await runWithReaderGone(
      ['mcp', 'add', '--help'],
      { OSSA_HOME: tempDir('ossa-home-') },
      tempDir('ossa-cwd-'),
      false,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(141);
  });

  it('while a long answer streams as JSON events: exit 141, no EPIPE stack trace', async () => {
    const server: ScriptedModelServer = await startScriptedModelServer({
      turns: [{ text: 'word '.repeat(20_000), delayMs: 1 }],
    });
    closers.push(() => server.close());
    const result = await runWithReaderGone(
      ['exec', '--json', 'write a lot'],
      { OSSA_HOME: mockHome(server.url) },
      gitWorkspace(),
      true,
    );
    expect(result.stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(result.code).toBe(141);
  });
});
