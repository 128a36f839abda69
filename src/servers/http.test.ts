import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeHttpServer,
  startFakeHttpServer,
  untilClientCloses,
} from '../../test/kit/fake-http-server.js';
import * as z from '../protocol/zod.js';
import {
  BackendHttpError,
  BackendProtocolError,
  BackendUnreachableError,
  errorMessageFromBody,
  requestJson,
} from './http.js';

let server: FakeHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('requestJson', () => {
  it('says connection refused within a second', async () => {
    const gone = await startFakeHttpServer(() => undefined);
    await gone.close();
    const started = performance.now();
    const error = await requestJson(`${gone.root}/api/version`, z.object({})).catch(
      (caught: unknown) => caught,
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(BackendUnreachableError);
    expect((error as BackendUnreachableError).reason).toBe('refused');
    expect((error as BackendUnreachableError).description).toBe(
      'connection refused: nothing is listening there',
    );
    expect((error as Error).message).toContain(`No answer from ${gone.root}/api/version (connection refused`);
  });

  it('times out a server that never answers', async () => {
    server = await startFakeHttpServer((_request, response) => untilClientCloses(response));
    const error = await requestJson(`${server.root}/x`, z.object({}), { timeoutMs: 150 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(BackendUnreachableError);
    expect((error as BackendUnreachableError).reason).toBe('timeout');
  });

  it('quotes the server’s own error message', async () => {
    server = await startFakeHttpServer((_request, response) => {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'context length exceeded' } }));
    });
    const error = await requestJson(`${server.root}/x`, z.object({})).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BackendHttpError);
    expect((error as Error).message).toBe(`${server.root}/x answered HTTP 400: context length exceeded`);
  });

  it('an error object in a 2xx body is an error, not an answer the schema happens to accept', async () => {
    server = await startFakeHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'Unexpected endpoint or method. (POST /api/v1/models/load)' }));
    });
    const loose = z.object({ status: z.nullish(z.string()) });
    const error = await requestJson(`${server.root}/x`, loose).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BackendProtocolError);
    expect((error as BackendProtocolError).serverMessage).toBe(
      'Unexpected endpoint or method. (POST /api/v1/models/load)',
    );
  });

  it('finds error messages in the shapes servers use', () => {
    expect(errorMessageFromBody('{"error":"model not found"}')).toBe('model not found');
    expect(errorMessageFromBody('{"detail":"Not Found"}')).toBe('Not Found');
    expect(errorMessageFromBody('404 page not found')).toBe('404 page not found');
    expect(errorMessageFromBody('<html>…</html>')).toBeUndefined();
  });
});
