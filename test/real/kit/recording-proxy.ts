// A pass-through HTTP proxy in front of a real llama-server that keeps every exchange (response
// bytes as sent), for recording fixtures (test/kit/recorded-exchanges.ts) and for checking what the
// server answered; it can also hide endpoints, to stand for a server that does not say its window.
import { once } from 'node:events';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedExchange } from '../../kit/recorded-exchanges.js';

export interface RecordingProxy {
  baseUrl: string;
  exchanges: RecordedExchange[];
  close(): Promise<void>;
}

/** `hidePaths`: requests whose path matches get a 404, as from a server without that endpoint. */
export async function startRecordingProxy(
  target: string,
  options: { hidePaths?: RegExp } = {},
): Promise<RecordingProxy> {
  const exchanges: RecordedExchange[] = [];
  const upstream = new URL(target);
  const server = createServer((incoming, response) => {
    if (options.hidePaths?.test(incoming.url ?? '')) {
      incoming.resume();
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: upstream.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          response.write(chunk);
        });
        answer.on('end', () => {
          response.end();
          exchanges.push({
            method: incoming.method ?? 'GET',
            path: incoming.url ?? '/',
            status: answer.statusCode ?? 0,
            contentType: String(answer.headers['content-type'] ?? ''),
            ...(answer.headers.server ? { server: String(answer.headers.server) } : {}),
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    forward.on('error', () => response.destroy());
    incoming.pipe(forward);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    exchanges,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
