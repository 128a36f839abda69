import { describe, expect, it } from 'vitest';
import { ASSUMED_LOCAL_WINDOW, ASSUMED_REMOTE_WINDOW, contextBudget } from './budget.js';

describe('contextBudget', () => {
  it.each([8192, 16384, 32768, 131072])('keeps every limit inside a %i-token window', (window) => {
    const budget = contextBudget({ window, fixedTokens: 2500 });
    expect(budget.hardLimit).toBe(window - budget.outputReserve);
    expect(budget.outputReserve).toBeGreaterThanOrEqual(Math.min(2048, window / 2));
    expect(budget.pruneAt).toBeLessThanOrEqual(budget.summariseAt);
    expect(budget.summariseAt).toBeLessThanOrEqual(budget.hardLimit);
    expect(budget.pruneAt).toBeGreaterThan(budget.fixedTokens);
    // After a summary: fixed prompt + handoff + recent part must sit below the prune threshold,
    // or every step would compact again.
    expect(budget.fixedTokens + budget.summaryCap + budget.recentKeep).toBeLessThan(budget.summariseAt);
    // The summary request (older part + prompt) has room for its reply.
    expect(budget.summaryCap).toBeLessThan(budget.outputReserve);
  });

  it('derives reserve, summary cap and tool output cap from the window, never absolute', () => {
    expect(contextBudget({ window: 32768, fixedTokens: 0 })).toMatchObject({
      outputReserve: 4915,
      summaryCap: 3277,
      toolOutputCap: 3277,
    });
    expect(contextBudget({ window: 8192, fixedTokens: 0 })).toMatchObject({
      outputReserve: 2048,
      summaryCap: 819,
      toolOutputCap: 819,
    });
    // Peers' absolute 16K reserves take half of a 32K window; 4K floors break 4K windows.
    expect(contextBudget({ window: 4096, fixedTokens: 0 }).outputReserve).toBe(2048);
    expect(contextBudget({ window: 1_000_000, fixedTokens: 0 }).summaryCap).toBe(4096);
  });

  it('caps model_auto_compact_token_limit at the hard limit and honours a lower one', () => {
    expect(
      contextBudget({ window: 16384, fixedTokens: 2000, autoCompactTokenLimit: 999_999 }).summariseAt,
    ).toBe(16384 - 2458);
    const low = contextBudget({ window: 16384, fixedTokens: 2000, autoCompactTokenLimit: 6000 });
    expect(low.summariseAt).toBe(6000);
    expect(low.pruneAt).toBeLessThanOrEqual(6000);
  });

  it('assumes a conservative window when nobody can tell, by where the server runs', () => {
    expect(contextBudget({ window: undefined, fixedTokens: 0 })).toMatchObject({
      window: ASSUMED_LOCAL_WINDOW,
      assumedWindow: true,
    });
    expect(contextBudget({ window: undefined, isLocal: false, fixedTokens: 0 }).window).toBe(
      ASSUMED_REMOTE_WINDOW,
    );
  });

  it('a fixed prompt larger than the window leaves no room instead of negative thresholds', () => {
    const budget = contextBudget({ window: 4096, fixedTokens: 9000 });
    expect(budget.recentKeep).toBe(0);
    expect(budget.pruneAt).toBe(budget.hardLimit);
  });
});
