// Limits of the agent loop that config (defaults, docs) and the session (its fallback) share.

/**
 * Model requests allowed in one turn (`agent_max_steps`). A safety net, not a budget: the repeat
 * guard stops a model that loops on the same call long before, and context management keeps a
 * long task inside the window — local models often need 80–150 steps for a real task, so the
 * net sits well above that (Codex has none).
 */
export const DEFAULT_AGENT_MAX_STEPS = 200;
