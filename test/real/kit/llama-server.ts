// Starts the real llama.cpp `llama-server` for a test: 127.0.0.1 on a free port, waits for
// /health, keeps its log (for failure messages), and is stopped by `stop()` (SIGTERM, then
// SIGKILL) — `useLlamaServer` registers that in afterAll so no server outlives its test file.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { realTier } from './real-tier.js';

export interface LlamaServerOptions {
  /** -m FILE (single-model mode) … */
  model?: string;
  /** … or --models-dir DIR (router mode). */
  modelsDir?: string;
  /** -c: the total context (default 65536, the window ossa asks for). */
  context?: number;
  /** Further flags, e.g. ['-np', '2'], ['-n', '2'], ['--api-key', 'k']. */
  args?: string[];
  /** Sent on the /health probe when the server wants a key. */
  apiKey?: string;
  /** --alias: the name the server lists and answers to (single-model mode). Default: the file name. */
  alias?: string;
}

export interface RunningLlamaServer {
  /** http://127.0.0.1:PORT */
  root: string;
  /** http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  port: number;
  process: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForHealth(server: RunningLlamaServer, apiKey: string | undefined, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  while (Date.now() < deadline) {
    if (server.process.exitCode !== null || server.process.signalCode !== null) {
      throw new Error(
        `llama-server exited (${server.process.exitCode ?? server.process.signalCode}):\n${server.log()}`,
      );
    }
    try {
      const response = await fetch(`${server.root}/health`, { headers, signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`llama-server did not become healthy in ${timeoutMs} ms:\n${server.log()}`);
}

export async function startLlamaServer(options: LlamaServerOptions): Promise<RunningLlamaServer> {
  const tier = realTier();
  const port = await freePort();
  const alias =
    options.alias ??
    options.model
      ?.split('/')
      .pop()
      ?.replace(/\.gguf$/, '');
  const source = options.modelsDir
    ? ['--models-dir', options.modelsDir]
    : ['-m', options.model ?? '', ...(alias ? ['--alias', alias] : [])];
  const args = [
    ...source,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '-c',
    String(options.context ?? 65536),
    '--threads',
    '1',
    '--jinja',
    '--no-webui',
    ...(options.args ?? []),
  ];
  const child = spawn(tier.llamaServer, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-64 * 1024);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const root = `http://127.0.0.1:${port}`;
  const server: RunningLlamaServer = {
    root,
    baseUrl: `${root}/v1`,
    port,
    process: child,
    log: () => log,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await waitForHealth(server, options.apiKey, 60_000);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** Starts a server before the file's tests (beforeAll), stops it after them. Returns a getter. */
export function useLlamaServer(options: () => LlamaServerOptions): () => RunningLlamaServer {
  let server: RunningLlamaServer | undefined;
  beforeAll(async () => {
    server = await startLlamaServer(options());
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('llama-server did not start (see beforeAll)');
    return server;
  };
}
