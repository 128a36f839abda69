// ModelRequest → Responses body. Key order is fixed (model, instructions, input, tools,
// tool_choice, parallel_tool_calls, reasoning, text, store, stream) and history only appends items, so
// consecutive requests are byte-for-byte extensions of each other up to the end of `input`.
// Only function tools are declared (local servers reject custom/freeform, web_search and
// namespace types); `store: false`, no item ids, no encrypted-reasoning include except for OpenAI.
import type { ProviderSettings } from '../../../protocol/provider.js';
import type { ModelItem, ModelRequest, ToolSpec } from '../../types.js';

export function lowerResponsesRequest(
  request: ModelRequest,
  provider: ProviderSettings,
): Record<string, unknown> {
  const openai = isOpenAi(provider);
  const body: Record<string, unknown> = { model: request.model };
  if (request.instructions) body.instructions = request.instructions;
  body.input = request.input.map((item) => lowerItem(item, openai));
  if (request.tools.length > 0) {
    body.tools = request.tools.map(lowerTool);
    body.tool_choice = 'auto';
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.reasoningEffort) body.reasoning = { effort: request.reasoningEffort };
  if (request.responseFormat) {
    const { name, schema, strict } = request.responseFormat;
    body.text = {
      format: { type: 'json_schema', name, ...(strict !== undefined ? { strict } : {}), schema },
    };
  }
  body.store = false;
  body.stream = true;
  // With store:false, OpenAI can only continue its reasoning from the encrypted copy it returns.
  if (openai) body.include = ['reasoning.encrypted_content'];
  if (request.maxOutputTokens !== undefined) body.max_output_tokens = request.maxOutputTokens;
  if (request.extraBody) Object.assign(body, request.extraBody);
  return body;
}

function isOpenAi(provider: ProviderSettings): boolean {
  return provider.builtIn && provider.id === 'openai';
}

function lowerTool(tool: ToolSpec): Record<string, unknown> {
  return {
    type: 'function',
    name: tool.name,
    description: tool.description,
    parameters: tool.parameters,
    strict: false,
  };
}

export function lowerItem(item: ModelItem, openai: boolean): Record<string, unknown> {
  switch (item.type) {
    case 'message':
      return {
        type: 'message',
        role: item.role,
        content: [{ type: item.role === 'assistant' ? 'output_text' : 'input_text', text: item.text }],
      };
    case 'reasoning':
      return lowerReasoning(item, openai);
    case 'function_call':
      return { type: 'function_call', call_id: item.callId, name: item.name, arguments: item.arguments };
    case 'function_call_output':
      return { type: 'function_call_output', call_id: item.callId, output: item.output };
  }
}

/**
 * Reasoning goes back as raw `reasoning_text` content (LM Studio, Ollama, vLLM run open models
 * whose reasoning is plain text). OpenAI only ever returns a summary plus an encrypted copy, so
 * for it the text is the summary.
 */
function lowerReasoning(
  item: Extract<ModelItem, { type: 'reasoning' }>,
  openai: boolean,
): Record<string, unknown> {
  const lowered: Record<string, unknown> = { type: 'reasoning' };
  if (openai) {
    lowered.summary = item.text ? [{ type: 'summary_text', text: item.text }] : [];
  } else {
    lowered.summary = [];
    lowered.content = item.text ? [{ type: 'reasoning_text', text: item.text }] : [];
  }
  if (item.encryptedContent) lowered.encrypted_content = item.encryptedContent;
  return lowered;
}
