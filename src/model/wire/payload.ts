// JSON payloads out of SSE events, shared by both wires.
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../../protocol/json-depth.js';
import { ModelStreamError } from '../errors.js';
import type { SseMessage } from '../sse.js';

/** An event's own structure (choices, delta, tool_calls …) on top of the arguments' allowance. */
export const MAX_EVENT_DEPTH = MAX_JSON_DEPTH + 32;

/**
 * Refuses server JSON nested beyond MAX_EVENT_DEPTH before anything walks it (a server sending
 * arguments as a 5,000-deep object would overflow JSON.stringify). Not retried.
 */
export function checkPayloadDepth(data: string, url: string): void {
  if (!exceedsJsonDepth(data, MAX_EVENT_DEPTH)) return;
  throw new ModelStreamError(
    `The stream from ${url} sent JSON nested more than ${MAX_EVENT_DEPTH} levels deep, which no reply needs; ossa stopped reading it.`,
    { url, line: data.slice(0, 300), retryable: false },
  );
}

/** The chat stream terminator `data: [DONE]`. */
export const DONE = Symbol('[DONE]');

/**
 * The JSON values an event carries: normally one. Some servers omit the blank line between events
 * (goose's captured error streams), which SSE joins into one multi-line payload; when the whole
 * does not parse, each line is tried on its own. Unparseable data is never skipped silently.
 */
export function decodePayloads(message: SseMessage, url: string): unknown[] {
  const data = message.data;
  if (data === '[DONE]') return [DONE];
  checkPayloadDepth(data, url);
  const whole = tryParse(data);
  if (whole !== FAILED) return [whole];
  if (data.includes('\n')) {
    const values = data
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => (line.trim() === '[DONE]' ? DONE : tryParse(line)));
    if (values.every((value) => value !== FAILED)) return values;
  }
  const quoted = JSON.stringify(data.length > 300 ? `${data.slice(0, 300)}…` : data);
  throw new ModelStreamError(
    message.atEof
      ? `The stream from ${url} ended in the middle of an event: ${quoted}.`
      : `The stream from ${url} sent data that is not JSON: ${quoted}.`,
    { url, line: data },
  );
}

const FAILED = Symbol('failed');

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return FAILED;
  }
}

/**
 * The body ended before the wire's terminal event (`missing` says which), quoting the line it
 * was cut in, if any.
 */
export function endedEarlyError(url: string, missing: string, partialLine: string): ModelStreamError {
  const cut = partialLine.trim() !== '';
  const tail = cut ? ` (cut off in: ${JSON.stringify(partialLine.slice(0, 200))})` : '';
  return new ModelStreamError(`The stream from ${url} closed before ${missing}${tail}.`, {
    url,
    ...(cut ? { line: partialLine } : {}),
  });
}

/** Arguments the model produced, as text: some servers send a JSON object instead of a string. */
export function argumentsText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}
