// Reads a newline-delimited JSON body (Ollama's /api/pull and /api/create progress) one object at a
// time. An idle gap longer than `idleTimeoutMs` ends the read with a timeout error; leaving the
// loop early (break, throw) cancels the body and so the request.
import { InterruptedError } from '../errors.js';
import type { HttpResponse } from '../model/transport.js';
import { BackendProtocolError, BackendUnreachableError } from './http.js';

export interface NdjsonOptions {
  url: string;
  idleTimeoutMs: number;
  signal?: AbortSignal;
}

export async function* readNdjson(response: HttpResponse, options: NdjsonOptions): AsyncGenerator<unknown> {
  const iterator = response.body[Symbol.asyncIterator]();
  const decoder = new TextDecoder();
  let buffer = '';
  let done = false;
  try {
    while (!done) {
      const chunk = await readWithIdleTimeout(iterator, options);
      done = chunk.done === true;
      buffer += chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
      let newline = buffer.indexOf('\n');
      while (newline >= 0 || (done && buffer.trim())) {
        const line = newline >= 0 ? buffer.slice(0, newline) : buffer;
        buffer = newline >= 0 ? buffer.slice(newline + 1) : '';
        if (line.trim()) yield parseLine(line, options.url);
        newline = buffer.indexOf('\n');
      }
    }
  } finally {
    // Leaving early closes the connection, and so cancels the request.
    if (!done) await iterator.return?.().catch(() => undefined);
  }
}

function parseLine(line: string, url: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new BackendProtocolError(url, `a progress line is not JSON: ${line.slice(0, 120)}`);
  }
}

async function readWithIdleTimeout(
  iterator: AsyncIterator<Uint8Array>,
  options: NdjsonOptions,
): Promise<IteratorResult<Uint8Array>> {
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new BackendUnreachableError(options.url, 'timeout', `${options.idleTimeoutMs} ms of silence`)),
      options.idleTimeoutMs,
    );
  });
  try {
    return await Promise.race([iterator.next(), idle]);
  } catch (error) {
    if (options.signal?.aborted) throw new InterruptedError('cancelled');
    if (error instanceof BackendUnreachableError) throw error;
    throw new BackendUnreachableError(
      options.url,
      'reset',
      error instanceof Error ? error.message : String(error),
    );
  } finally {
    clearTimeout(timer);
  }
}
