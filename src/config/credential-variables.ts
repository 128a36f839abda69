// The environment variables the configuration reads credentials from: every provider's `env_key`
// and `env_http_headers`, every MCP server's `bearer_token_env_var` and `env_http_headers`.
// Commands the model runs never get them, whatever they are called (env-policy.ts).
import { isTable } from './layer.js';
import type { ResolvedConfig } from './types.js';

export function credentialVariables(config: Pick<ResolvedConfig, 'table' | 'provider'>): string[] {
  const names = new Set<string>();
  if (config.provider.envKey) names.add(config.provider.envKey);
  const collect = (entries: unknown, fields: { single: string[]; maps: string[] }) => {
    if (!isTable(entries)) return;
    for (const entry of Object.values(entries)) {
      if (!isTable(entry)) continue;
      for (const field of fields.single) {
        if (typeof entry[field] === 'string' && entry[field]) names.add(entry[field]);
      }
      for (const field of fields.maps) {
        const map = entry[field];
        if (!isTable(map)) continue;
        for (const variable of Object.values(map)) if (typeof variable === 'string') names.add(variable);
      }
    }
  };
  collect(config.table.model_providers, { single: ['env_key'], maps: ['env_http_headers'] });
  collect(config.table.mcp_servers, { single: ['bearer_token_env_var'], maps: ['env_http_headers'] });
  return [...names];
}
