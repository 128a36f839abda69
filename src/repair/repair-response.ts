// The repair stage: one collected model response in; the visible text, recovered reasoning, and
// every tool call either ready to run (arguments valid for its schema) or refused with a message
// the model can act on. Pure and synchronous.
//
// Order: `<think>` → harmony → other text formats (only when the response has no native calls;
// with native calls, leaked markup is just removed from the text) → per call: name resolution,
// argument repair, schema check. Nothing is ever run on a guess: a name that matches two tools, a
// value cut in the middle, or arguments that still fail the schema are refused.
import { extractTextCalls, removeSpans } from './extract-text-calls.js';
import type { ExtractedCall } from './extracted-call.js';
import type { ModelFamily } from './families.js';
import { containsHarmony, parseHarmony, parseStrippedHarmony, startsWithHarmony } from './harmony.js';
import { isParallelWrapper, unwrapParallel } from './parallel-wrapper.js';
import {
  ambiguousToolRefusal,
  argumentsRefusal,
  unknownToolRefusal,
  unreadableCallRefusal,
} from './refusal.js';
import { repairArguments } from './repair-arguments.js';
import { splitThink } from './think.js';
import { resolveToolName } from './tool-name.js';
import type {
  RawResponse,
  RepairedCall,
  RepairOptions,
  RepairRecord,
  RepairResult,
  RepairToolSchema,
} from './types.js';
import { stripLeftoverMarkup } from './visible-cleanup.js';

interface PendingCall {
  callId: string;
  name: string;
  arguments: string | Record<string, unknown>;
  original: string;
  kinds: string[];
  problem?: string;
}

export function repairResponse(
  response: RawResponse,
  tools: readonly RepairToolSchema[],
  family: ModelFamily,
  options: RepairOptions = {},
): RepairResult {
  const declared = tools.map((tool) => tool.name);
  const hasNative = response.toolCalls.length > 0;
  const textKinds: string[] = [];
  const reasoning: string[] = [];
  let text = response.text;
  const textCalls: ExtractedCall[] = [];

  const think = splitThink(text);
  if (think) {
    text = think.text;
    if (think.reasoning) reasoning.push(think.reasoning);
    textKinds.push(...think.kinds);
  }

  const harmonyAlways = family.toolCallFormats.includes('harmony');
  const harmony =
    containsHarmony(text) && (harmonyAlways || startsWithHarmony(text))
      ? parseHarmony(text)
      : harmonyAlways
        ? parseStrippedHarmony(text)
        : undefined;
  if (harmony) {
    text = harmony.visible;
    if (harmony.reasoning) reasoning.push(harmony.reasoning);
    textKinds.push(...harmony.kinds);
    textCalls.push(...harmony.calls);
  }

  const formats = family.toolCallFormats.filter((format) => format !== 'harmony');
  const spans = extractTextCalls(text, formats, (name) => resolveToolName(name, declared).ok);
  if (spans.length > 0) {
    text = removeSpans(text, spans);
    textKinds.push(hasNative ? 'leaked-markup-stripped' : 'tool-markup-removed');
    for (const span of spans) textCalls.push(...span.calls);
  }
  const cleaned = stripLeftoverMarkup(text, hasNative);
  if (cleaned.kinds.length > 0) {
    text = cleaned.text;
    textKinds.push(...cleaned.kinds);
  }

  const ids = new CallIds(
    options.callIdPrefix ?? 'repair',
    response.toolCalls.map((call) => call.callId),
  );
  const pending: PendingCall[] = [];
  if (hasNative) {
    if (textCalls.length > 0) textKinds.push('text-calls-ignored-native-present');
    for (const call of response.toolCalls) {
      const idKinds: string[] = [];
      const callId = ids.claimNative(call.callId, idKinds);
      if (isParallelWrapper(call, declared)) {
        for (const inner of unwrapParallel(call)) {
          pending.push(fromExtracted(inner, ids.next(), ['parallel-unwrapped']));
        }
      } else {
        pending.push({
          callId,
          name: call.name,
          arguments: call.arguments,
          original: `${call.name} ${call.arguments}`,
          kinds: idKinds,
        });
      }
    }
  } else {
    for (const call of textCalls) pending.push(fromExtracted(call, ids.next(), [`extracted:${call.format}`]));
  }

  const toolCalls = pending.map((call) => repairCall(call, tools, options.truncated === true));
  const result: RepairResult = { text, toolCalls, repairs: toolCalls.flatMap(recordOf), textKinds };
  if (reasoning.length > 0) result.reasoning = reasoning.join('\n\n');
  return result;
}

