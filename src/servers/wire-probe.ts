// Which model wire does a server answer? One tiny non-streamed request per wire (a few output
// tokens): 2xx means it works, 404/405 means the server lacks that endpoint (so does LM Studio
// 0.3.x's HTTP 200 with "Unexpected endpoint or method"), anything else is an error worth quoting
// (unknown model, bad key, server crash).
import { z } from 'zod';
import { InterruptedError } from '../errors.js';
import type { WireApi } from '../protocol/provider.js';
import { BackendHttpError, BackendProtocolError, BackendUnreachableError, requestJson } from './http.js';
import { joinUrl } from './server-root.js';

export interface WireProbe {
  wire: WireApi;
  /** `ok`: answered; `missing`: no such endpoint (404/405); `error`: answered with an error. */
  outcome: 'ok' | 'missing' | 'error' | 'unreachable';
  status?: number;
  /** The server's message or ours, for people. */
  detail: string;
  elapsedMs: number;
  /** Prompt tokens the server reported (usage), when it did. */
  promptTokens?: number;
}

export interface WireProbeOptions {
  headers?: Record<string, string>;
  /** Generous: the first request may load the model. Default 120000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const usageSchema = z
  .object({
    usage: z.object({ input_tokens: z.number().nullish(), prompt_tokens: z.number().nullish() }).nullish(),
  })
  .loose();

export async function probeWire(
  baseUrl: string,
  wire: WireApi,
  model: string,
  options: WireProbeOptions = {},
): Promise<WireProbe> {
  const started = performance.now();
  const url = joinUrl(baseUrl, wire === 'responses' ? '/responses' : '/chat/completions');
  const body =
    wire === 'responses'
      ? { model, input: 'Reply with OK.', max_output_tokens: 16, stream: false }
      : { model, messages: [{ role: 'user', content: 'Reply with OK.' }], max_tokens: 1, stream: false };
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const answer = await requestJson(url, usageSchema, {
      body,
      timeoutMs: options.timeoutMs ?? 120_000,
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const promptTokens = answer.usage?.input_tokens ?? answer.usage?.prompt_tokens ?? undefined;
    return {
      wire,
      outcome: 'ok',
      status: 200,
      detail: `POST ${url} answered`,
      elapsedMs: elapsed(),
      ...(promptTokens ? { promptTokens } : {}),
    };
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
    if (error instanceof BackendHttpError) {
      const missing = error.status === 404 || error.status === 405;
      // A 404 that names the model is about the model, not the endpoint.
      const aboutModel = /model/i.test(error.serverMessage ?? '');
      return {
        wire,
        outcome: missing && !aboutModel ? 'missing' : 'error',
        status: error.status,
        detail: error.message,
        elapsedMs: elapsed(),
      };
    }
    if (error instanceof BackendUnreachableError) {
      return { wire, outcome: 'unreachable', detail: error.message, elapsedMs: elapsed() };
    }
    if (error instanceof BackendProtocolError && /unexpected endpoint/i.test(error.serverMessage ?? '')) {
      return { wire, outcome: 'missing', status: 200, detail: error.message, elapsedMs: elapsed() };
    }
    return { wire, outcome: 'error', detail: (error as Error).message, elapsedMs: elapsed() };
  }
}
