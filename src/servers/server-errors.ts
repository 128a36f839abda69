// The failures a person meets first with a local model: the server is not running, or it is too
// old for the wire API. Each names the URL tried and what to do.
import { OssaError } from '../errors.js';
import { BackendUnreachableError } from './http.js';
import { howToStart, portOf, SERVER_KINDS, type ServerKind } from './server-kind.js';

export class LocalServerNotRunningError extends OssaError {
  readonly url: string;
  readonly kind: ServerKind;
  constructor(kind: ServerKind, url: string, cause: BackendUnreachableError, locationHint?: string) {
    const label = SERVER_KINDS[kind].label;
    super(
      `${label} is not running at ${url} (${cause.description}). ${capitalise(howToStart(kind, portOf(new URL(url))))}.${locationHint ? ` ${locationHint}` : ''}`,
      1,
      { cause },
    );
    this.url = url;
    this.kind = kind;
  }
}

/** Awaits the first request to a local server: nothing listening becomes LocalServerNotRunningError. */
export async function whenRunning<T>(
  kind: ServerKind,
  url: string,
  locationHint: string | undefined,
  request: Promise<T>,
): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof BackendUnreachableError) {
      throw new LocalServerNotRunningError(kind, url, error, locationHint);
    }
    throw error;
  }
}

/** Ollama older than the first version with /v1/responses. */
export class ServerTooOldError extends OssaError {
  constructor(message: string) {
    super(message, 1);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
