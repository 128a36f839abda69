// Speed and honesty of the server, measured before scoring: time to first token at a small and a
// large prompt, prefill and decode tokens/s (the server's own timings where it reports them —
// llama.cpp — else derived from the stream), prefix-cache reuse between two turns that share the
// large prompt, and silent truncation of the large prompt: its prompt tokens as the server counted
// them against what the server's own count of a smaller prompt predicts (servers/truncation.ts,
// the session's rule, when the server reports no counts to calibrate with).
import type { ModelRequest } from '../../model/types.js';
import type { ProviderSettings } from '../../protocol/provider.js';
import { estimateTokens, UNCALIBRATED_BYTES_PER_TOKEN } from '../../protocol/token-estimate.js';
import { providerHeaders } from '../../servers/provider-headers.js';
import { llamaCppTimings, type ServerTimings } from '../../servers/server-facts.js';
import type { ServerKind } from '../../servers/server-kind.js';
import { detectServerTruncation } from '../../servers/truncation.js';
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

const CALIBRATION_TOKENS = 1000;
/** Below this share of the calibrated count, the server dropped part of the prompt. */
const KEPT_SHARE = 0.85;

/**
 * The large prompt, in tokens (the server's when it counted, else ossa's estimate): min(8K, ¼ window) with `--quick`;
 * else ¾ of the window (at most 96K), so a server that serves less than it claims is caught.
 */
export function largeTokens(window: number, quick: boolean): number {
  return quick ? Math.min(8192, Math.floor(window * 0.25)) : Math.min(98_304, Math.floor(window * 0.75));
}

interface Sample {
  chars: number;
  exchange: ProbeExchange;
}

/** The server's tokens per character of the filler, from two prompts it counted (a the longer). */
export function tokensPerChar(a: Sample, b: Sample): number | undefined {
  const ta = a.exchange.usage?.inputTokens;
  const tb = b.exchange.usage?.inputTokens;
  if (!ta || !tb || a.chars <= b.chars || ta <= tb) return undefined;
  return (ta - tb) / (a.chars - b.chars);
}

/** The server's count for `chars` characters of the same kind of prompt, from two it counted. */
export function expectedTokens(a: Sample, b: Sample, chars: number): number | undefined {
  const perChar = tokensPerChar(a, b);
  const ta = a.exchange.usage?.inputTokens;
  if (perChar === undefined || !ta) return undefined;
  return Math.round(ta + perChar * (chars - a.chars));
}

function truncationOf(
  sent: number,
  reported: number,
  window: number,
  calibrated: boolean,
): string | undefined {
  if (!calibrated) {
    return detectServerTruncation({
      sentApproxTokens: sent,
      reportedPromptTokens: reported,
      contextWindow: window,
    });
  }
  if (reported <= 0 || reported >= sent * KEPT_SHARE) return undefined;
  return `The server read only ${reported} prompt tokens of about ${sent} sent (calibrated against its own count of a smaller prompt): it cut the prompt to fit a window of about ${reported} tokens, not the ${window} ossa was told. Give the server the window it claims (see \`ossa doctor\`), or set model_context_window = ${reported} so ossa stays within it.`;
}

export async function measureSpeed(input: {
  provider: ProviderSettings;
  model: string;
  window: number;
  serverKind?: ServerKind;
  /** `--quick`: the large prompt stays at min(8K, ¼ window); else it nearly fills the window. */
  quick: boolean;
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
  // Short prompt, some output: the first token shows the fixed latency, the rest the decode rate.
  const smallText = probePrompt(
    'speed-small',
    'Count from 1 to 30, the numbers separated by spaces, nothing else.',
  );
  const small = await exchange(provider, ask(smallText), signal);
  if (!small.ok) problems.push(`a tiny request failed: ${small.error}`);
  // A prompt that fits any window calibrates the server's tokens per character of the filler.
  const calibrationText = `${probePrompt('speed-calibrate', 'Reply with the word ready.')}\n${fillerText(CALIBRATION_TOKENS)}`;
  const calibration = await exchange(provider, ask(calibrationText), signal);
  // Sized in the server's own tokens when it counted the two prompts (a tokenizer denser than
  // ossa's guess must not push the probe past the window), else in ossa's estimate.
  const largeHead = `${probePrompt('speed-large', 'Read the log below, then reply with the word ready.')}\n`;
  // A paid remote API is not sent ¾ of its window: the quick size there.
  const wanted = largeTokens(window, input.quick || !provider.isLocal);
  const perChar = tokensPerChar(
    { chars: calibrationText.length, exchange: calibration },
    { chars: smallText.length, exchange: small },
  );
  const largeText = `${largeHead}${fillerText(perChar ? Math.floor(wanted / (perChar * UNCALIBRATED_BYTES_PER_TOKEN)) : wanted)}`;
  const large = await exchange(provider, ask(largeText), signal);
  if (!large.ok) problems.push(`a ${estimateTokens(largeText)}-token request failed: ${large.error}`);
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
  const expected = expectedTokens(
    { chars: calibrationText.length, exchange: calibration },
    { chars: smallText.length, exchange: small },
    largeText.length,
  );
  const sent = expected ?? estimateTokens(largeText) + 10;
  const reported = large.usage?.inputTokens ?? 0;
  const truncation = truncationOf(sent, reported, window, expected !== undefined);
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
  for (let i = 1; size < tokens * UNCALIBRATED_BYTES_PER_TOKEN; i++) {
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
