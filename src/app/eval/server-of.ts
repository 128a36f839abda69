// Which server the target runs on, and its version: the kind the context-window check already
// found (prepare-session), else the same identification doctor uses (servers/identify.ts), then
// the version the server reports (servers/server-facts.ts). Remote APIs are not probed.
import { identifyServer } from '../../servers/identify.js';
import { providerHeaders } from '../../servers/provider-headers.js';
import { serverVersion } from '../../servers/server-facts.js';
import type { ServerKind } from '../../servers/server-kind.js';
import { serverRoot } from '../../servers/server-root.js';
import type { SessionTarget } from '../prepare-session.js';

export async function serverOf(
  target: SessionTarget,
  signal?: AbortSignal,
): Promise<{ kind?: ServerKind; version?: string }> {
  const root = serverRoot(target.provider.baseUrl);
  const headers = providerHeaders(target.provider);
  let kind = target.contextWindow.serverKind;
  let version: string | undefined;
  if (target.provider.isLocal) {
    const identified = await identifyServer(root, {
      timeoutMs: 1500,
      headers,
      ...(signal ? { signal } : {}),
    });
    if (identified.ok) {
      kind ??= identified.server.kind;
      version = identified.server.version;
    }
  }
  if (kind && !version) version = await serverVersion(kind, root, { headers, ...(signal ? { signal } : {}) });
  return { ...(kind ? { kind } : {}), ...(version ? { version } : {}) };
}
