// Servers that run out of context cut the prompt instead of failing (Ollama keeps the last
// num_ctx tokens, llama.cpp shifts the context). The tell: the prompt tokens the server reports
// are far fewer than ossa sent, or sit right at the window. Called per model response.

export interface TruncationInput {
  /** ossa's estimate of the prompt it sent (calibrated by earlier server counts). */
  sentApproxTokens: number;
  /** `usage.input_tokens` / `prompt_tokens` the server reported. */
  reportedPromptTokens: number;
  contextWindow?: number;
}

/** Prompts smaller than this are never judged: estimates of short prompts are too noisy. */
const MIN_JUDGED_PROMPT = 512;
/** Estimates from characters can be off by about 2×; below 40% of it is not estimation error. */
const SUSPICIOUS_RATIO = 0.4;

/** A warning when the server likely truncated the prompt; undefined when it looks whole. */
export function detectServerTruncation(input: TruncationInput): string | undefined {
  const { sentApproxTokens: sent, reportedPromptTokens: reported, contextWindow } = input;
  if (sent < MIN_JUDGED_PROMPT || reported <= 0) return undefined;
  const farFewer = reported < sent * SUSPICIOUS_RATIO;
  const atWindow =
    contextWindow !== undefined &&
    sent > contextWindow &&
    reported >= contextWindow * 0.9 &&
    reported <= contextWindow;
  if (!farFewer && !atWindow) return undefined;
  const window = contextWindow ? ` Its context window is ${contextWindow} tokens.` : '';
  return `The server read only ${reported} prompt tokens of about ${sent} sent: it cut the conversation to fit its context window, so the model no longer sees the start (instructions, earlier files and results).${window} Give the server a larger window (see \`ossa doctor\`), or start a new session.`;
}
