// Recorded HTTP exchanges with a real llama.cpp server (test/fixtures/llamacpp/*.json, written by
// the real-server tier: test/real/record-fixtures.test.ts), and a replay server that answers with
// those exact bytes, so the ordinary suite checks ossa against real llama.cpp output without
// building anything.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type FakeHttpServer, startFakeHttpServer } from './fake-http-server.js';

export interface RecordedExchange {
  method: string;
  /** Path and query, e.g. /props or /v1/chat/completions */
  path: string;
  status: number;
  contentType: string;
  /** The response's `Server` header (llama-server sends `llama.cpp`), when it had one. */
  server?: string;
  /** The response body exactly as the server sent it (SSE text for streams). */
  body: string;
}

export interface RecordedScenario {
  /** What was run, e.g. `ossa exec "say hi"` against `llama-server -n 2`. */
  description: string;
  llamaCpp: string;
  exchanges: RecordedExchange[];
}

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/llamacpp/', import.meta.url));

export function loadScenario(name: string): RecordedScenario {
  return JSON.parse(readFileSync(`${FIXTURE_DIR}${name}.json`, 'utf8')) as RecordedScenario;
}

/**
 * Answers each request with the next recorded exchange for the same method and path (query
 * ignored; the last one again when the recording has no more); 404 for anything never recorded.
 */
export async function startReplayServer(
  scenario: RecordedScenario,
): Promise<FakeHttpServer & { baseUrl: string }> {
  const used = new Map<string, number>();
  const server = await startFakeHttpServer((request, response) => {
    const key = `${request.method} ${request.path}`;
    const matching = scenario.exchanges.filter(
      (exchange) => `${exchange.method} ${exchange.path.split('?')[0]}` === key,
    );
    const index = used.get(key) ?? 0;
    used.set(key, index + 1);
    const exchange = matching[Math.min(index, matching.length - 1)];
    if (!exchange) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"error":{"code":404,"message":"File Not Found","type":"not_found_error"}}');
      return;
    }
    response.writeHead(exchange.status, {
      'content-type': exchange.contentType,
      ...(exchange.server ? { server: exchange.server } : {}),
    });
    response.end(exchange.body);
  });
  return { ...server, baseUrl: `${server.root}/v1` };
}
