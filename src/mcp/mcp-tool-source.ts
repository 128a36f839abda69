// The MCP servers' tools as a ToolSource for the session's registry. Before the first turn it
// waits for the servers (each bounded by its start-up timeout), fails the session only for a
// `required` server that did not start, and chooses the tools to offer: `enabled_tools` /
// `disabled_tools` first, then — when the slimmed declarations exceed the budget — by relevance
// to the task. The choice stands for the session (the same array, so the same bytes on every
// request) until a compaction asks to choose again.
import type { McpServerConfig } from '../config/types.js';
import { estimateTokens } from '../protocol/token-estimate.js';
import type { ToolDefinition } from '../tools/define-tool.js';
import type { ToolSource, ToolSourceContext } from '../tools/tool-source.js';
import type { McpToolInfo } from './connect.js';
import { McpRequiredServerError } from './errors.js';
import { mcpTool } from './mcp-tool.js';
import { plainText } from './plain-text.js';
import { type LeftOutTool, selectTools, type ToolCandidate, type ToolSelection } from './select-tools.js';
import type { McpServerPool } from './server-pool.js';
import { MAX_TOOL_DESCRIPTION, slimDescription, slimInputSchema } from './slim-schema.js';
import { assignToolNames, qualifiedToolName } from './tool-names.js';

interface Prepared extends ToolCandidate {
  definition: ToolDefinition<unknown>;
}

export class McpToolSource implements ToolSource {
  #chosen: readonly ToolDefinition<unknown>[] | undefined;
  #selection: ToolSelection | undefined;

  constructor(
    readonly pool: McpServerPool,
    private readonly budgetTokens: number,
  ) {}

  /** The last choice (for `/mcp` and doctor), or undefined before the first turn. */
  get selection(): ToolSelection | undefined {
    return this.#selection;
  }

  async toolsFor(task: string, context: ToolSourceContext): Promise<readonly ToolDefinition<unknown>[]> {
    this.pool.setNotify(context.notify);
    if (this.#chosen && !context.reselect) return this.#chosen;
    await this.pool.ready();
    for (const { config, state } of this.pool.servers()) {
      if (config.required && state.status !== 'ready' && state.status !== 'restarted') {
        throw new McpRequiredServerError(config.id, 'message' in state ? state.message : 'it did not start');
      }
    }
    const selection = this.choose(task, new Set(this.#chosen?.map((tool) => tool.name)));
    this.#selection = selection.selection;
    // The same tools as before stay the same array: the registry rebuilds nothing and every
    // request keeps byte-identical declarations (the server's prefix cache holds).
    if (!this.#chosen || !sameTools(this.#chosen, selection.tools)) this.#chosen = selection.tools;
    const { offered, leftOut, budgetTokens, usedTokens } = selection.selection;
    context.notify({
      type: 'mcp-tools',
      budgetTokens,
      usedTokens,
      offered: offered.map(({ name, server, tokens }) => ({ name, server, tokens })),
      leftOut,
    });
    return this.#chosen;
  }

  /** Every tool of the running servers, slimmed and named, and the choice for `task`. */
  choose(
    task: string,
    offeredNow: ReadonlySet<string> = new Set(),
  ): { selection: ToolSelection; tools: ToolDefinition<unknown>[] } {
    const { candidates, filtered } = this.candidates();
    const selection = selectTools(candidates, this.budgetTokens, task, offeredNow);
    selection.leftOut.unshift(...filtered);
    const byName = new Map(candidates.map((candidate) => [candidate.name, candidate.definition]));
    return { selection, tools: selection.offered.map((tool) => byName.get(tool.name)!) };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private candidates(): { candidates: Prepared[]; filtered: LeftOutTool[] } {
    const listed: { config: McpServerConfig; info: McpToolInfo }[] = [];
    const filtered: LeftOutTool[] = [];
    for (const { config, state } of this.pool.servers()) {
      if (!('tools' in state)) continue;
      for (const info of state.tools) {
        const excluded = exclusion(config, info.name);
        if (excluded)
          filtered.push({
            name: qualifiedToolName(config.id, info.name),
            server: config.id,
            tokens: 0,
            reason: excluded,
          });
        else listed.push({ config, info });
      }
    }
    const names = assignToolNames(listed.map(({ config, info }) => ({ server: config.id, tool: info.name })));
    const candidates = listed.map(({ config, info }, index): Prepared => {
      const name = names[index]!;
      const description = slimDescription(
        plainText(info.description ?? info.annotations?.title ?? ''),
        MAX_TOOL_DESCRIPTION,
      );
      const inputSchema = slimInputSchema(info.inputSchema ?? {});
      const definition = mcpTool({
        name,
        server: config.id,
        tool: info.name,
        description,
        inputSchema,
        approval: config.toolApproval[info.name] ?? config.defaultApproval,
        call: (tool, args, signal) => this.pool.call(config.id, tool, args, signal),
      }) as ToolDefinition<unknown>;
      // As declared on the wire (the larger of the two wires' envelopes), so the budget holds on both.
      const declared = {
        type: 'function',
        function: { name, description, parameters: inputSchema },
        strict: false,
      };
      const tokens = estimateTokens(JSON.stringify(declared));
      return {
        name,
        server: config.id,
        tool: info.name,
        description,
        tokens,
        pinned: config.enabledTools?.includes(info.name) ?? false,
        definition,
      };
    });
    return { candidates, filtered };
  }
}

/** Same names in the same order, each declared the same way (the approval mode is fixed per session). */
function sameTools(
  before: readonly ToolDefinition<unknown>[],
  after: readonly ToolDefinition<unknown>[],
): boolean {
  return (
    before.length === after.length &&
    before.every((tool, index) => {
      const other = after[index]!;
      return (
        tool.name === other.name &&
        tool.description === other.description &&
        JSON.stringify(tool.inputSchema) === JSON.stringify(other.inputSchema)
      );
    })
  );
}

function exclusion(config: McpServerConfig, tool: string): string | undefined {
  if (config.enabledTools && !config.enabledTools.includes(tool)) return 'not in enabled_tools';
  if (config.disabledTools.includes(tool)) return 'in disabled_tools';
  return undefined;
}
