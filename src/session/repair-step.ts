// Applies the tool-call repair stage to one collected model reply: tool calls the server did not
// parse (leaked markup, broken JSON) are recovered; what cannot be recovered safely becomes a
// refusal, the tool output the model gets instead of a run.

import type { ModelRequest, ToolSpec } from '../model/types.js';
import type { AgentEvent } from '../protocol/events.js';
import { exceedsJsonDepth } from '../protocol/json-depth.js';
import type { ModelFamily } from '../repair/families.js';
import { repairResponse } from '../repair/repair-response.js';
import { createVisibleTextFilter } from '../repair/stream-filter.js';
import type { RepairRecord } from '../repair/types.js';
import { type ModelClientLike, runModelStep, type StepResult } from './model-step.js';

export interface RepairedStep {
  result: StepResult;
  /** callId → the refusal message sent back instead of running the call. */
  refusals: Map<string, string>;
  repairs: RepairRecord[];
}

export function repairStep(
  result: StepResult,
  tools: readonly ToolSpec[],
  family: ModelFamily,
  callIdPrefix: string,
): RepairedStep {
  const repaired = repairResponse({ text: result.text, toolCalls: result.toolCalls }, tools, family, {
    callIdPrefix,
    truncated: result.finishReason === 'length',
  });
  const refusals = new Map<string, string>();
  const toolCalls = repaired.toolCalls.map((call) => {
    if (call.ok) return { callId: call.callId, name: call.name, arguments: call.arguments };
    refusals.set(call.callId, call.refused);
    return {
      callId: call.callId,
      name: call.name || 'invalid_tool_call',
      arguments: jsonOrEmpty(call.original),
    };
  });
  const reasoning = repaired.reasoning
    ? [...result.reasoning, { type: 'reasoning' as const, text: repaired.reasoning }]
    : result.reasoning;
  return {
    result: { ...result, text: repaired.text, reasoning, toolCalls },
    refusals,
    repairs: repaired.repairs,
  };
}

/**
 * Arguments for history: the original text when it is JSON (and not nested so deeply that a
 * renderer or a later re-serialisation would overflow the stack), else an empty object.
 */
function jsonOrEmpty(text: string): string {
  if (exceedsJsonDepth(text)) return '{}';
  try {
    JSON.parse(text);
    return text;
  } catch {
    return '{}';
  }
}

/** One model request, with the tool calls the server did not parse recovered or refused. */
export async function runRepairedStep(
  deps: { client: ModelClientLike; family: ModelFamily | undefined; emit: (event: AgentEvent) => void },
  request: ModelRequest,
  callIdPrefix: string,
  turnId: string,
  signal: AbortSignal,
): Promise<StepResult & { refusals: Map<string, string> }> {
  const { family } = deps;
  const textFilter = family
    ? () =>
        createVisibleTextFilter({
          formats: family.toolCallFormats,
          toolNames: request.tools.map((tool) => tool.name),
        })
    : undefined;
  const result = await runModelStep(deps.client, request, signal, turnId, deps.emit, textFilter);
  if (!family) return { ...result, refusals: new Map() };
  const repaired = repairStep(result, request.tools, family, callIdPrefix);
  for (const record of repaired.repairs) deps.emit({ type: 'tool-call-repair', turnId, ...record });
  return { ...repaired.result, refusals: repaired.refusals };
}
