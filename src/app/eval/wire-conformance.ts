// Wire conformance, scored: on each wire the server answers (the configured one first), a few
// tiny requests outside any session check what agent work stands on — tool-call arguments that
// stream and parse, parallel calls in one reply, call ids that pair with their outputs (the server
// accepts the follow-up and the model reads the outputs), reasoning sent back in history, usage
// reported. The wire that passes more (then the configured one) is the one to use here; it feeds
// `--write-profile`'s wire_api.
import type { ModelItem, ModelRequest } from '../../model/types.js';
import type { ProviderSettings, WireApi } from '../../protocol/provider.js';
import { TOOL_CALL_FORMATS } from '../../protocol/tool-call-formats.js';
import { extractTextCalls } from '../../repair/extract-text-calls.js';
import { exchange, type ProbeExchange } from './probe-exchange.js';
import { containsJson } from './verify.js';

export type ProbeOutcome = 'pass' | 'fail' | 'n/a';

export interface ProbeResult {
  probe: ConformanceProbe;
  outcome: ProbeOutcome;
  detail: string;
}

export const CONFORMANCE_PROBES = [
  'streamed-arguments',
  'parallel-calls',
  'call-id-pairing',
  'reasoning-round-trip',
  'usage-reported',
] as const;
export type ConformanceProbe = (typeof CONFORMANCE_PROBES)[number];

export interface WireConformance {
  wire: WireApi;
  probes: ProbeResult[];
  passed: number;
  /** Probes that apply (not n/a). */
  applicable: number;
}

export interface ConformanceReport {
  configured: WireApi;
  wires: WireConformance[];
  /** The wire that worked better here: more passes, then the configured one. */
  recommended: WireApi;
}

