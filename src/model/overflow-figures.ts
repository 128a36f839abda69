// The figures an overflow answer gives, so the session can learn the real window and the real
// size of what it sent: llama.cpp puts `n_prompt_tokens` and `n_ctx` next to its
// `exceed_context_size_error` (and newer builds repeat them in the text); vLLM and OpenAI say
// "maximum context length is N tokens. However, you requested / your messages resulted in M
// tokens"; LM Studio says "Trying to keep the first M tokens … context length of only N tokens".

export interface OverflowFigures {
  /** Prompt tokens the server counted for the rejected request. */
  promptTokens?: number;
  /** The context window the server enforces. */
  contextTokens?: number;
  /** llama.cpp's answer (its fields or its text), which has a fix of its own. */
  overflowServer?: 'llama.cpp';
}

const PATTERNS: { regex: RegExp; prompt: number; context: number; server?: 'llama.cpp' }[] = [
  // llama.cpp: "request (9000 tokens) exceeds the available context size (8192 tokens)"
  {
    regex: /request \((\d+) tokens\) exceeds the available context size \((\d+) tokens\)/i,
    prompt: 1,
    context: 2,
    server: 'llama.cpp',
  },
  // vLLM / OpenAI: "maximum context length is 8192 tokens. However, you requested 9000 tokens"
  {
    regex:
      /maximum context length is (\d+) tokens?\.?.*?(?:requested|resulted in|has|contains) (\d+) (?:input )?tokens/is,
    prompt: 2,
    context: 1,
  },
  // LM Studio: "Trying to keep the first 5000 tokens … context length of only 4096 tokens"
  { regex: /keep the first (\d+) tokens.*?context length of only (\d+) tokens/is, prompt: 1, context: 2 },
];

export function overflowFigures(body: unknown, message: string | undefined): OverflowFigures {
  const figures: OverflowFigures = {};
  const fields = errorObject(body);
  const prompt = positiveInt(fields?.n_prompt_tokens);
  const context = positiveInt(fields?.n_ctx);
  if (prompt !== undefined) figures.promptTokens = prompt;
  if (context !== undefined) figures.contextTokens = context;
  if (prompt !== undefined && context !== undefined) figures.overflowServer = 'llama.cpp';
  if (!message || (figures.promptTokens !== undefined && figures.contextTokens !== undefined)) return figures;
  for (const pattern of PATTERNS) {
    const match = pattern.regex.exec(message);
    if (!match) continue;
    figures.promptTokens ??= Number(match[pattern.prompt]);
    figures.contextTokens ??= Number(match[pattern.context]);
    if (pattern.server) figures.overflowServer = pattern.server;
    break;
  }
  return figures;
}

function errorObject(body: unknown): Record<string, unknown> | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const inner = record.error;
  return typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : record;
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}
