// What the user sees of the MCP servers (`/mcp`, `ossa mcp list`, doctor): each server's state,
// how many tools it lists, which are offered to the model and which are left out and why, and
// what the offered declarations cost in tokens — against the budget.
import type { McpToolSource } from './mcp-tool-source.js';
import { plainLine } from './plain-text.js';
import type { LeftOutTool, ToolSelection } from './select-tools.js';

export interface McpServerReport {
  id: string;
  status: 'starting' | 'ready' | 'restarted' | 'failed' | 'exited' | 'needs-approval';
  transport?: string;
  message?: string;
  listed: number;
  offered: { name: string; tokens: number }[];
  leftOut: LeftOutTool[];
  /** Tokens of the offered declarations. */
  tokens: number;
}

export interface McpStatus {
  budgetTokens: number;
  usedTokens: number;
  /** False before the first turn: the choice shown is for an empty task. */
  chosen: boolean;
  servers: McpServerReport[];
}

export function mcpStatus(source: McpToolSource): McpStatus {
  const chosen = source.selection;
  const selection: ToolSelection = chosen ?? source.choose('').selection;
  const servers = source.pool.servers().map(({ config, state }): McpServerReport => {
    const offered = selection.offered
      .filter((tool) => tool.server === config.id)
      .map(({ name, tokens }) => ({ name, tokens }));
    return {
      id: config.id,
      status: state.status,
      ...('transport' in state ? { transport: state.transport } : {}),
      ...('message' in state ? { message: state.message } : {}),
      listed: 'tools' in state ? state.tools.length : 0,
      offered,
      leftOut: selection.leftOut.filter((tool) => tool.server === config.id),
      tokens: offered.reduce((sum, tool) => sum + tool.tokens, 0),
    };
  });
  return {
    budgetTokens: selection.budgetTokens,
    usedTokens: selection.usedTokens,
    chosen: chosen !== undefined,
    servers,
  };
}

export function renderMcpStatus(status: McpStatus, options: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  const when = status.chosen ? '' : ' (chosen at the first prompt; shown for an empty task)';
  lines.push(`MCP tools: ${status.usedTokens} of ${status.budgetTokens} budget tokens${when}`);
  for (const server of status.servers) {
    const via = server.transport ? ` via ${server.transport}` : '';
    const head = `${server.id}: ${server.status}${via}`;
    if (server.status === 'ready' || server.status === 'restarted') {
      lines.push(
        `  ${head} · ${server.offered.length} of ${server.listed} tools offered · ${server.tokens} tokens`,
      );
    } else {
      lines.push(`  ${head}${server.message ? ` — ${plainLine(server.message, 300)}` : ''}`);
    }
    const shown = options.verbose ? server.offered : server.offered.slice(0, 20);
    for (const tool of shown) lines.push(`    + ${tool.name} (${tool.tokens} tokens)`);
    if (shown.length < server.offered.length)
      lines.push(`    + … ${server.offered.length - shown.length} more`);
    const left = options.verbose ? server.leftOut : server.leftOut.slice(0, 10);
    for (const tool of left) lines.push(`    - ${tool.name}: ${tool.reason}`);
    if (left.length < server.leftOut.length) {
      lines.push(
        `    - … ${server.leftOut.length - left.length} more left out (see \`ossa mcp list --verbose\`)`,
      );
    }
  }
  return lines.join('\n');
}
