// "Nothing is listening on localhost:11434" is only useful with the command that starts the
// server. The server is recognised by provider id first, then by its well-known default port
// (both from the one server table in protocol/server-kinds.ts).
import { kindByDefaultPort, kindByProviderId, SERVER_KINDS } from '../protocol/server-kinds.js';

function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** One sentence telling the user which server is not running and how to start it. */
export function localServerHint(providerId: string, url: URL): string {
  const port = effectivePort(url);
  const kind = kindByProviderId(providerId) ?? kindByDefaultPort(port);
  if (kind && kind !== 'openai-compatible') {
    const info = SERVER_KINDS[kind];
    return `Is ${info.label} running? Start it with ${info.startCommand(port)}.`;
  }
  return `Start the model server for provider "${providerId}" on port ${port}, or correct its base_url.`;
}
