// Headers for ossa's own requests to a provider's server (listing models, probing wires, reading
// the context window): exactly what a model request carries (model/http.ts authHeaders), so a
// check sends what a session sends.
import { authHeaders } from '../model/http.js';
import type { ProviderSettings } from '../protocol/provider.js';

export function providerHeaders(
  provider: Pick<ProviderSettings, 'apiKey' | 'httpHeaders'>,
): Record<string, string> {
  return authHeaders(provider);
}
