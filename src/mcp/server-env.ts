// What an MCP server is given from ossa's environment. A stdio server gets a minimal base (to find
// programs, its home and locale) plus exactly what its definition names — `env` values and the
// `env_vars` passed through — never the user's API keys by accident. An HTTP server gets its
// headers, with the bearer token and `env_http_headers` read from the environment.
import type { McpTransportConfig } from '../config/types.js';
import { CORE_VARIABLES } from '../sandbox/env-policy.js';

type StdioConfig = Extract<McpTransportConfig, { kind: 'stdio' }>;
type HttpConfig = Extract<McpTransportConfig, { kind: 'http' }>;

/** The base every stdio server gets (the SDK adds TERM from its own list of safe names). */
export const MCP_BASE_VARIABLES: readonly string[] = [...CORE_VARIABLES, 'TERM'];

export interface StdioEnvResult {
  env: Record<string, string>;
  /** `env_vars` entries that are not set (reported, not fatal: the server may not need them). */
  missing: string[];
}

export function stdioServerEnv(config: StdioConfig, parentEnv: NodeJS.ProcessEnv): StdioEnvResult {
  const env: Record<string, string> = {};
  for (const name of MCP_BASE_VARIABLES) {
    const value = parentEnv[name];
    // A value starting with "()" is an exported shell function: never pass those on.
    if (value !== undefined && !value.startsWith('()')) env[name] = value;
  }
  const missing: string[] = [];
  for (const name of config.envVars) {
    const value = parentEnv[name];
    if (value === undefined) missing.push(name);
    else env[name] = value;
  }
  Object.assign(env, config.env);
  return { env, missing };
}

export interface HttpHeadersResult {
  headers: Record<string, string>;
  /** Variables named for headers or the bearer token that are unset or blank. */
  missing: string[];
}

export function httpServerHeaders(config: HttpConfig, parentEnv: NodeJS.ProcessEnv): HttpHeadersResult {
  const headers: Record<string, string> = { ...config.httpHeaders };
  const missing: string[] = [];
  for (const [header, variable] of Object.entries(config.envHttpHeaders)) {
    const value = parentEnv[variable]?.trim();
    if (value) headers[header] = value;
    else missing.push(variable);
  }
  if (config.bearerTokenEnvVar) {
    const token = parentEnv[config.bearerTokenEnvVar]?.trim();
    if (token) headers.Authorization = `Bearer ${token}`;
    else missing.push(config.bearerTokenEnvVar);
  }
  return { headers, missing };
}
