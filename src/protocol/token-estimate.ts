// The one estimate of tokens ossa makes without a tokenizer for the model: UTF-8 bytes at a
// conservative 3.2 bytes per token (code and JSON tokenise denser than English prose). The
// session's meter (session/context/token-meter.ts) starts here and then calibrates on what the
// server reports; the MCP tool budget and the review's part planner use it as it is.

export const UNCALIBRATED_BYTES_PER_TOKEN = 3.2;

/** About how many tokens `text` takes (rounded up). */
export function estimateTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / UNCALIBRATED_BYTES_PER_TOKEN);
}
