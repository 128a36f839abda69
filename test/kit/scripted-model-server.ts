// A real HTTP model server on 127.0.0.1 for tests: each POST to `/v1/responses` or
// `/v1/chat/completions` consumes the next scripted turn and answers it in that wire's format,
// streamed in small chunks; faults (status codes with Retry-After, disconnects, stalls, malformed
// or truncated streams) and raw fixture replays are turns too. Every request is logged.
//
//   const server = await startScriptedModelServer({ turns: [{ text: 'hi' }, { toolCalls: [...] }] });
//   const provider = scriptedProvider(server.url, { wireApi: 'chat' });
//   ...
//   await server.close();
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderSettings, WireApi } from '../../src/protocol/provider.js';
import {
  type RenderedReply,
  type RenderOptions,
  renderChat,
  renderResponses,
  type ScriptedReply,
  type ScriptedUsage,
} from './scripted-wire-render.js';

export type {
  ScriptedFinish,
  ScriptedReply,
  ScriptedToolCall,
  ScriptedUsage,
} from './scripted-wire-render.js';

interface Pacing {
  /** Wait before sending the status line and headers (a server busy with prefill). */
  ttftMs?: number;
  /** Pause between chunks. Without it the server yields to the event loop between chunks. */
  delayMs?: number;
  /** Write all chunks back to back without yielding (still one HTTP chunk each). */
  burst?: boolean;
  /**
   * Send chunk i at `i / piecesPerSecond` s after the first, on an absolute schedule so timer
   * slop does not lower the rate (a model generating at a steady tokens/s). Wins over `delayMs`.
   */
  piecesPerSecond?: number;
}

export type ScriptedFault =
  /** An HTTP error status; `body` defaults to an OpenAI-style `{error:{message}}`. */
  | {
      fault: 'status';
      status: number;
      body?: string | Record<string, unknown>;
      headers?: Record<string, string>;
    }
  /** Close the socket: before any response when `afterBytes` is absent, else after that many body bytes. */
  | { fault: 'disconnect'; afterBytes?: number; reply?: ScriptedReply }
  /** Stop sending and hold the connection open: before headers when `afterBytes` is absent. */
  | { fault: 'stall'; afterBytes?: number; reply?: ScriptedReply }
  /** One good event, then a data line that is not JSON, then the rest of the reply. */
  | { fault: 'malformed'; reply?: ScriptedReply }
  /** The reply without its completing event(s), then a clean end of the body. */
  | { fault: 'truncate'; reply?: ScriptedReply };

export interface ScriptedRaw {
  /** Replayed verbatim: one string, or chunks written one by one (to control re-chunking). */
  rawSse: string | Uint8Array[];
  /** Default `text/event-stream`. */
  contentType?: string;
  status?: number;
}

export type ScriptedTurn = (ScriptedReply | ScriptedFault | ScriptedRaw) & Pacing;

export interface LoggedRequest {
  method: string;
  /** Path with query string, e.g. `/v1/responses?api-version=1`. */
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body (undefined when empty or not JSON). */
  body: unknown;
  rawBody: string;
  /** The wire the path belongs to, for the two model endpoints. */
  wire: WireApi | undefined;
  /** Index of the turn that answered it, when one did. */
  turnIndex: number | undefined;
  /** The JSON Schema of a json_schema response format the request carries (either wire). */
  responseSchema: Record<string, unknown> | undefined;
  /** Settles when the exchange is over: `client-closed` when the client went away first. */
  closed: Promise<'finished' | 'client-closed'>;
  /** With `window`: the prompt tokens the server counted, and how many its prefix cache served. */
  promptTokens?: number;
  cachedTokens?: number;
  /** With `window`: the prompt did not fit and was rejected (llama.cpp) or cut (Ollama). */
  overflow?: 'rejected' | 'truncated';
}

/**
 * A context window the server enforces, the way real servers do when a prompt does not fit:
 * `reject` answers HTTP 400 `exceed_context_size_error` with `n_prompt_tokens`/`n_ctx` (llama.cpp);
 * `truncate` keeps the end of the prompt, reports the window as the prompt size and answers
 * anyway — a reply written without the start of the conversation (Ollama).
 */
