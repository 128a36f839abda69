// Opens one MCP server: starts the process (stdio) or reaches the URL (streamable HTTP, falling
// back to the older HTTP+SSE transport when the server answers the streamable POST with a 4xx),
// runs the initialize handshake and lists the tools — all within the start-up timeout. A server
// that does not make it is closed again (its process killed) and the error says why, with the
// last lines it wrote to stderr.
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerConfig } from '../config/types.js';
import { VERSION } from '../version.js';
import { McpServerStartError } from './errors.js';
import { mcpFetch } from './http-fetch.js';
import { httpServerHeaders, stdioServerEnv } from './server-env.js';
import { StderrLog } from './stderr-log.js';

/** A tool as the server lists it (only what ossa reads). */
export interface McpToolInfo {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean; title?: string };
}

/** A server listing more tools than this is cut here (a list that never ends). */
export const MAX_LISTED_TOOLS = 2000;
const MAX_LIST_PAGES = 50;

export interface OpenOptions {
  env: NodeJS.ProcessEnv;
  /** The workspace; a stdio server's relative `cwd` is resolved against it. */
  workspace: string;
  /** Where the server's stderr is appended. */
  logFile: string;
  /** Called once when the connection ends without ossa closing it (the process died). */
  onLost(reason: string): void;
}

export interface OpenServer {
  client: Client;
  tools: McpToolInfo[];
  transport: 'stdio' | 'streamable-http' | 'sse';
  /** Env variables or header variables the definition names that are not set. */
  missingVariables: string[];
  /** The last lines of the server's stderr (for error messages). */
  stderrTail(): string;
  close(): Promise<void>;
}

export async function openServer(config: McpServerConfig, options: OpenOptions): Promise<OpenServer> {
  const deadline = AbortSignal.timeout(config.startupTimeoutMs);
  const log = new StderrLog(options.logFile, config.id);
  let closing = false;
  let client: Client | undefined;
  let transportKind: OpenServer['transport'] = 'stdio';
  let missing: string[] = [];
  const attach = (transport: Transport) => {
    const created = new Client({ name: 'ossa', version: VERSION }, { capabilities: {} });
    created.onclose = () => {
      if (!closing) options.onLost(lostReason(log));
    };
    // Errors also surface on the pending request or as onclose; nothing to add here.
    created.onerror = () => {};
    return { created, transport };
  };
  const connect = async (transport: Transport) => {
    const attached = attach(transport);
    client = attached.created;
    await withDeadline(attached.created.connect(transport, { timeout: config.startupTimeoutMs }), deadline);
    return attached.created;
  };

  try {
    let connected: Client;
    if (config.transport.kind === 'stdio') {
      const built = stdioServerEnv(config.transport, options.env);
      missing = built.missing;
      const transport = new StdioClientTransport({
        command: config.transport.command,
        args: config.transport.args,
        env: built.env,
        cwd: path.resolve(options.workspace, config.transport.cwd ?? '.'),
        stderr: 'pipe',
      });
      log.attach(transport.stderr);
      connected = await connect(transport);
    } else {
      const built = httpServerHeaders(config.transport, options.env);
      missing = built.missing;
      if (config.transport.bearerTokenEnvVar && built.missing.includes(config.transport.bearerTokenEnvVar)) {
        throw new McpServerStartError(
          config.id,
          `bearer_token_env_var names ${config.transport.bearerTokenEnvVar}, which is not set; set it, or remove the key`,
        );
      }
      const url = new URL(config.transport.url);
      const requestInit = { headers: built.headers };
      const httpFetch = mcpFetch();
      transportKind = 'streamable-http';
      try {
        connected = await connect(new StreamableHTTPClientTransport(url, { requestInit, fetch: httpFetch }));
      } catch (error) {
        if (!isOldServerAnswer(error) || deadline.aborted) throw error;
        // An HTTP+SSE server (protocol 2024-11-05) answers the streamable POST with 404/405.
        closing = true;
        await client?.close().catch(() => {});
        closing = false;
        transportKind = 'sse';
        connected = await connect(new SSEClientTransport(url, { requestInit, fetch: httpFetch }));
      }
    }
    const tools = await withDeadline(listAllTools(connected, config.startupTimeoutMs), deadline);
    return {
      client: connected,
      tools,
      transport: transportKind,
      missingVariables: missing,
      stderrTail: () => log.tail(),
      close: async () => {
        closing = true;
        await connected.close().catch(() => {});
        log.close();
      },
    };
  } catch (error) {
    closing = true;
    // Kills the process (stdin closed, then SIGTERM, then SIGKILL) without holding up the session.
    void client?.close().catch(() => {});
    log.close();
    if (error instanceof McpServerStartError) throw error;
    throw new McpServerStartError(config.id, startFailure(error, deadline, config, log), { cause: error });
  }
}

async function listAllTools(client: Client, timeout: number): Promise<McpToolInfo[]> {
  if (!client.getServerCapabilities()?.tools) return [];
  const tools: McpToolInfo[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES && tools.length < MAX_LISTED_TOOLS; page++) {
    const result = await client.listTools(cursor ? { cursor } : {}, { timeout });
    tools.push(...(result.tools as McpToolInfo[]));
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return tools.slice(0, MAX_LISTED_TOOLS);
}

function isOldServerAnswer(error: unknown): boolean {
  return (
    error instanceof StreamableHTTPError &&
    typeof error.code === 'number' &&
    error.code >= 400 &&
    error.code < 500
  );
}

async function withDeadline<T>(work: Promise<T>, deadline: AbortSignal): Promise<T> {
  if (deadline.aborted) throw deadline.reason;
  let onAbort: (() => void) | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    onAbort = () => reject(deadline.reason);
    deadline.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    if (onAbort) deadline.removeEventListener('abort', onAbort);
  }
}

function startFailure(
  error: unknown,
  deadline: AbortSignal,
  config: McpServerConfig,
  log: StderrLog,
): string {
  const tail = log.tail();
  const stderr = tail ? `; its last stderr lines: ${tail}` : '';
  if (deadline.aborted) {
    return `did not finish starting within ${config.startupTimeoutMs / 1000} s (startup_timeout_sec)${stderr}`;
  }
  const code = (error as { code?: unknown })?.code;
  if (code === 'ENOENT' && config.transport.kind === 'stdio') {
    return `cannot start \`${config.transport.command}\`: no such program (check \`command\`, and that it is on PATH)`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `${message}${stderr}`;
}

function lostReason(log: StderrLog): string {
  const tail = log.tail();
  return tail ? `the connection closed; its last stderr lines: ${tail}` : 'the connection closed';
}
