// ModelRequest → Chat Completions body. Key order is fixed and history only appends messages, so
// consecutive requests are byte-for-byte extensions of each other up to the end of `messages`
// (a local server's KV cache reuses the whole prefix).
import type { ProviderSettings } from '../../../protocol/provider.js';
import type { ModelItem, ModelRequest, ToolSpec } from '../../types.js';
import type { WireState } from '../adapter.js';

interface AssistantTurn {
  text: string;
  reasoning: string;
  toolCalls: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
}

export function lowerChatRequest(
  request: ModelRequest,
  provider: ProviderSettings,
  state: WireState,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: request.model,
    messages: lowerMessages(request, provider.chatReasoningField ?? 'reasoning_content'),
  };
  if (request.tools.length > 0) {
    body.tools = request.tools.map(lowerTool);
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.reasoningEffort) body.reasoning_effort = request.reasoningEffort;
  if (request.responseFormat) {
    const { name, schema, strict } = request.responseFormat;
    body.response_format = {
      type: 'json_schema',
      json_schema: { name, ...(strict !== undefined ? { strict } : {}), schema },
    };
  }
  body.stream = true;
  if (state.chatStreamOptions) body.stream_options = { include_usage: true };
  if (request.maxOutputTokens !== undefined) body.max_tokens = request.maxOutputTokens;
  if (request.extraBody) Object.assign(body, request.extraBody);
  return body;
}

function lowerTool(tool: ToolSpec): Record<string, unknown> {
  return {
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  };
}

/**
 * System prompt first, then the items in order. The items of one model reply (reasoning, text,
 * function calls) become ONE assistant message with `tool_calls`; its reasoning goes into
 * `reasoningField` (gpt-oss loses track of why it called a tool without it). Developer items
 * become system messages in place.
 */
export function lowerMessages(
  request: ModelRequest,
  reasoningField: 'reasoning_content' | 'reasoning' | 'none',
): Record<string, unknown>[] {
  const messages: Record<string, unknown>[] = [];
  if (request.instructions) messages.push({ role: 'system', content: request.instructions });
  let turn: AssistantTurn | undefined;
  const flush = () => {
    if (turn) messages.push(assistantMessage(turn, reasoningField));
    turn = undefined;
  };
  for (const item of request.input) {
    if (isAssistantPart(item)) {
      turn ??= { text: '', reasoning: '', toolCalls: [] };
      addToTurn(turn, item);
      continue;
    }
    flush();
    if (item.type === 'function_call_output') {
      messages.push({ role: 'tool', tool_call_id: item.callId, content: item.output });
    } else if (item.type === 'message') {
      messages.push({ role: item.role === 'developer' ? 'system' : item.role, content: item.text });
    }
  }
  flush();
  return messages;
}

/** Reasoning, assistant text and function calls: the parts of one model reply. */
function isAssistantPart(item: ModelItem): boolean {
  return (
    item.type === 'reasoning' ||
    item.type === 'function_call' ||
    (item.type === 'message' && item.role === 'assistant')
  );
}

function addToTurn(turn: AssistantTurn, item: ModelItem): void {
  if (item.type === 'reasoning') {
    if (item.text) turn.reasoning = turn.reasoning ? `${turn.reasoning}\n\n${item.text}` : item.text;
  } else if (item.type === 'function_call') {
    turn.toolCalls.push({
      id: item.callId,
      type: 'function',
      function: { name: item.name, arguments: item.arguments },
    });
  } else if (item.type === 'message' && item.text) {
    turn.text = turn.text ? `${turn.text}\n\n${item.text}` : item.text;
  }
}

function assistantMessage(
  turn: AssistantTurn,
  reasoningField: 'reasoning_content' | 'reasoning' | 'none',
): Record<string, unknown> {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: turn.text || (turn.toolCalls.length > 0 ? null : ''),
  };
  if (turn.reasoning && reasoningField !== 'none') message[reasoningField] = turn.reasoning;
  if (turn.toolCalls.length > 0) message.tool_calls = turn.toolCalls;
  return message;
}