export interface ScriptedWindow {
  tokens: number;
  style: 'reject' | 'truncate';
  /** Request body bytes per token. Default 3: denser than ossa's uncalibrated guess, on purpose. */
  bytesPerToken?: number;
  /** What a model that lost the start of its prompt answers (no scripted turn is used). */
  truncatedReply?: ScriptedReply;
}

export interface ScriptedModelServerOptions {
  turns?: ScriptedTurn[];
  /** Wires this server answers; the other endpoint returns 404 (like a chat-only server). Default both. */
  wires?: WireApi[];
  /** Model ids listed by `GET /v1/models`. */
  models?: string[];
  /** Characters per streamed piece. Default 8. */
  pieceChars?: number;
  /** Chat: the delta field reasoning is streamed in. Default `reasoning_content`. */
  chatReasoningField?: 'reasoning_content' | 'reasoning';
  /** Chat: answer 400 to requests carrying `stream_options` (servers that reject it). */
  rejectStreamOptions?: boolean;
  /** Enforce a context window; prompts are counted and a one-slot prefix cache is simulated. */
  window?: ScriptedWindow;
  /**
   * Answers a model request itself when it returns a turn (e.g. a summary request recognised by
   * its prompt), without using one of the scripted turns.
   */
  respond?: (request: LoggedRequest) => ScriptedTurn | undefined;
}

export interface ScriptedModelServer {
  /** `http://127.0.0.1:<port>/v1` */
  url: string;
  port: number;
  requests: LoggedRequest[];
  /** Replaces the turns not yet consumed. */
  setTurns(turns: ScriptedTurn[]): void;
  /** Turns not yet consumed. */
  pendingTurns(): number;
  close(): Promise<void>;
}

const PATHS: Record<string, WireApi> = { '/v1/responses': 'responses', '/v1/chat/completions': 'chat' };

