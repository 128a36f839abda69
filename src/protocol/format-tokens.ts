// The one format for token counts everywhere ossa shows them — the status line, /status, doctor,
// `ossa models`, `ossa init`, provisioning notices and errors. K is 1024 tokens because context
// windows are powers of two and people name them that way: 65536 → "64K", 131072 → "128K".

/** 950 → "950", 4100 → "4.0K", 65536 → "64K", 325784 → "318K", 1048576 → "1.0M". */
export function formatTokens(count: number): string {
  const tokens = Math.max(0, Math.round(count));
  if (tokens < 1024) return String(tokens);
  if (tokens < 1024 * 1024) {
    const k = tokens / 1024;
    return k < 10 ? `${k.toFixed(1)}K` : `${Math.round(k)}K`;
  }
  return `${(tokens / (1024 * 1024)).toFixed(1)}M`;
}

/** The exact figure, for messages that quote sizes: 325784 → "325,784". */
export function formatTokenCount(count: number): string {
  return Math.max(0, Math.round(count)).toLocaleString('en-US');
}

/** The exact figure with the short form: "325,784 tokens (318K)". */
export function formatTokensExact(count: number): string {
  const tokens = Math.max(0, Math.round(count));
  const exact = `${formatTokenCount(tokens)} tokens`;
  return tokens < 1024 ? exact : `${exact} (${formatTokens(tokens)})`;
}
