// Tools that come from outside ossa (MCP servers, through src/mcp/): loaded while the session
// starts, chosen per task, closed with the session. The registry asks a source for its tools
// before each turn; a source decides once and hands back the same definitions until it is asked
// to choose again (at a compaction), so every request carries byte-identical tool declarations
// and the model server's prefix cache holds.
import type { AgentEvent } from '../protocol/events.js';
import type { ToolDefinition } from './define-tool.js';

export interface ToolSourceContext {
  /** Choose again (after a compaction) instead of keeping the first choice. */
  reselect: boolean;
  signal: AbortSignal;
  /** Reports what the source did (servers started or failed, tools left out). */
  notify(event: AgentEvent): void;
}

export interface ToolSource {
  /**
   * The tools to offer for `task` (the turn's prompt, or the compacted history's summary).
   * Returns the very same array while the choice stands (the registry rebuilds nothing then).
   * Throws an OssaError when the session cannot go on without it (a required server failed).
   */
  toolsFor(task: string, context: ToolSourceContext): Promise<readonly ToolDefinition<unknown>[]>;
  /** Stops whatever the source started. Safe to call twice. */
  close(): Promise<void>;
}