export async function startScriptedModelServer(
  options: ScriptedModelServerOptions = {},
): Promise<ScriptedModelServer> {
  let turns = [...(options.turns ?? [])];
  let turnCounter = 0;
  /** The last rendered prompt the simulated cache holds (one slot, like llama-server with -np 1). */
  let cachedBody = '';
  const requests: LoggedRequest[] = [];
  const wires = new Set(options.wires ?? ['responses', 'chat']);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      const wire = PATHS[pathname];
      const closed = new Promise<'finished' | 'client-closed'>((resolve) => {
        res.on('close', () => resolve(res.writableFinished ? 'finished' : 'client-closed'));
      });
      const logged: LoggedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: parseJson(rawBody),
        rawBody,
        wire,
        turnIndex: undefined,
        responseSchema: responseSchemaOf(parseJson(rawBody)),
        closed,
      };
      requests.push(logged);
      void route(logged, wire, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: String(error) } });
        else res.destroy();
      });
    });
  });

  async function route(
    logged: LoggedRequest,
    wire: WireApi | undefined,
    res: http.ServerResponse,
  ): Promise<void> {
    const pathname = new URL(logged.path, 'http://localhost').pathname;
    if (logged.method === 'GET' && pathname === '/v1/models') {
      const data = (options.models ?? ['scripted-model']).map((id) => ({
        id,
        object: 'model',
        owned_by: 'scripted',
      }));
      sendJson(res, 200, { object: 'list', data });
      return;
    }
    if (logged.method !== 'POST' || wire === undefined || !wires.has(wire)) {
      sendJson(res, 404, {
        error: {
          message: `Unexpected endpoint or method. (${logged.method} ${pathname})`,
          type: 'not_found',
        },
      });
      return;
    }
    const body = (logged.body ?? {}) as Record<string, unknown>;
    if (wire === 'chat' && options.rejectStreamOptions && body.stream_options !== undefined) {
      sendJson(res, 400, {
        error: {
          message: 'Unrecognized request argument supplied: stream_options',
          type: 'invalid_request_error',
        },
      });
      return;
    }
    if (options.window && !enforceWindow(options.window, logged, res)) return;
    const turn = options.respond?.(logged) ?? turns.shift();
    if (!turn) {
      sendJson(res, 500, {
        error: { message: `scripted model server: no turn left for request ${requests.length}` },
      });
      return;
    }
    const turnIndex = turnCounter++;
    logged.turnIndex = turnIndex;
    await serveTurn(turn, wire, body, logged, turnIndex, res);
  }

  /** Counts the prompt; false when the request was answered here (rejected, or cut and answered). */
  function enforceWindow(window: ScriptedWindow, logged: LoggedRequest, res: http.ServerResponse): boolean {
    const perToken = window.bytesPerToken ?? 3;
    const prompt = renderedPrompt(logged.body);
    logged.promptTokens = Math.ceil(Buffer.byteLength(prompt) / perToken);
    let common = 0;
    const limit = Math.min(cachedBody.length, prompt.length);
    while (common < limit && cachedBody.charCodeAt(common) === prompt.charCodeAt(common)) common++;
    logged.cachedTokens = Math.floor(Buffer.byteLength(prompt.slice(0, common)) / perToken);
    if (logged.promptTokens <= window.tokens) {
      cachedBody = prompt;
      return true;
    }
    if (window.style === 'reject') {
      logged.overflow = 'rejected';
      sendJson(res, 400, {
        error: {
          code: 400,
          message: 'the request exceeds the available context size, try increasing it',
          type: 'exceed_context_size_error',
          n_prompt_tokens: logged.promptTokens,
          n_ctx: window.tokens,
        },
      });
      return false;
    }
    logged.overflow = 'truncated';
    logged.cachedTokens = 0;
    logged.promptTokens = window.tokens;
    cachedBody = '';
    const reply = window.truncatedReply ?? { text: 'I am not sure what we were doing.' };
    void serveTurn(
      reply,
      logged.wire!,
      (logged.body ?? {}) as Record<string, unknown>,
      logged,
      turnCounter++,
      res,
    );
    return false;
  }

  async function serveTurn(
    turn: ScriptedTurn,
    wire: WireApi,
    body: Record<string, unknown>,
    logged: LoggedRequest,
    turnIndex: number,
    res: http.ServerResponse,
  ): Promise<void> {
    const gone = () => res.destroyed || res.writableEnded;
    if (turn.ttftMs) await sleepUnlessClosed(turn.ttftMs, res);
    if (gone()) return;

    if ('fault' in turn && turn.fault === 'status') {
      const payload = turn.body ?? {
        error: { message: `scripted failure with status ${turn.status}`, type: 'server_error' },
      };
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      res.writeHead(turn.status, {
        'content-type': typeof payload === 'string' ? 'text/plain' : 'application/json',
        ...turn.headers,
      });
      res.end(text);
      return;
    }
    if (
      'fault' in turn &&
      (turn.fault === 'disconnect' || turn.fault === 'stall') &&
      turn.afterBytes === undefined
    ) {
      if (turn.fault === 'disconnect') res.socket?.destroy();
      return; // a stall before headers: hold until the client or close() ends it
    }
    if ('rawSse' in turn) {
      res.writeHead(turn.status ?? 200, {
        'content-type': turn.contentType ?? 'text/event-stream',
        'cache-control': 'no-cache',
      });
      res.flushHeaders();
      const chunks = typeof turn.rawSse === 'string' ? [turn.rawSse] : turn.rawSse;
      await writeChunks(res, chunks, turn);
      if (!gone()) res.end();
      return;
    }

    let reply: ScriptedReply =
      'fault' in turn ? (turn.reply ?? { text: 'Hello from the scripted server.' }) : turn;
    if (reply.structuredText !== undefined && logged.responseSchema)
      reply = { ...reply, text: reply.structuredText };
    const rendered = render(reply, wire, body, logged, turnIndex);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    if (!('fault' in turn)) {
      await writeChunks(res, rendered.frames, turn);
      if (!gone()) res.end();
      return;
    }
    switch (turn.fault) {
      case 'truncate':
        await writeChunks(
          res,
          rendered.frames.slice(0, rendered.frames.length - rendered.terminalFrames),
          turn,
        );
        if (!gone()) res.end();
        return;
      case 'malformed': {
        const broken =
          wire === 'chat'
            ? 'data: {"choices":[{"index":0,"delta":{"content":"oops"\n\n'
            : 'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"oops"\n\n';
        await writeChunks(res, [rendered.frames[0] ?? '', broken, ...rendered.frames.slice(1)], turn);
        if (!gone()) res.end();
        return;
      }
      case 'disconnect':
      case 'stall': {
        const bytes = Buffer.from(rendered.frames.join(''), 'utf8').subarray(0, turn.afterBytes ?? 0);
        if (bytes.length > 0) await writeChunks(res, [bytes], turn);
        // Flush what was written, then close the connection in the middle of the body.
        if (turn.fault === 'disconnect') res.socket?.destroySoon();
        return;
      }
    }
  }

  function render(
    reply: ScriptedReply,
    wire: WireApi,
    body: Record<string, unknown>,
    logged: LoggedRequest,
    turnIndex: number,
  ): RenderedReply {
    const streamOptions = body.stream_options as { include_usage?: unknown } | undefined;
    const renderOptions: RenderOptions = {
      model: typeof body.model === 'string' ? body.model : 'scripted-model',
      turnIndex,
      pieceChars: options.pieceChars ?? 8,
      chatReasoningField: options.chatReasoningField ?? 'reasoning_content',
      chatIncludeUsage: streamOptions?.include_usage === true,
      defaultUsage: defaultUsage(reply, logged),
    };
    return wire === 'chat' ? renderChat(reply, renderOptions) : renderResponses(reply, renderOptions);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    setTurns(next) {
      turns = [...next];
    },
    pendingTurns: () => turns.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Provider settings pointing at a scripted server, with small timeouts and no waiting retries. */
export function scriptedProvider(url: string, overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    id: 'scripted',
    name: 'Scripted test server',
    baseUrl: url,
    wireApi: 'responses',
    httpHeaders: {},
    queryParams: {},
    requestMaxRetries: 0,
    streamMaxRetries: 0,
    streamIdleTimeoutMs: 10_000,
    firstByteTimeoutMs: 10_000,
    streamMaxReplyBytes: 8 * 1024 * 1024,
    streamMaxDurationMs: 0,
    isLocal: true,
    builtIn: false,
    ...overrides,
  };
}

