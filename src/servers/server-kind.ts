// Server-kind helpers over the one table in protocol/server-kinds.ts: start hints for messages and
// the kind a URL's port suggests.
import {
  kindByDefaultPort,
  kindByProviderId,
  SERVER_KINDS,
  type ServerKind,
} from '../protocol/server-kinds.js';

export { SERVER_KINDS, type ServerKind, type ServerKindInfo } from '../protocol/server-kinds.js';

/** "start it with … ; install it from …" for messages, for a server on `port` (default: its own). */
export function howToStart(kind: ServerKind, port?: number): string {
  const info = SERVER_KINDS[kind];
  const start = `start it with ${info.startCommand(port ?? info.defaultPort ?? 0)}`;
  return info.installHint ? `${start}; ${info.installHint}` : start;
}

/** The server that listens on `root`'s port by default; `openai-compatible` for any other port. */
export function kindByPort(root: string): ServerKind {
  return kindByDefaultPort(portOf(new URL(root))) ?? 'openai-compatible';
}

/** The URL's port, with the scheme's default when none is written. */
export function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * The server a provider expects at `root`, before anything answered: the built-in ids, an id that
 * names a server (`llamacpp`, `my-vllm`), else what listens on that port by default.
 */
export function kindForProvider(providerId: string, root: string): ServerKind {
  if (providerId === 'ollama' || providerId === 'lmstudio') return providerId;
  return kindByProviderId(providerId) ?? kindByPort(root);
}