const RECORD_TOOL = {
  name: 'record_value',
  description: 'Records a value with tags and returns a receipt.',
  parameters: {
    type: 'object',
    properties: { value: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
    required: ['value', 'tags'],
    additionalProperties: false,
  },
};
const INSTRUCTIONS = 'You are being tested. Follow the instructions exactly and call tools when told to.';

export function probePrompt(name: string, text: string): string {
  return `[ossa eval probe: ${name}] ${text}`;
}

export async function checkConformance(
  provider: ProviderSettings,
  model: string,
  signal?: AbortSignal,
): Promise<ConformanceReport> {
  const configured = provider.wireApi;
  const order: WireApi[] = configured === 'chat' ? ['chat', 'responses'] : ['responses', 'chat'];
  const wires: WireConformance[] = [];
  for (const wire of order) wires.push(await probeWire({ ...provider, wireApi: wire }, model, signal));
  const best = [...wires].sort(
    (a, b) => b.passed - a.passed || Number(b.wire === configured) - Number(a.wire === configured),
  )[0]!;
  return { configured, wires, recommended: best.wire };
}

async function probeWire(
  provider: ProviderSettings,
  model: string,
  signal?: AbortSignal,
): Promise<WireConformance> {
  const request = (text: string, input: ModelItem[] = [], parallel = false): ModelRequest => ({
    model,
    instructions: INSTRUCTIONS,
    input: [{ type: 'message', role: 'user', text }, ...input],
    tools: [RECORD_TOOL],
    parallelToolCalls: parallel,
    maxOutputTokens: 256,
  });
  const singlePrompt = probePrompt(
    'streamed-arguments',
    'Call the tool record_value exactly once with value "alpha-42" and tags ["x", "y"]. After the tool result arrives, answer with the receipt it gave.',
  );
  const parallelPrompt = probePrompt(
    'parallel-calls',
    'In one reply, call record_value twice at the same time: once with value "a" and once with value "b", tags [] both times. After the results arrive, answer with both receipts.',
  );
  const single = await exchange(provider, request(singlePrompt), signal);
  if (!single.ok && /\b(404|405)\b|not found|unexpected endpoint/i.test(single.error ?? '')) {
    const missing = `the server has no ${provider.wireApi} endpoint (${single.error})`;
    const probes = CONFORMANCE_PROBES.map((probe) => ({ probe, outcome: 'fail' as const, detail: missing }));
    return { wire: provider.wireApi, probes, passed: 0, applicable: probes.length };
  }
  const parallel = await exchange(provider, request(parallelPrompt, [], true), signal);
  const followSingle = await followUp(provider, request(singlePrompt), single, signal);
  const followParallel = await followUp(provider, request(parallelPrompt, [], true), parallel, signal);
  const probes: ProbeResult[] = [
    streamedArguments(single),
    parallelCalls(parallel),
    callIdPairing([single, parallel], [followSingle, followParallel]),
    reasoningRoundTrip([single, parallel], [followSingle, followParallel]),
    usageReported([single, parallel, followSingle, followParallel]),
  ];
  const passed = probes.filter((probe) => probe.outcome === 'pass').length;
  const applicable = probes.filter((probe) => probe.outcome !== 'n/a').length;
  return { wire: provider.wireApi, probes, passed, applicable };
}

/** Sends the calls back with outputs (each a receipt `R-<n>`), reasoning kept before them. */
async function followUp(
  provider: ProviderSettings,
  base: ModelRequest,
  first: ProbeExchange,
  signal?: AbortSignal,
): Promise<ProbeExchange | undefined> {
  if (!first.ok || first.calls.length === 0) return undefined;
  const items: ModelItem[] = [...first.reasoning];
  for (const call of first.calls)
    items.push({ type: 'function_call', callId: call.callId, name: call.name, arguments: call.arguments });
  for (const [index, call] of first.calls.entries()) {
    items.push({
      type: 'function_call_output',
      callId: call.callId,
      output: `stored; receipt R-${7301 + index}`,
    });
  }
  return exchange(provider, { ...base, input: [...base.input, ...items] }, signal);
}

const failed = (exchange: ProbeExchange) => `the request failed: ${exchange.error}`;

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function streamedArguments(single: ProbeExchange): ProbeResult {
  const probe = 'streamed-arguments';
  if (!single.ok) return { probe, outcome: 'fail', detail: failed(single) };
  const call = single.calls.find((c) => c.name === RECORD_TOOL.name);
  if (!call && inText(single.text))
    return {
      probe,
      outcome: 'fail',
      detail: `no structured record_value call: it came as text in the reply (ossa's repair stage recovers it in sessions, at a cost)`,
    };
  if (!call)
    return {
      probe,
      outcome: 'fail',
      detail: `no structured record_value call (${single.calls.length} call(s), ${single.text.length} characters of text)`,
    };
  if (!containsJson(parsed(call.arguments), { value: 'alpha-42', tags: ['x', 'y'] }))
    return {
      probe,
      outcome: 'fail',
      detail: `the arguments arrived as ${JSON.stringify(call.arguments.slice(0, 80))}`,
    };
  return { probe, outcome: 'pass', detail: `exact arguments, streamed in ${call.pieces} piece(s)` };
}

/** The reply's text holds a record_value call in a markup the repair stage knows. */
function inText(text: string): boolean {
  return extractTextCalls(text, TOOL_CALL_FORMATS, (name) => name === RECORD_TOOL.name).length > 0;
}

function parallelCalls(parallel: ProbeExchange): ProbeResult {
  const probe = 'parallel-calls';
  if (!parallel.ok) return { probe, outcome: 'fail', detail: failed(parallel) };
  const values = parallel.calls.map(
    (call) => (parsed(call.arguments) as { value?: unknown } | undefined)?.value,
  );
  if (values.includes('a') && values.includes('b'))
    return { probe, outcome: 'pass', detail: `${parallel.calls.length} calls in one reply` };
  return {
    probe,
    outcome: 'fail',
    detail: `${parallel.calls.length} call(s) in the reply (values ${JSON.stringify(values)})`,
  };
}

function callIdPairing(firsts: ProbeExchange[], follows: (ProbeExchange | undefined)[]): ProbeResult {
  const probe = 'call-id-pairing';
  const calls = firsts.flatMap((first) => first.calls);
  if (calls.length === 0) return { probe, outcome: 'fail', detail: 'no tool call to pair' };
  const ids = calls.map((call) => call.callId);
  if (ids.some((id) => !id) || new Set(ids).size !== ids.length)
    return { probe, outcome: 'fail', detail: `call ids missing or repeated: ${JSON.stringify(ids)}` };
  const answered = follows.filter((follow): follow is ProbeExchange => follow !== undefined);
  const refused = answered.find((follow) => !follow.ok);
  if (refused)
    return { probe, outcome: 'fail', detail: `the server refused the calls' outputs: ${refused.error}` };
  const read = answered.some((follow) => /R-730\d/.test(follow.text));
  return read
    ? { probe, outcome: 'pass', detail: `${ids.length} unique id(s); outputs accepted and read back` }
    : {
        probe,
        outcome: 'fail',
        detail: 'outputs accepted, but the model did not use them (no receipt in its answer)',
      };
}

function reasoningRoundTrip(firsts: ProbeExchange[], follows: (ProbeExchange | undefined)[]): ProbeResult {
  const probe = 'reasoning-round-trip';
  const index = firsts.findIndex((first) => first.reasoning.length > 0 && first.calls.length > 0);
  if (index < 0) return { probe, outcome: 'n/a', detail: 'the model sent no reasoning with its calls' };
  const follow = follows[index];
  return follow?.ok
    ? { probe, outcome: 'pass', detail: 'reasoning sent back before the calls was accepted' }
    : {
        probe,
        outcome: 'fail',
        detail: `history with reasoning was refused: ${follow?.error ?? 'not sent'}`,
      };
}

function usageReported(all: (ProbeExchange | undefined)[]): ProbeResult {
  const probe = 'usage-reported';
  const done = all.filter((one): one is ProbeExchange => one?.ok === true);
  if (done.length === 0) return { probe, outcome: 'fail', detail: 'no request completed' };
  const with_ = done.filter((one) => (one.usage?.inputTokens ?? 0) > 0);
  return with_.length === done.length
    ? { probe, outcome: 'pass', detail: `prompt and output tokens on ${done.length}/${done.length} replies` }
    : {
        probe,
        outcome: 'fail',
        detail: `usage on ${with_.length}/${done.length} replies: ossa cannot watch the window or detect truncation without it`,
      };
}
