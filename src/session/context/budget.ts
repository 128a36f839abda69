// The context budget of a session: every limit is a fraction of the window W the server really
// serves, never an absolute number, so the same rules work at 8K and at 256K. The thresholds that
// decide when to compact are fractions of the space left for history once the fixed prompt
// (instructions and tool list, identical in every request) is counted: at 8K that prompt takes a
// third of the window, and a threshold on W alone would compact on every step.
//
//   output reserve R = max(2048, 15 % W), at most half of W — room for the reply
//   hard limit     H = W − R                — a request estimated above it is never sent
//   summary cap    S = min(4096, 10 % W)    — the whole handoff summary, ossa's lists included
//   tool output    = min(4096, 10 % W)      — one tool output entering history (stage 0)
//   free           F = H − fixed prompt     — what history may use
//   prune at       fixed + 70 % F           — stage 1: old tool outputs become one-line stubs
//   summarise at   fixed + 90 % F           — stage 2 (`model_auto_compact_token_limit`)
//   recent kept    min(25 % W, 35 % F)      — verbatim after a summary
import { formatTokenCount } from '../../protocol/format-tokens.js';

export interface ContextBudget {
  window: number;
  /** True when the window is ossa's assumption, not the server's or the config's figure. */
  assumedWindow: boolean;
  outputReserve: number;
  hardLimit: number;
  summaryCap: number;
  toolOutputCap: number;
  fixedTokens: number;
  pruneAt: number;
  summariseAt: number;
  recentKeep: number;
}

export interface BudgetInput {
  /** The window in tokens; undefined when nobody could tell (see assumedWindowFor). */
  window: number | undefined;
  /** The server runs on this machine or the LAN (chooses the assumed window). Default true. */
  isLocal?: boolean;
  /** Estimated tokens of a request with no history: instructions plus tool list. */
  fixedTokens: number;
  /** `model_auto_compact_token_limit`: summarise past this many prompt tokens (capped at H). */
  autoCompactTokenLimit?: number;
  /** `tool_output_token_limit`: tokens one tool output may take in history. */
  toolOutputTokenLimit?: number;
}

/**
 * The window assumed when the server does not say and config does not set one: 32K for a server on
 * this machine or the LAN (small models, where too big a guess means silent truncation), 128K for a
 * remote API (every current hosted model has at least that). The first overflow answer that names
 * the real window replaces it.
 */
export const ASSUMED_LOCAL_WINDOW = 32_768;
export const ASSUMED_REMOTE_WINDOW = 131_072;

export function assumedWindowFor(isLocal: boolean): number {
  return isLocal ? ASSUMED_LOCAL_WINDOW : ASSUMED_REMOTE_WINDOW;
}

const MIN_RESERVE = 2048;
const MAX_SUMMARY = 4096;
const MAX_TOOL_OUTPUT = 4096;
const MIN_TOOL_OUTPUT = 256;

export function contextBudget(input: BudgetInput): ContextBudget {
  const assumedWindow = input.window === undefined;
  const window = input.window ?? assumedWindowFor(input.isLocal ?? true);
  const outputReserve = Math.min(Math.floor(window / 2), Math.max(MIN_RESERVE, Math.round(window * 0.15)));
  const hardLimit = window - outputReserve;
  const summaryCap = Math.min(MAX_SUMMARY, Math.round(window * 0.1));
  const toolOutputCap = Math.max(
    MIN_TOOL_OUTPUT,
    input.toolOutputTokenLimit ?? Math.min(MAX_TOOL_OUTPUT, Math.round(window * 0.1)),
  );
  const fixedTokens = Math.min(input.fixedTokens, hardLimit);
  const free = Math.max(0, hardLimit - fixedTokens);
  const pruneAt = fixedTokens + Math.round(free * 0.7);
  const defaultSummariseAt = fixedTokens + Math.round(free * 0.9);
  const summariseAt = Math.min(hardLimit, input.autoCompactTokenLimit ?? defaultSummariseAt);
  const recentKeep = Math.max(0, Math.min(Math.round(window * 0.25), Math.round(free * 0.35)));
  return {
    window,
    assumedWindow,
    outputReserve,
    hardLimit,
    summaryCap,
    toolOutputCap,
    fixedTokens,
    pruneAt: Math.min(pruneAt, summariseAt),
    summariseAt,
    recentKeep,
  };
}

/** Thousands separators for figures in messages (the one token format: protocol/format-tokens.ts). */
export function formatTokens(tokens: number): string {
  return formatTokenCount(tokens);
}
