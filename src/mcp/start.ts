// Entry point for a session: starts the configured MCP servers right away (in parallel with the
// rest of start-up and the user's typing) and returns them as a ToolSource for the registry, or
// undefined when no server is enabled. The SDK is loaded only then, so a session without MCP
// servers — and `ossa --version` — never parse it.
import path from 'node:path';
import type { McpServerConfig } from '../config/types.js';
import { isDefinitionApproved } from '../store/mcp-approvals.js';
import type { ToolDefinition } from '../tools/define-tool.js';
import type { ToolSource, ToolSourceContext } from '../tools/tool-source.js';
import type { McpToolSource } from './mcp-tool-source.js';
import { schemaBudget } from './select-tools.js';

export interface StartMcpOptions {
  servers: Record<string, McpServerConfig>;
  /** $OSSA_HOME: logs under log/mcp/, project approvals in mcp-approvals.json. */
  home: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
  /** The model's real context window; the tool budget is a share of it. */
  contextWindow?: number;
}

/** A server's definition as approved and hashed: everything but where it was written. */
export function approvableDefinition(
  config: McpServerConfig,
): Omit<McpServerConfig, 'definedIn' | 'definitionFile'> {
  const { definedIn: _in, definitionFile: _file, ...definition } = config;
  return definition;
}

/** Whether the definition may run: the user's own always; a project's once the user approved it. */
export function mayRun(home: string, config: McpServerConfig): { ok: true } | { ok: false; message: string } {
  if (config.definedIn !== 'project') return { ok: true };
  const file = config.definitionFile ?? '';
  if (isDefinitionApproved(home, file, config.id, approvableDefinition(config))) return { ok: true };
  return {
    ok: false,
    message: `defined in ${file}, which comes with the project; not started until you approve this definition: run \`ossa mcp approve ${config.id}\` in the project (asked again whenever the definition changes)`,
  };
}

export function startMcpServers(options: StartMcpOptions): LazyMcpSource | undefined {
  const enabled = Object.values(options.servers).filter((server) => server.enabled);
  if (enabled.length === 0) return undefined;
  const loading = Promise.all([import('./server-pool.js'), import('./mcp-tool-source.js')]).then(
    ([{ McpServerPool }, { McpToolSource }]) => {
      const pool = new McpServerPool(enabled, {
        env: options.env,
        workspace: options.workspace,
        logDir: path.join(options.home, 'log', 'mcp'),
        mayRun: (config) => mayRun(options.home, config),
      });
      return new McpToolSource(pool, schemaBudget(options.contextWindow));
    },
  );
  // Reported when the session first asks for its tools.
  loading.catch(() => {});
  return new LazyMcpSource(loading);
}

/** The tool source while the SDK loads; `loading` gives the real one (for `/mcp`). */
export class LazyMcpSource implements ToolSource {
  constructor(readonly loading: Promise<McpToolSource>) {}

  async toolsFor(task: string, context: ToolSourceContext): Promise<readonly ToolDefinition<unknown>[]> {
    return (await this.loading).toolsFor(task, context);
  }

  async close(): Promise<void> {
    const source = await this.loading.catch(() => undefined);
    await source?.close();
  }
}
