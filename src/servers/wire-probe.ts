// Which model wire does a server answer? One tiny non-streamed request per wire (a few output
// tokens): 2xx means it works, 404/405 means the server lacks that endpoint (so does LM Studio
// 0.3.x's HTTP 200 with "Unexpected endpoint or method"), anything else is an error worth quoting
// (unknown model, bad key, server crash).
import { InterruptedError } from '../errors.js';
import type { WireApi } from '../protocol/provider.js';
import * as z from '../protocol/zod.js';
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
  /**
   * With `cutOff`: how the server ended a reply it had to cut at 1 token — chat's `finish_reason`
   * (`length`), or Responses' `status` with its incomplete reason (`incomplete: max_output_tokens`).
   */
  ending?: string;
  /** With `cutOff`: the ending says the reply was cut (`length`, `incomplete`), not that it is complete. */
  reportsCutOff?: boolean;
}

export interface WireProbeOptions {
  headers?: Record<string, string>;
  /** Generous: the first request may load the model. Default 120000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Ask for a reply that cannot fit one token, capped at one token, and read how the server ends
   * it: does this wire tell a cut-off reply from a complete one?
   */
  cutOff?: boolean;
}

const usageSchema = z.looseObject({
  usage: z.nullish(z.object({ input_tokens: z.nullish(z.number()), prompt_tokens: z.nullish(z.number()) })),
  choices: z.nullish(z.array(z.looseObject({ finish_reason: z.nullish(z.string()) }))),
  status: z.nullish(z.string()),
  incomplete_details: z.nullish(z.looseObject({ reason: z.nullish(z.string()) })),
});

/** A prompt no model answers in one token. */
const LONG_ANSWER = 'Count from 1 to 20, separated by spaces.';

function probeBody(wire: WireApi, model: string, cutOff: boolean) {
  const prompt = cutOff ? LONG_ANSWER : 'Reply with OK.';
  return wire === 'responses'
    ? { model, input: prompt, max_output_tokens: cutOff ? 1 : 16, stream: false }
    : { model, messages: [{ role: 'user', content: prompt }], max_tokens: 1, stream: false };
}

function endingOf(
  wire: WireApi,
  answer: z.infer<typeof usageSchema>,
): { ending: string; reportsCutOff: boolean } {
  if (wire === 'chat') {
    const reason = answer.choices?.[0]?.finish_reason ?? 'none';
    return { ending: reason, reportsCutOff: reason === 'length' };
  }
  const status = answer.status ?? 'none';
  const reason = answer.incomplete_details?.reason;
  return { ending: reason ? `${status}: ${reason}` : status, reportsCutOff: status === 'incomplete' };
}

export async function probeWire(
  baseUrl: string,
  wire: WireApi,
  model: string,
  options: WireProbeOptions = {},
): Promise<WireProbe> {
  const started = performance.now();
  const url = joinUrl(baseUrl, wire === 'responses' ? '/responses' : '/chat/completions');
  const body = probeBody(wire, model, options.cutOff === true);
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
      ...(options.cutOff ? endingOf(wire, answer) : {}),
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

/** The wire `ossa init` writes for a server, and why (said in a comment of the file). */
export interface WireChoice {
  wire: WireApi;
  reason: string;
}

/**
 * From the two cut-off probes: a wire that answers beats one that does not, and one that reports a
 * cut-off reply as cut beats one that calls it complete (ossa warns about cut replies only when
 * the server says so). Between equals, Responses. Pure.
 */
export function chooseWire(probes: readonly WireProbe[]): WireChoice {
  const score = (probe: WireProbe | undefined) =>
    probe?.outcome !== 'ok' ? 0 : probe.reportsCutOff === false ? 1 : 2;
  const responses = probes.find((probe) => probe.wire === 'responses');
  const chat = probes.find((probe) => probe.wire === 'chat');
  const wire: WireApi = score(chat) > score(responses) ? 'chat' : 'responses';
  const said = (probe: WireProbe | undefined) => {
    const name = probe === chat ? 'chat' : 'responses';
    if (probe?.outcome !== 'ok')
      return `${name} ${probe?.outcome === 'missing' ? 'is not available' : 'failed'}`;
    return `${name} ended it with ${name === 'chat' ? 'finish_reason' : 'status'} "${probe.ending ?? 'none'}"`;
  };
  const [winner, loser] = wire === 'chat' ? [chat, responses] : [responses, chat];
  if (score(winner) === 0)
    return {
      wire: 'chat',
      reason: `neither wire answered (${said(responses)}, ${said(chat)}); chat is the most widely served`,
    };
  const asked = 'asked for a long answer capped at 1 token';
  let reason: string;
  if (score(winner) === score(loser))
    reason = `both wires answered alike (${asked}: ${said(responses)}, ${said(chat)}); responses is ossa's default`;
  else if (score(loser) === 0) reason = `${said(loser)}; ${said(winner)} (${asked})`;
  else
    reason = `${asked}, ${said(loser)} but ${said(winner)}: only ${wire} tells a reply cut by a token limit from a complete one`;
  return { wire, reason };
}
