// Speed and honesty of the server, measured before scoring: time to first token at a small and a
// large prompt, prefill and decode tokens/s (the server's own timings where it reports them —
// llama.cpp — else derived from the stream), prefix-cache reuse between two turns that share the
// large prompt, and silent truncation of the large prompt (servers/truncation.ts, the session's rule).
import type { ModelRequest } from '../../model/types.js';
import type { ProviderSettings } from '../../protocol/provider.js';
import { providerHeaders } from '../../servers/provider-headers.js';
import { llamaCppTimings, type ServerTimings } from '../../servers/server-facts.js';
import type { ServerKind } from '../../servers/server-kind.js';
import { approxTokens, detectServerTruncation } from '../../servers/truncation.js';
import { exchange, type ProbeExchange } from './probe-exchange.js';
import { probePrompt } from './wire-conformance.js';

export interface SpeedFacts {
  ttftSmallMs?: number;
  ttftLargeMs?: number;
  /** Tokens of the large prompt as the server counted them (ossa's estimate when it did not). */
  largePromptTokens: number;
  prefillTokensPerSecond?: number;
  decodeTokensPerSecond?: number;
  /** `server` when the figures are the server's own timings, `measured` when ossa timed the stream. */
  speedSource: 'server' | 'measured' | 'none';
  /** Share of the second turn's prompt the server served from its cache; undefined when not reported. */
  cacheReuse?: number;
  /** The second turn's first token came this many times faster than the first's. */
  cacheSpeedup?: number;
  /** The truncation warning when the server kept far fewer prompt tokens than were sent. */
  truncation?: string;
  /** Probes that failed, said for people. */
  problems: string[];
}

const LARGE_MAX_TOKENS = 8192;

export async function measureSpeed(input: {
  provider: ProviderSettings;
  model: string;
  window: number;
  serverKind?: ServerKind;
  signal?: AbortSignal;
}): Promise<SpeedFacts> {
  const { provider, model, window, signal } = input;
  const problems: string[] = [];
  const ask = (text: string, history: ModelRequest['input'] = []): ModelRequest => ({
    model,
    instructions: 'Answer briefly.',
    input: [...history, { type: 'message', role: 'user', text }],
    tools: [],
    maxOutputTokens: 96,
  });
  const small = await exchange(
    provider,
    ask(probePrompt('speed-small', 'Reply with the word ready.')),
    signal,
  );
  if (!small.ok) problems.push(`a tiny request failed: ${small.error}`);
  const filler = fillerText(Math.min(LARGE_MAX_TOKENS, Math.floor(window * 0.25)));
  const largeText = `${probePrompt('speed-large', 'Read the log below, then reply with the word ready.')}\n${filler}`;
  const large = await exchange(provider, ask(largeText), signal);
  if (!large.ok) problems.push(`a ${approxTokens(largeText.length)}-token request failed: ${large.error}`);
  const second = large.ok
    ? await exchange(
        provider,
        ask(probePrompt('speed-again', 'Reply with the word again.'), [
          { type: 'message', role: 'user', text: largeText },
          { type: 'message', role: 'assistant', text: large.text || 'ready' },
        ]),
        signal,
      )
    : undefined;
  const sent = approxTokens(largeText.length + 40);
  const reported = large.usage?.inputTokens ?? 0;
  const truncation = detectServerTruncation({
    sentApproxTokens: sent,
    reportedPromptTokens: reported,
    contextWindow: window,
  });
  const timings =
    input.serverKind === 'llamacpp'
      ? await llamaCppTimings(
          provider.baseUrl,
          {
            model,
            messages: [{ role: 'user', content: `${largeText}\n(once more)` }],
            max_tokens: 48,
          },
          { headers: providerHeaders(provider), ...(signal ? { signal } : {}) },
        )
      : undefined;
  return {
    ...(small.ttftMs !== undefined ? { ttftSmallMs: small.ttftMs } : {}),
    ...(large.ttftMs !== undefined ? { ttftLargeMs: large.ttftMs } : {}),
    largePromptTokens: reported || sent,
    ...rates(small, large, timings),
    ...cache(large, second, timings),
    ...(truncation ? { truncation } : {}),
    problems,
  };
}

function rates(small: ProbeExchange, large: ProbeExchange, timings: ServerTimings | undefined) {
  if (timings?.promptPerSecond || timings?.predictedPerSecond) {
    return {
      ...(timings.promptPerSecond ? { prefillTokensPerSecond: timings.promptPerSecond } : {}),
      ...(timings.predictedPerSecond ? { decodeTokensPerSecond: timings.predictedPerSecond } : {}),
      speedSource: 'server' as const,
    };
  }
  const out: {
    prefillTokensPerSecond?: number;
    decodeTokensPerSecond?: number;
    speedSource: 'measured' | 'none';
  } = { speedSource: 'none' };
  // Prefill: the large prompt's extra tokens over the extra wait for its first token.
  const extraTokens = (large.usage?.inputTokens ?? 0) - (small.usage?.inputTokens ?? 0);
  const extraMs = (large.ttftMs ?? 0) - (small.ttftMs ?? 0);
  if (extraTokens > 256 && extraMs > 0) out.prefillTokensPerSecond = round((extraTokens * 1000) / extraMs);
  // Decode: output tokens after the first over the time after the first token.
  const decode = [small, large].flatMap((one) => {
    const tokens = (one.usage?.outputTokens ?? 0) - 1;
    const ms = one.totalMs - (one.ttftMs ?? one.totalMs);
    return tokens >= 4 && ms > 0 ? [(tokens * 1000) / ms] : [];
  });
  if (decode.length) out.decodeTokensPerSecond = round(Math.max(...decode));
  if (out.prefillTokensPerSecond || out.decodeTokensPerSecond) out.speedSource = 'measured';
  return out;
}

function cache(large: ProbeExchange, second: ProbeExchange | undefined, timings: ServerTimings | undefined) {
  if (!second?.ok) return {};
  const prompt = second.usage?.inputTokens ?? 0;
  const cached = second.usage?.cachedInputTokens ?? timings?.cachedTokens;
  const speedup =
    large.ttftMs && second.ttftMs ? round(large.ttftMs / Math.max(1, second.ttftMs)) : undefined;
  return {
    ...(cached !== undefined && prompt > 0 ? { cacheReuse: round3(Math.min(1, cached / prompt)) } : {}),
    ...(speedup !== undefined ? { cacheSpeedup: speedup } : {}),
  };
}

/** Varied, deterministic log lines (a repeated line would compress in some tokenizers). */
export function fillerText(tokens: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 1; size < tokens * 4; i++) {
    const line = `${String(i).padStart(5, '0')} worker-${i % 7} handled job ${(i * 7919) % 100003} in ${(i * 31) % 997} ms (queue ${(i * 13) % 41})`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
