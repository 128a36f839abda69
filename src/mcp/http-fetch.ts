// The MCP SDK's HTTP transports take a fetch-shaped function. This one goes through ossa's one
// HTTP stack (model/transport.ts, node:http) instead of the global fetch, whose hidden 300 s
// header timeout would cut off a tool call the user allowed longer (`tool_timeout_sec`), and it
// bounds the body: a server that streams without end cannot fill memory.
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { type HttpTransport, nodeHttpTransport } from '../model/transport.js';

/** More than any sane JSON-RPC message; results are capped far below this for the model. */
export const MAX_MCP_HTTP_BODY_BYTES = 16 * 1024 * 1024;

/** The response headers the SDK reads (HttpResponse looks them up by name). */
const READ_HEADERS = [
  'content-type',
  'content-length',
  'mcp-session-id',
  'mcp-protocol-version',
  'www-authenticate',
  'location',
  'retry-after',
  'last-event-id',
] as const;

/** Statuses whose Response may not have a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export function mcpFetch(transport: HttpTransport = nodeHttpTransport): FetchLike {
  return async (input, init) => {
    const url = new URL(input instanceof URL ? input.href : String(input));
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'POST' && method !== 'DELETE') {
      throw new Error(`MCP over HTTP: unexpected method ${method}`);
    }
    const body = init?.body;
    if (body !== undefined && body !== null && typeof body !== 'string') {
      throw new Error('MCP over HTTP: only text request bodies are sent');
    }
    const response = await transport({
      url,
      method,
      headers,
      ...(typeof body === 'string' ? { body } : {}),
      signal: init?.signal ?? new AbortController().signal,
    });
    const responseHeaders = new Headers();
    for (const name of READ_HEADERS) {
      const value = response.header(name);
      if (value !== undefined) responseHeaders.set(name, value);
    }
    const stream = NULL_BODY.has(response.status) ? null : boundedStream(response.body, url);
    return new Response(stream, {
      status: response.status,
      statusText: response.statusText,
      headers: responseHeaders,
    });
  };
}

function boundedStream(body: AsyncIterable<Uint8Array>, url: URL): ReadableStream<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]();
  let received = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) {
          controller.close();
          return;
        }
        received += next.value.byteLength;
        if (received > MAX_MCP_HTTP_BODY_BYTES) {
          await iterator.return?.();
          controller.error(
            new Error(
              `the MCP server at ${url.origin} sent more than ${MAX_MCP_HTTP_BODY_BYTES / 1024 / 1024} MiB in one response`,
            ),
          );
          return;
        }
        controller.enqueue(next.value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
