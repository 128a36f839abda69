// Which MCP tools the model is offered when their declarations together would not fit the budget
// (a share of the real context window). Pure. When everything fits, everything is offered. Else
// the tools the user named in `enabled_tools` come first, then the rest by relevance to the task
// (BM25 over the tool's name and description against the task text), each taken while it still
// fits. The offered tools keep the servers' order, so the same choice is the same bytes; every
// tool left out is reported with the reason. Choosing again, equally relevant tools already
// offered win ties, so a new task that asks for nothing new keeps the same declarations.
import { bm25Scores, terms } from './bm25.js';

export interface ToolCandidate {
  /** The name the model would see. */
  name: string;
  server: string;
  /** The server's own name for it. */
  tool: string;
  description: string;
  /** Estimated tokens of its declaration. */
  tokens: number;
  /** Named in the server's `enabled_tools`. */
  pinned: boolean;
}

export interface LeftOutTool {
  name: string;
  server: string;
  tokens: number;
  reason: string;
}

export interface ToolSelection {
  offered: ToolCandidate[];
  leftOut: LeftOutTool[];
  budgetTokens: number;
  usedTokens: number;
}

/** Share of the context window all MCP tool declarations together may take. */
export const MCP_SCHEMA_BUDGET_SHARE = 0.1;
/** The window assumed when the server does not say (a small local model's). */
export const ASSUMED_CONTEXT_WINDOW = 32_768;

export function schemaBudget(contextWindow: number | undefined): number {
  return Math.floor((contextWindow ?? ASSUMED_CONTEXT_WINDOW) * MCP_SCHEMA_BUDGET_SHARE);
}

export function selectTools(
  candidates: readonly ToolCandidate[],
  budgetTokens: number,
  task: string,
  /** Tools offered now (choosing again): among equally relevant tools they stay, so the bytes do. */
  offeredNow: ReadonlySet<string> = new Set(),
): ToolSelection {
  const total = candidates.reduce((sum, tool) => sum + tool.tokens, 0);
  if (total <= budgetTokens) {
    return { offered: [...candidates], leftOut: [], budgetTokens, usedTokens: total };
  }
  const query = terms(task);
  const scores = bm25Scores(
    candidates.map((tool) => [...terms(tool.tool), ...terms(tool.tool), ...terms(tool.description)]),
    query,
  );
  const order = candidates
    .map((tool, index) => ({ tool, index, score: scores[index] ?? 0 }))
    .sort(
      (a, b) =>
        Number(b.tool.pinned) - Number(a.tool.pinned) ||
        b.score - a.score ||
        Number(offeredNow.has(b.tool.name)) - Number(offeredNow.has(a.tool.name)) ||
        a.index - b.index,
    );
  const chosen = new Set<number>();
  const rank = new Map<number, number>();
  let used = 0;
  order.forEach((entry, position) => {
    rank.set(entry.index, position + 1);
    if (used + entry.tool.tokens <= budgetTokens) {
      chosen.add(entry.index);
      used += entry.tool.tokens;
    }
  });
  const offered: ToolCandidate[] = [];
  const leftOut: LeftOutTool[] = [];
  candidates.forEach((tool, index) => {
    if (chosen.has(index)) {
      offered.push(tool);
      return;
    }
    const relevance = tool.pinned
      ? 'named in enabled_tools, but the named tools alone exceed the budget'
      : (scores[index] ?? 0) > 0
        ? `ranked ${rank.get(index)} of ${candidates.length} for the task`
        : 'no word in common with the task';
    leftOut.push({
      name: tool.name,
      server: tool.server,
      tokens: tool.tokens,
      reason: `over the ${budgetTokens}-token tool budget (${relevance})`,
    });
  });
  return { offered, leftOut, budgetTokens, usedTokens: used };
}
