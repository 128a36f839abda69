// Which settings hold secrets. `debug config` shows these as "<redacted>": header values,
// bearer tokens, MCP server environment values, and secret-looking shell environment values and
// query parameters.
import { parseKeyPath } from './key-path.js';

export const REDACTED = '<redacted>';

const HEADER_TABLES = new Set(['http_headers', 'env_http_headers']);
const SECRET_NAME = /KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL/i;

export function isSecretKeyPath(segments: readonly string[]): boolean {
  const last = segments.at(-1) ?? '';
  if (last === 'experimental_bearer_token') return true;
  if (segments.slice(0, -1).some((segment) => HEADER_TABLES.has(segment))) return true;
  if (segments[0] === 'mcp_servers' && segments[2] === 'env' && segments.length === 4) return true;
  if (segments[0] === 'shell_environment_policy' && segments[1] === 'set') return SECRET_NAME.test(last);
  // Gateways take keys as query parameters under any name (`?key=`, `?sig=`, `?code=`): all hidden.
  if (segments.at(-2) === 'query_params') return true;
  return false;
}

/** `https://user:secret@host/…` → `https://<redacted>@host/…`; anything else unchanged. */
export function redactUrlCredentials(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, `$1${REDACTED}@`);
}

/** Every value of a query-parameter table hidden, names kept. */
export function redactQueryParams(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(params).map((name) => [name, REDACTED]));
}

/** The same settings with secret values replaced; keys are rendered dotted paths. */
export function redactSettings<T extends { value: unknown }>(settings: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, setting] of Object.entries(settings)) {
    const segments = parseKeyPath(key) ?? [key];
    if (isSecretKeyPath(segments)) out[key] = { ...setting, value: REDACTED };
    else if (typeof setting.value === 'string')
      out[key] = { ...setting, value: redactUrlCredentials(setting.value) };
    else out[key] = setting;
  }
  return out;
}
