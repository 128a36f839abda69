// How much of the model's real window a part's diff may use: the window, less what every request
// carries anyway (the session's system prompt, the shell tool's spec, the review guidelines and
// file lists), less room for the answer and for the files the reviewer reads to check a claim.
import { createToolRegistry } from '../../tools/registry.js';
import { shellTool } from '../../tools/shell/tool.js';
import { reviewerSandbox, sessionEnvironment, sessionInstructions } from '../create-session.js';
import type { SessionTarget } from '../prepare-session.js';
import { budgetTokens } from './plan-parts.js';

export interface ReviewBudget {
  /** The window the budget is computed against. */
  window: number;
  /** Where `window` came from, when it is not the server's own figure. */
  assumed?: string;
  /** Tokens every part's request carries besides its diff. */
  overhead: number;
  /** Kept free for the answer and for files the reviewer reads. */
  reserve: number;
  /** Tokens one part's diff may take. */
  diff: number;
}

/** Below this a part could not hold even a small hunk: the window is too small to review with. */
export const MIN_DIFF_BUDGET = 400;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, Math.round(value)));

export function reviewBudget(
  target: SessionTarget,
  env: NodeJS.ProcessEnv,
  /** The prompt of a part without its diff (guidelines, descriptions, file lists). */
  promptWithoutDiff: string,
): ReviewBudget {
  const known = target.contextWindow.value;
  // An unknown window: local servers are assumed small, hosted ones large.
  const window = known ?? (target.provider.isLocal ? 8192 : 128_000);
  const sandbox = reviewerSandbox(target.config, env);
  const tools = createToolRegistry([shellTool]).specs();
  const overhead =
    budgetTokens(sessionInstructions(target.config)) +
    budgetTokens(sessionEnvironment(target.config, env, sandbox)) +
    budgetTokens(JSON.stringify(tools)) +
    budgetTokens(promptWithoutDiff);
  const reserve = clamp(window * 0.15, 1024, 4096) + clamp(window * 0.2, 1024, 8192);
  return {
    window,
    ...(known === undefined
      ? {
          assumed: `the server does not say its context window; assuming ${window} tokens (set model_context_window to the real one)`,
        }
      : {}),
    overhead,
    reserve,
    diff: window - overhead - reserve,
  };
}
