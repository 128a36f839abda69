// The MCP servers of one session. All start at once when the pool is made, each within its own
// start-up timeout; a server that fails is reported and skipped (unless `required`, which the
// tool source turns into a session error). A server that dies mid-session is reported and started
// again once; a second death leaves it out for the rest of the session. Closing the pool stops
// every server. Every state change becomes an `mcp-server` event.
import path from 'node:path';
import type { McpServerConfig } from '../config/types.js';
import type { AgentEvent, McpServerStatus } from '../protocol/events.js';
import { type McpToolInfo, type OpenServer, openServer } from './connect.js';
import { McpServerStartError } from './errors.js';
import { plainLine } from './plain-text.js';

export type ServerState =
  | { status: 'starting' }
  | { status: 'ready' | 'restarted'; tools: McpToolInfo[]; transport: OpenServer['transport'] }
  | { status: 'failed' | 'exited' | 'needs-approval'; message: string };

export interface PoolOptions {
  env: NodeJS.ProcessEnv;
  workspace: string;
  /** Directory for the servers' stderr logs. */
  logDir: string;
  /** Servers whose definition may run (project definitions need the user's approval). */
  mayRun(config: McpServerConfig): { ok: true } | { ok: false; message: string };
}

type CallOutcome = { ok: true; result: unknown } | { ok: false; message: string };

interface Slot {
  config: McpServerConfig;
  state: ServerState;
  open?: OpenServer;
  started: Promise<void>;
  restarts: number;
  /** Died after its restart: not started again. */
  gaveUp: boolean;
}

export class McpServerPool {
  readonly #slots = new Map<string, Slot>();
  readonly #pending: AgentEvent[] = [];
  #notify: ((event: AgentEvent) => void) | undefined;
  #closed = false;

  constructor(
    servers: readonly McpServerConfig[],
    private readonly options: PoolOptions,
  ) {
    for (const config of servers) {
      if (!config.enabled) continue;
      const allowed = options.mayRun(config);
      const slot: Slot = {
        config,
        state: { status: 'starting' },
        started: Promise.resolve(),
        restarts: 0,
        gaveUp: false,
      };
      this.#slots.set(config.id, slot);
      if (!allowed.ok) {
        this.#set(slot, { status: 'needs-approval', message: allowed.message });
        continue;
      }
      slot.started = this.#start(slot, 'ready');
    }
  }

  /** Resolves when every server has started or failed (each bounded by its timeout). */
  async ready(): Promise<void> {
    await Promise.all([...this.#slots.values()].map((slot) => slot.started));
  }

  /** Where events go; those that happened before are delivered now. */
  setNotify(notify: (event: AgentEvent) => void): void {
    this.#notify = notify;
    for (const event of this.#pending.splice(0)) notify(event);
  }

  servers(): { config: McpServerConfig; state: ServerState }[] {
    return [...this.#slots.values()].map(({ config, state }) => ({ config, state }));
  }

  async call(
    server: string,
    tool: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<CallOutcome> {
    const slot = this.#slots.get(server);
    if (!slot) return { ok: false, message: `MCP server \`${server}\` is not configured.` };
    await slot.started;
    const open = slot.open;
    if (!open || (slot.state.status !== 'ready' && slot.state.status !== 'restarted')) {
      const why = 'message' in slot.state ? `: ${slot.state.message}` : '';
      return { ok: false, message: `MCP server \`${server}\` is not running${why}. Do the task without it.` };
    }
    const seconds = slot.config.toolTimeoutMs / 1000;
    try {
      const result = await open.client.callTool({ name: tool, arguments: args }, undefined, {
        signal,
        timeout: slot.config.toolTimeoutMs,
      });
      return { ok: true, result };
    } catch (error) {
      if (signal.aborted)
        return { ok: false, message: 'Interrupted: the user stopped this call before it finished.' };
      const message = plainLine(error instanceof Error ? error.message : String(error), 600);
      if (/timed out|timeout/i.test(message) && (error as { code?: unknown }).code === -32001) {
        return {
          ok: false,
          message: `MCP tool \`${tool}\` did not answer within ${seconds} s (mcp_servers.${server}.tool_timeout_sec).`,
        };
      }
      if (slot.open !== open) {
        const next = slot.gaveUp
          ? 'It is left out for the rest of the session; do the task without it.'
          : 'ossa is starting it again; the call may be tried once more.';
        return {
          ok: false,
          message: `MCP server \`${server}\` stopped during the call (${message}). ${next}`,
        };
      }
      return { ok: false, message: `MCP tool \`${tool}\` failed: ${message}` };
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#slots.values()].map((slot) => slot.open?.close()));
  }

  async #start(slot: Slot, success: 'ready' | 'restarted'): Promise<void> {
    const { config } = slot;
    let opened: OpenServer | undefined;
    try {
      const open = await openServer(config, {
        env: this.options.env,
        workspace: this.options.workspace,
        logFile: path.join(this.options.logDir, `${config.id.replace(/[^A-Za-z0-9_.-]/g, '_')}.log`),
        // A loss before the start finished fails the start itself.
        onLost: (reason) => this.#lost(slot, opened, reason),
      });
      opened = open;
      if (this.#closed) {
        await open.close();
        return;
      }
      slot.open = open;
      this.#set(slot, { status: success, tools: open.tools, transport: open.transport });
    } catch (error) {
      const message =
        error instanceof McpServerStartError
          ? error.reason
          : error instanceof Error
            ? error.message
            : String(error);
      this.#set(slot, { status: 'failed', message: plainLine(message, 800) });
    }
  }

  #lost(slot: Slot, open: OpenServer | undefined, reason: string): void {
    if (this.#closed || open === undefined || slot.open !== open) return;
    slot.open = undefined;
    if (slot.restarts >= 1) {
      slot.gaveUp = true;
      this.#set(slot, {
        status: 'exited',
        message: `stopped again (${reason}); left out for the rest of the session`,
      });
      return;
    }
    slot.restarts += 1;
    this.#set(slot, { status: 'exited', message: `stopped (${reason}); starting it again` });
    slot.started = this.#start(slot, 'restarted');
  }

  #set(slot: Slot, state: ServerState): void {
    slot.state = state;
    if (state.status === 'starting') return;
    const status: McpServerStatus = state.status;
    const event: AgentEvent = {
      type: 'mcp-server',
      server: slot.config.id,
      status,
      ...('message' in state ? { message: state.message } : {}),
      ...('tools' in state ? { tools: state.tools.length } : {}),
    };
    if (this.#notify) this.#notify(event);
    else this.#pending.push(event);
  }
}