/**
 * The prompt as a chat template lays it out — instructions and tool list first, then the history —
 * which is what a server counts and caches (the JSON body puts the tools after the history).
 */
function renderedPrompt(body: unknown): string {
  const request = (body ?? {}) as {
    instructions?: unknown;
    tools?: unknown;
    messages?: unknown;
    input?: unknown;
  };
  return [
    typeof request.instructions === 'string' ? request.instructions : '',
    JSON.stringify(request.tools ?? []),
    JSON.stringify(request.messages ?? request.input ?? []),
  ].join('\n');
}

function defaultUsage(reply: ScriptedReply, logged: LoggedRequest): ScriptedUsage {
  const output =
    (reply.reasoning ?? '') +
    (reply.text ?? '') +
    (reply.toolCalls ?? []).map((call) => JSON.stringify(call.arguments)).join('');
  const outputTokens = Math.ceil(output.length / 4);
  if (logged.promptTokens !== undefined) {
    return { inputTokens: logged.promptTokens, outputTokens, cachedInputTokens: logged.cachedTokens ?? 0 };
  }
  return { inputTokens: Math.ceil(logged.rawBody.length / 4), outputTokens };
}

async function writeChunks(
  res: http.ServerResponse,
  chunks: (string | Uint8Array)[],
  pacing: Pacing,
): Promise<void> {
  const started = performance.now();
  for (const [index, chunk] of chunks.entries()) {
    if (res.destroyed || res.writableEnded) return;
    if (!res.write(chunk) && !pacing.burst) await new Promise<void>((resolve) => res.once('drain', resolve));
    if (pacing.piecesPerSecond) {
      const due = started + ((index + 1) * 1000) / pacing.piecesPerSecond;
      await sleepUnlessClosed(Math.max(0, due - performance.now()), res);
    } else if (pacing.delayMs) await sleepUnlessClosed(pacing.delayMs, res);
    else if (!pacing.burst) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function sleepUnlessClosed(ms: number, res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
    res.on('close', done);
  });
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/** `response_format.json_schema.schema` (chat) or `text.format.schema` (responses). */
function responseSchemaOf(body: unknown): Record<string, unknown> | undefined {
  const record = (body ?? {}) as {
    response_format?: { type?: string; json_schema?: { schema?: Record<string, unknown> } };
    text?: { format?: { type?: string; schema?: Record<string, unknown> } };
  };
  if (record.response_format?.type === 'json_schema') return record.response_format.json_schema?.schema;
  if (record.text?.format?.type === 'json_schema') return record.text.format.schema;
  return undefined;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
