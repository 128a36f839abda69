// The OpenAI-compatible model wires of the fake local servers, answered minimally: a fixed reply,
// streamed (SSE) or not, with usage. Prompt tokens are the body length / 4, capped at
// `truncateAt` to imitate a server that silently cuts prompts to its window. Tests that need a
// scripted conversation pass their own `handler` instead (e.g. the scripted model server).
import type { ServerResponse } from 'node:http';
import { type FakeRequest, field, sendJson } from './fake-http-server.js';

export type WireName = 'responses' | 'chat';

export interface FakeWireOptions {
  /** Wires this server answers; others get 404 (or what `missingWire` answers). Default both. */
  wires?: WireName[];
  reply?: string;
  /** Report at most this many prompt tokens (a truncating server). */
  truncateAt?: number;
  /** Answers a request for a wire not in `wires` (returns true); default a plain 404. */
  missingWire?: (request: FakeRequest, response: ServerResponse) => true;
  /**
   * How a non-streamed reply capped at 1 token ends (the reply cannot fit): chat's finish_reason
   * (default `length`) and Responses' status (default `incomplete`, with max_output_tokens).
   * llama-server says `completed` on Responses.
   */
  cutOff?: { chat?: string; responses?: 'incomplete' | 'completed' };
  /** Takes over the wire requests completely. Return false to fall back to the minimal answer. */
  handler?: (request: FakeRequest, response: ServerResponse) => boolean | Promise<boolean>;
}

/** Answers `/v1/responses` and `/v1/chat/completions`; returns false for other paths. */
export async function answerModelWire(
  request: FakeRequest,
  response: ServerResponse,
  options: FakeWireOptions,
  knownModel: (model: string) => boolean,
): Promise<boolean> {
  const wire: WireName | undefined =
    request.path === '/v1/responses'
      ? 'responses'
      : request.path === '/v1/chat/completions'
        ? 'chat'
        : undefined;
  if (!wire || request.method !== 'POST') return false;
  if (options.handler && (await options.handler(request, response))) return true;
  if (!(options.wires ?? ['responses', 'chat']).includes(wire)) {
    if (options.missingWire) return options.missingWire(request, response);
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('404 page not found');
    return true;
  }
  const model = String(field(request.body, 'model') ?? '');
  if (!knownModel(model)) {
    sendJson(response, 404, {
      error: { message: `model "${model}" not found, try pulling it first`, type: 'not_found' },
    });
    return true;
  }
  const promptTokens = Math.min(
    Math.ceil(request.rawBody.length / 4),
    options.truncateAt ?? Number.POSITIVE_INFINITY,
  );
  const text = options.reply ?? 'ok';
  const stream = field(request.body, 'stream') === true;
  const capped =
    field(request.body, wire === 'chat' ? 'max_tokens' : 'max_output_tokens') === 1
      ? (options.cutOff ?? {})
      : undefined;
  if (wire === 'chat')
    answerChat(response, model, text, promptTokens, stream, capped && (capped.chat ?? 'length'));
  else
    answerResponses(
      response,
      model,
      text,
      promptTokens,
      stream,
      capped && (capped.responses ?? 'incomplete'),
    );
  return true;
}

function answerChat(
  response: ServerResponse,
  model: string,
  text: string,
  promptTokens: number,
  stream: boolean,
  /** The finish_reason of a reply cut at its 1-token cap. */
  cutOff?: string,
) {
  const usage = { prompt_tokens: promptTokens, completion_tokens: 1, total_tokens: promptTokens + 1 };
  if (!stream) {
    sendJson(response, 200, {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: cutOff ?? 'stop' }],
      usage,
    });
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    response.write(
      `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', model, choices, ...extra })}\n\n`,
    );
  chunk([{ index: 0, delta: { role: 'assistant', content: text }, finish_reason: null }]);
  chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]);
  chunk([], { usage });
  response.end('data: [DONE]\n\n');
}

function answerResponses(
  response: ServerResponse,
  model: string,
  text: string,
  promptTokens: number,
  stream: boolean,
  /** The status of a reply cut at its 1-token cap. */
  cutOff?: 'incomplete' | 'completed',
) {
  const usage = { input_tokens: promptTokens, output_tokens: 1, total_tokens: promptTokens + 1 };
  const message = {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
  const completed = {
    id: 'resp_fake',
    object: 'response',
    status: 'completed',
    model,
    output: [message],
    usage,
  };
  if (!stream) {
    const incomplete = cutOff === 'incomplete' ? { incomplete_details: { reason: 'max_output_tokens' } } : {};
    sendJson(response, 200, { ...completed, status: cutOff ?? 'completed', ...incomplete });
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  let sequence = 0;
  const event = (type: string, data: Record<string, unknown>) =>
    response.write(
      `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`,
    );
  event('response.created', { response: { ...completed, status: 'in_progress', output: [], usage: null } });
  event('response.output_item.added', {
    output_index: 0,
    item: { ...message, status: 'in_progress', content: [] },
  });
  event('response.output_text.delta', {
    output_index: 0,
    content_index: 0,
    item_id: 'msg_fake',
    delta: text,
  });
  event('response.output_item.done', { output_index: 0, item: message });
  event('response.completed', { response: completed });
  response.end();
}

/**
 * A `handler` that forwards streamed model requests to another server (the scripted model
 * server), so a fake Ollama or LM Studio can hold a scripted conversation on its own /v1. Plain
 * (non-streamed) probes fall through to the minimal answer.
 */
export function forwardStreamingTo(baseUrl: string): NonNullable<FakeWireOptions['handler']> {
  return async (request, response) => {
    if (field(request.body, 'stream') !== true) return false;
    const target = `${baseUrl.replace(/\/+$/, '')}${request.path.replace(/^\/v1/, '')}`;
    const upstream = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: request.rawBody,
    });
    response.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'text/event-stream',
    });
    if (upstream.body) {
      for await (const chunk of upstream.body) response.write(chunk);
    }
    response.end();
    return true;
  };
}
