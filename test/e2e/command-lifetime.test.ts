// No process started for a command outlives ossa: not one that leaves the process group with
// setsid, nor a double-forked daemon, nor anything when ossa itself is stopped by Ctrl-C or killed
// with SIGKILL — sandboxed (bubblewrap) or not. Real processes, found by a unique token in their
// command line.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runOssa, spawnOssa } from '../kit/run-cli.js';
import { type ScriptedModelServer, startScriptedModelServer } from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome } from '../kit/workspace.js';

const linux = process.platform === 'linux';
const hasBwrap = linux && spawnSync('bwrap', ['--version']).status === 0;
const hasSetsid = spawnSync('setsid', ['--version']).status === 0;

let server: ScriptedModelServer | undefined;
const tokens: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  // Never leave a stray process behind, whatever the outcome.
  for (const token of tokens.splice(0)) for (const pid of processesWith(token)) killQuietly(pid);
});

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}

/** Pids whose command line contains `token`. */
function processesWith(token: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(token) && !cmdline.includes('vitest')) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

async function gone(token: string, withinMs: number): Promise<number[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const left = processesWith(token);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A unique `sleep` duration: a token no other process has. */
function uniqueSleep(): string {
  const token = `${900000 + Math.floor(Math.random() * 99999)}.${process.pid}`;
  tokens.push(token);
  return token;
}

/** A command that leaves three kinds of survivors: setsid, a double fork, nohup in the group. */
function escapingScript(token: string, marker: string): string {
  return [
    `setsid sleep ${token} &`,
    `( ( sleep ${token} & ) & )`,
    `nohup sleep ${token} >/dev/null 2>&1 &`,
    `touch ${marker}`,
  ].join('\n');
}

const sandboxes = hasBwrap
  ? (['danger-full-access', 'workspace-write'] as const)
  : (['danger-full-access'] as const);

describe.skipIf(!linux || !hasSetsid)('processes started for a command do not outlive ossa', () => {
  it.each(sandboxes)('%s: a command that exits leaves nothing running once ossa is done', async (sandbox) => {
    const token = uniqueSleep();
    server = await startScriptedModelServer({
      turns: [
        { toolCalls: [{ name: 'shell', arguments: { command: ['sh', '-c', escapingScript(token, 'm')] } }] },
        { text: 'done' },
      ],
    });
    const work = gitWorkspace();
    const result = await runOssa(['exec', '-s', sandbox, 'go'], {
      cwd: work,
      env: { OSSA_HOME: mockHome(server.url) },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(work, 'm'))).toBe(true);
    expect(await gone(token, 1_000)).toEqual([]);
  });

  it.each(sandboxes)('%s: Ctrl-C during a command that ignores SIGTERM', async (sandbox) => {
    const token = uniqueSleep();
    server = await startScriptedModelServer({
      turns: [
        {
          toolCalls: [
            {
              name: 'shell',
              arguments: {
                command: ['sh', '-c', `trap "" TERM\n${escapingScript(token, 'm')}\nsleep ${token}`],
              },
            },
          ],
        },
        { text: 'never' },
      ],
    });
    const work = gitWorkspace();
    const run = spawnOssa(['exec', '-s', sandbox, 'go'], {
      cwd: work,
      env: { OSSA_HOME: mockHome(server.url) },
    });
    await until(() => existsSync(join(work, 'm')));
    const sent = performance.now();
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(performance.now() - sent, result.stderr).toBeLessThan(1_000);
    expect(result.code).toBe(130);
    expect(await gone(token, 500)).toEqual([]);
  });

  it.each(sandboxes)('%s: ossa killed with SIGKILL while the command runs', async (sandbox) => {
    const token = uniqueSleep();
    server = await startScriptedModelServer({
      turns: [
        {
          toolCalls: [
            {
              name: 'shell',
              arguments: { command: ['sh', '-c', `${escapingScript(token, 'm')}\nsleep ${token}`] },
            },
          ],
        },
        { text: 'never' },
      ],
    });
    const work = gitWorkspace();
    const run = spawnOssa(['exec', '-s', sandbox, 'go'], {
      cwd: work,
      env: { OSSA_HOME: mockHome(server.url) },
    });
    await until(() => existsSync(join(work, 'm')));
    await until(() => processesWith(token).length >= 4);
    run.child.kill('SIGKILL');
    await run.done;
    expect(await gone(token, 3_000)).toEqual([]);
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