function fromExtracted(call: ExtractedCall, callId: string, kinds: string[]): PendingCall {
  const pending: PendingCall = {
    callId,
    name: call.name,
    arguments: call.arguments,
    original: call.original,
    kinds: [...kinds, ...(call.kinds ?? [])],
  };
  if (call.problem) pending.problem = call.problem;
  return pending;
}

/** Repairs that are only safe when the model ended the reply itself: the text may be incomplete. */
const CUT_OFF_KINDS = ['truncated-json-closed', 'unclosed-markup', 'raw-text-argument'];

function repairCall(call: PendingCall, tools: readonly RepairToolSchema[], truncated: boolean): RepairedCall {
  const refuse = (name: string, refused: string, kinds: string[]): RepairedCall => ({
    ok: false,
    callId: call.callId,
    name,
    refused,
    repairedKinds: kinds,
    original: call.original,
  });
  const resolved = resolveToolName(
    call.name,
    tools.map((tool) => tool.name),
  );
  if (!resolved.ok) {
    if (call.problem)
      return refuse(call.name, unreadableCallRefusal(call.problem, tools, call.original), call.kinds);
    const message =
      resolved.problem === 'ambiguous'
        ? ambiguousToolRefusal(call.name, resolved.candidates, call.original)
        : unknownToolRefusal(call.name, tools, call.original);
    return refuse(call.name, message, [...call.kinds, `${resolved.problem}-tool`]);
  }
  const tool = tools.find((candidate) => candidate.name === resolved.name)!;
  const kinds = [...call.kinds, ...resolved.kinds];
  if (call.problem) return refuse(tool.name, argumentsRefusal(tool, call.problem, call.original), kinds);
  const args = repairArguments(call.arguments, tool);
  if (!args.ok)
    return refuse(tool.name, argumentsRefusal(tool, args.problem, call.original), [...kinds, ...args.kinds]);
  if (truncated && [...kinds, ...args.kinds].some((kind) => CUT_OFF_KINDS.includes(kind))) {
    const problem = 'the reply hit the output token limit and this call was cut off';
    return refuse(tool.name, argumentsRefusal(tool, problem, call.original), [...kinds, ...args.kinds]);
  }
  return {
    ok: true,
    callId: call.callId,
    name: tool.name,
    arguments: args.arguments,
    repairedKinds: [...kinds, ...args.kinds],
    original: call.original,
  };
}

function recordOf(call: RepairedCall): RepairRecord[] {
  if (call.ok) {
    if (call.repairedKinds.length === 0) return [];
    return [
      {
        callId: call.callId,
        kinds: call.repairedKinds,
        original: call.original,
        repaired: { name: call.name, arguments: call.arguments },
      },
    ];
  }
  return [{ callId: call.callId, kinds: call.repairedKinds, original: call.original, refused: call.refused }];
}

/** Deterministic call ids `<prefix>_<n>`, unique within the response (native ids included). */
class CallIds {
  private readonly used = new Set<string>();
  private readonly claimed = new Set<string>();
  private counter = 0;

  constructor(
    private readonly prefix: string,
    nativeIds: readonly string[],
  ) {
    for (const id of nativeIds) if (id) this.used.add(id);
  }

  next(): string {
    let id: string;
    do id = `${this.prefix}_${++this.counter}`;
    while (this.used.has(id));
    this.used.add(id);
    return id;
  }

  /** The native id, or a fresh one when it is empty or repeats an earlier call's id. */
  claimNative(id: string, kinds: string[]): string {
    if (id && !this.claimed.has(id)) {
      this.claimed.add(id);
      return id;
    }
    kinds.push('call-id-generated');
    return this.next();
  }
}
