// Renders one abstract scripted model reply as the SSE frames a real server would send, on the
// Responses wire (event + data frames, like OpenAI / LM Studio / Ollama) or the Chat Completions
// wire (data-only chunks ending in [DONE], like llama.cpp / vLLM / Ollama /v1).

export type ScriptedFinish = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface ScriptedToolCall {
  name: string;
  /** A string is sent as is (it may be invalid JSON on purpose); an object is JSON-encoded. */
  arguments: string | Record<string, unknown>;
  id?: string;
}

export interface ScriptedUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  reasoningOutputTokens?: number;
}

export interface ScriptedReply {
  reasoning?: string;
  text?: string;
  toolCalls?: ScriptedToolCall[];
  usage?: ScriptedUsage;
  /** Default: `tool_calls` when there are tool calls, else `stop`. */
  finish?: ScriptedFinish;
  /**
   * Sent instead of `text` when the request asks for a json_schema response format (chat
   * `response_format`, responses `text.format`): a server whose grammar constrains the reply.
   */
  structuredText?: string;
}

export interface RenderOptions {
  model: string;
  /** Id prefix for generated call ids (unique per turn). */
  turnIndex: number;
  /** Characters per streamed piece (code points, never splitting a character). Default 8. */
  pieceChars: number;
  /** Chat: the delta field reasoning is streamed in. */
  chatReasoningField: 'reasoning_content' | 'reasoning';
  /** Chat: the request asked for `stream_options.include_usage` (usage in a separate last chunk). */
  chatIncludeUsage: boolean;
  /** Usage to report when the reply does not give one. */
  defaultUsage: ScriptedUsage;
}

export interface RenderedReply {
  /** Frames in order; each is one complete SSE event including its blank line. */
  frames: string[];
  /** How many trailing frames complete the reply (dropped by the `truncate` fault). */
  terminalFrames: number;
}

export function pieces(text: string, size: number): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

function argumentText(call: ScriptedToolCall): string {
  return typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
}

function callId(call: ScriptedToolCall, options: RenderOptions, index: number): string {
  return call.id ?? `call_${options.turnIndex}_${index}`;
}

function finishOf(reply: ScriptedReply): ScriptedFinish {
  return reply.finish ?? (reply.toolCalls?.length ? 'tool_calls' : 'stop');
}

