// Ctrl-C (SIGINT, and SIGTERM/SIGHUP alike) ends `ossa exec` within a second whatever it is
// doing: probing a server that never answers, waiting for a model's first byte, pulling a model
// that stalls, waiting for a prompt on stdin, running a command that ignores SIGTERM. Real signals
// to the built CLI, hung servers on 127.0.0.1.
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeOllama, startFakeOllama } from '../kit/fake-ollama-server.js';
import { type RunningCli, spawnOssa } from '../kit/run-cli.js';
import {
  type ScriptedModelServer,
  type ScriptedTurn,
  startScriptedModelServer,
} from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome, tempDir } from '../kit/workspace.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A server that accepts every request and never answers it; `seen` counts the requests. */
async function hungServer(): Promise<{ url: string; seen: () => number }> {
  let requests = 0;
  const server = http.createServer((request) => {
    requests += 1;
    request.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    seen: () => requests,
  };
}

async function scripted(turns: ScriptedTurn[]): Promise<ScriptedModelServer> {
  const server = await startScriptedModelServer({ turns });
  closers.push(() => server.close());
  return server;
}

/** Sends `signal`, then measures how long the process takes to exit. */
async function interrupt(run: RunningCli, signal: NodeJS.Signals = 'SIGINT') {
  const sent = performance.now();
  run.child.kill(signal);
  const result = await run.done;
  return { ...result, ms: performance.now() - sent };
}

const LIMIT_MS = 1_000;

describe('Ctrl-C ends ossa exec within a second', () => {
  it('while probing a server that accepts the connection and never answers', async () => {
    const hung = await hungServer();
    const run = spawnOssa(['exec', 'hi'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: mockHome(hung.url) },
    });
    // Started and connected: the probe is under way (a fixed delay raced a slow start under load).
    await until(() => hung.seen() > 0);
    const result = await interrupt(run);
    expect(result.ms, result.stderr).toBeLessThan(LIMIT_MS);
    expect(result.code).toBe(130);
  });

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)(
    'while waiting for the first byte of a model reply (%s)',
    async (signal) => {
      const server = await scripted([{ fault: 'stall' }]);
      const run = spawnOssa(['exec', 'hi'], {
        cwd: gitWorkspace(),
        env: { OSSA_HOME: mockHome(server.url) },
      });
      await until(() => server.requests.some((request) => request.wire !== undefined));
      const result = await interrupt(run, signal);
      expect(result.ms, result.stderr).toBeLessThan(LIMIT_MS);
      expect(result.code).toBe(130);
    },
  );

  it('while a command that ignores SIGTERM runs', async () => {
    const server = await scripted([
      {
        toolCalls: [
          { name: 'shell', arguments: { command: ['sh', '-c', 'trap "" TERM; touch started; sleep 30'] } },
        ],
      },
      { text: 'never' },
    ]);
    const cwd = gitWorkspace();
    const run = spawnOssa(['exec', '-s', 'danger-full-access', 'go'], {
      cwd,
      env: { OSSA_HOME: mockHome(server.url) },
    });
    await until(() => existsSync(join(cwd, 'started')));
    const result = await interrupt(run);
    expect(result.ms, result.stderr).toBeLessThan(LIMIT_MS);
    expect(result.code).toBe(130);
  });

  it('while waiting for a prompt on stdin that never comes', async () => {
    const server = await scripted([{ text: 'never' }]);
    const run = spawnOssa(['exec'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: mockHome(server.url) },
      keepStdinOpen: true,
    });
    await run.waitForOutput('Reading additional input from stdin');
    const result = await interrupt(run);
    expect(result.ms, result.stderr).toBeLessThan(LIMIT_MS);
    expect(result.code).toBe(130);
  });

  it('while a model pull stalls', async () => {
    const ollama: FakeOllama = await startFakeOllama({
      registry: { 'qwen3:8b': { layerBytes: 1_000_000, stallAfterSteps: 1 } },
    });
    closers.push(() => ollama.close());
    const run = spawnOssa(['exec', '--oss', '--local-provider', 'ollama', '--yes', '-m', 'qwen3:8b', 'hi'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: tempDir('ossa-home-'), OSSA_OSS_BASE_URL: ollama.baseUrl },
    });
    await until(() => ollama.requests.some((request) => request.path === '/api/pull'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const result = await interrupt(run);
    expect(result.ms, result.stderr).toBeLessThan(LIMIT_MS);
    expect(result.code).toBe(130);
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
