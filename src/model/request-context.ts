// What an error message needs to know about the request that failed: plain data built once per
// client from the provider settings.
import type { ProviderSettings, WireApi } from '../protocol/provider.js';
import type { ServerKind } from '../protocol/server-kinds.js';

export interface RequestContext {
  /** The endpoint without its query string (query parameters may carry secrets). */
  url: string;
  /** `/responses` or `/chat/completions`. */
  path: string;
  providerId: string;
  baseUrl: string;
  wireApi: WireApi;
  envKey: string | undefined;
  hasApiKey: boolean;
  isLocal: boolean;
  /** Who answered this attempt, by its `Server` header (set per attempt; see protocol/server-kinds.ts). */
  serverKind?: ServerKind;
}

export function requestContext(provider: ProviderSettings, endpoint: URL, path: string): RequestContext {
  return {
    url: `${endpoint.origin}${endpoint.pathname}`,
    path,
    providerId: provider.id,
    baseUrl: provider.baseUrl,
    wireApi: provider.wireApi,
    envKey: provider.envKey,
    hasApiKey: Boolean(provider.apiKey),
    isLocal: provider.isLocal,
  };
}