export function renderResponses(reply: ScriptedReply, options: RenderOptions): RenderedReply {
  const frames: string[] = [];
  const emit = (payload: Record<string, unknown>) => {
    frames.push(`event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`);
  };
  const responseId = `resp_scripted_${options.turnIndex}`;
  emit({
    type: 'response.created',
    response: { id: responseId, object: 'response', status: 'in_progress', model: options.model, output: [] },
  });
  let outputIndex = 0;
  if (reply.reasoning !== undefined) {
    const index = outputIndex++;
    const id = `rs_${options.turnIndex}_${index}`;
    emit({
      type: 'response.output_item.added',
      output_index: index,
      item: { id, type: 'reasoning', summary: [], content: [] },
    });
    for (const delta of pieces(reply.reasoning, options.pieceChars)) {
      emit({
        type: 'response.reasoning_text.delta',
        item_id: id,
        output_index: index,
        content_index: 0,
        delta,
      });
    }
    emit({
      type: 'response.reasoning_text.done',
      item_id: id,
      output_index: index,
      content_index: 0,
      text: reply.reasoning,
    });
    emit({
      type: 'response.output_item.done',
      output_index: index,
      item: {
        id,
        type: 'reasoning',
        summary: [],
        content: [{ type: 'reasoning_text', text: reply.reasoning }],
      },
    });
  }
  if (reply.text !== undefined) {
    const index = outputIndex++;
    const id = `msg_${options.turnIndex}_${index}`;
    emit({
      type: 'response.output_item.added',
      output_index: index,
      item: { id, type: 'message', role: 'assistant', status: 'in_progress', content: [] },
    });
    emit({
      type: 'response.content_part.added',
      item_id: id,
      output_index: index,
      content_index: 0,
      part: { type: 'output_text', text: '', annotations: [] },
    });
    for (const delta of pieces(reply.text, options.pieceChars)) {
      emit({ type: 'response.output_text.delta', item_id: id, output_index: index, content_index: 0, delta });
    }
    emit({
      type: 'response.output_text.done',
      item_id: id,
      output_index: index,
      content_index: 0,
      text: reply.text,
    });
    const part = { type: 'output_text', text: reply.text, annotations: [] };
    emit({ type: 'response.content_part.done', item_id: id, output_index: index, content_index: 0, part });
    emit({
      type: 'response.output_item.done',
      output_index: index,
      item: { id, type: 'message', role: 'assistant', status: 'completed', content: [part] },
    });
  }
  (reply.toolCalls ?? []).forEach((call, callIndex) => {
    const index = outputIndex++;
    const id = `fc_${options.turnIndex}_${index}`;
    const base = { id, type: 'function_call', call_id: callId(call, options, callIndex), name: call.name };
    const args = argumentText(call);
    emit({
      type: 'response.output_item.added',
      output_index: index,
      item: { ...base, status: 'in_progress', arguments: '' },
    });
    for (const delta of pieces(args, options.pieceChars)) {
      emit({ type: 'response.function_call_arguments.delta', item_id: id, output_index: index, delta });
    }
    emit({
      type: 'response.function_call_arguments.done',
      item_id: id,
      output_index: index,
      arguments: args,
    });
    emit({
      type: 'response.output_item.done',
      output_index: index,
      item: { ...base, status: 'completed', arguments: args },
    });
  });
  const usage = reply.usage ?? options.defaultUsage;
  const finish = finishOf(reply);
  if (finish === 'length' || finish === 'content_filter') {
    const reason = finish === 'length' ? 'max_output_tokens' : 'content_filter';
    emit({
      type: 'response.incomplete',
      response: { id: responseId, status: 'incomplete', incomplete_details: { reason } },
    });
  } else {
    emit({
      type: 'response.completed',
      response: {
        id: responseId,
        object: 'response',
        status: 'completed',
        model: options.model,
        usage: {
          input_tokens: usage.inputTokens,
          input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
          output_tokens: usage.outputTokens,
          output_tokens_details: { reasoning_tokens: usage.reasoningOutputTokens ?? 0 },
          total_tokens: usage.inputTokens + usage.outputTokens,
        },
      },
    });
  }
  return { frames, terminalFrames: 1 };
}

export function renderChat(reply: ScriptedReply, options: RenderOptions): RenderedReply {
  const frames: string[] = [];
  const id = `chatcmpl-scripted-${options.turnIndex}`;
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => {
    const payload = {
      id,
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: options.model,
      choices,
      ...extra,
    };
    frames.push(`data: ${JSON.stringify(payload)}\n\n`);
  };
  const delta = (fields: Record<string, unknown>) =>
    chunk([{ index: 0, delta: fields, finish_reason: null }]);
  delta({ role: 'assistant', content: '' });
  for (const piece of pieces(reply.reasoning ?? '', options.pieceChars))
    delta({ [options.chatReasoningField]: piece });
  for (const piece of pieces(reply.text ?? '', options.pieceChars)) delta({ content: piece });
  (reply.toolCalls ?? []).forEach((call, index) => {
    delta({
      tool_calls: [
        {
          index,
          id: callId(call, options, index),
          type: 'function',
          function: { name: call.name, arguments: '' },
        },
      ],
    });
    for (const piece of pieces(argumentText(call), options.pieceChars)) {
      delta({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
  });
  const usage = reply.usage ?? options.defaultUsage;
  const wireUsage = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoningOutputTokens ?? 0 },
  };
  const finish = [{ index: 0, delta: {}, finish_reason: finishOf(reply) }];
  if (options.chatIncludeUsage) {
    chunk(finish);
    chunk([], { usage: wireUsage });
    frames.push('data: [DONE]\n\n');
    return { frames, terminalFrames: 3 };
  }
  // Without stream_options, servers like llama.cpp put usage on the finish chunk.
  chunk(finish, { usage: wireUsage });
  frames.push('data: [DONE]\n\n');
  return { frames, terminalFrames: 2 };
}
