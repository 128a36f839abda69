// One streamed request to the model, outside any session, measured: what ossa eval's wire and
// speed probes are made of. Collects text, reasoning, tool calls (with how many argument pieces
// each arrived in), usage, time to first token and the whole duration; an error is returned, not
// thrown, so a probe reports it.
import type { ModelItem, ModelRequest, Usage } from '../../model/types.js';
import type { ProviderSettings } from '../../protocol/provider.js';

export interface ProbeCall {
  callId: string;
  name: string;
  arguments: string;
  /** Argument deltas it arrived in. */
  pieces: number;
}

export interface ProbeExchange {
  ok: boolean;
  error?: string;
  text: string;
  reasoning: Extract<ModelItem, { type: 'reasoning' }>[];
  calls: ProbeCall[];
  usage?: Usage;
  /** Milliseconds from sending to the first text, reasoning or tool-call delta. */
  ttftMs?: number;
  totalMs: number;
}

/** A probe may not hang the eval: each exchange has its own limit. */
const PROBE_TIMEOUT_MS = 180_000;

export async function exchange(
  provider: ProviderSettings,
  request: ModelRequest,
  signal?: AbortSignal,
): Promise<ProbeExchange> {
  const { createModelClient } = await import('../../model/client.js');
  const client = createModelClient({ ...provider, requestMaxRetries: 0, streamMaxRetries: 0 });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const started = performance.now();
  const result: ProbeExchange = { ok: false, text: '', reasoning: [], calls: [], totalMs: 0 };
  const pieces = new Map<string, number>();
  const first = () => {
    result.ttftMs ??= Math.round(performance.now() - started);
  };
  try {
    for await (const event of client.stream(request, controller.signal)) {
      if (event.type === 'text-delta' || event.type === 'reasoning-delta') first();
      if (event.type === 'text-delta') result.text += event.text;
      if (event.type === 'reasoning-done') result.reasoning.push(event.item);
      if (event.type === 'tool-call-begin') first();
      if (event.type === 'tool-call-delta') {
        first();
        pieces.set(event.callId, (pieces.get(event.callId) ?? 0) + 1);
      }
      if (event.type === 'tool-call-end')
        result.calls.push({
          callId: event.callId,
          name: event.name,
          arguments: event.arguments,
          pieces: pieces.get(event.callId) ?? 0,
        });
      if (event.type === 'usage') result.usage = event.usage;
      if (event.type === 'reset') {
        Object.assign(result, { text: '', reasoning: [], calls: [] });
        pieces.clear();
      }
    }
    result.ok = true;
  } catch (error) {
    if (signal?.aborted) throw error;
    result.error = controller.signal.aborted
      ? `no complete answer within ${PROBE_TIMEOUT_MS / 1000} s`
      : (error as Error).message;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  result.totalMs = Math.round(performance.now() - started);
  return result;
}
