// `[mcp_servers.<id>]` as typed definitions. The schema checked each key's type per layer; here
// the merged definition is checked as a whole (a server is either stdio — `command` — or HTTP —
// `url` — and keys of the other kind are mistakes), timeouts get their defaults, and each server
// records where it was defined: a server from a project file runs only after the user approved
// that exact definition (src/store/mcp-approvals.ts).
import { ConfigError } from './errors.js';
import { renderKeyPath } from './key-path.js';
import { isTable } from './layer.js';
import type { MergedConfig } from './merge.js';
import type { Locate } from './provider-settings.js';
import type { McpApprovalMode, McpServerConfig } from './types.js';

/** Codex's default is 10 s; `npx some-server` on a cold npm cache needs longer. */
export const DEFAULT_MCP_STARTUP_TIMEOUT_MS = 30_000;
/** Codex's default is 60 s; local tools (a build, a search over a big tree) may need longer. */
export const DEFAULT_MCP_TOOL_TIMEOUT_MS = 120_000;

const STDIO_KEYS = ['args', 'env', 'env_vars', 'cwd'] as const;
const HTTP_KEYS = ['bearer_token_env_var', 'http_headers', 'env_http_headers'] as const;

export function resolveMcpServers(merged: MergedConfig, locate: Locate): Record<string, McpServerConfig> {
  const servers = merged.table.mcp_servers;
  if (!isTable(servers)) return {};
  const resolved: Record<string, McpServerConfig> = {};
  for (const [id, entry] of Object.entries(servers)) {
    if (!isTable(entry)) continue;
    resolved[id] = resolveOne(id, entry as ServerTable, merged, locate);
  }
  return resolved;
}

interface ServerTable {
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  env_vars?: string[];
  cwd?: string;
  url?: string;
  bearer_token_env_var?: string;
  http_headers?: Record<string, string>;
  env_http_headers?: Record<string, string>;
  enabled?: boolean;
  required?: boolean;
  startup_timeout_sec?: number;
  startup_timeout_ms?: number;
  tool_timeout_sec?: number;
  enabled_tools?: string[];
  disabled_tools?: string[];
  default_tools_approval_mode?: McpApprovalMode;
  tools?: Record<string, { approval_mode?: McpApprovalMode }>;
}

function resolveOne(id: string, entry: ServerTable, merged: MergedConfig, locate: Locate): McpServerConfig {
  const keyPath = (key?: string) => renderKeyPath(['mcp_servers', id, ...(key ? [key] : [])]);
  const fail = (key: string | undefined, message: string, fix: string): never => {
    throw new ConfigError({
      ...locate(['mcp_servers', id, ...(key ? [key] : [])]),
      keyPath: keyPath(key),
      message,
      fix,
    });
  };
  if (entry.command !== undefined && entry.url !== undefined) {
    fail(
      'url',
      `MCP server \`${id}\` has both \`command\` (stdio) and \`url\` (HTTP)`,
      `keep one: \`command\` to start a local program, or \`url\` to connect to a running server`,
    );
  }
  if (entry.command === undefined && entry.url === undefined) {
    fail(
      undefined,
      `MCP server \`${id}\` has neither \`command\` nor \`url\``,
      `add \`command = "…"\` (a program ossa starts) or \`url = "http://…"\` (a server that runs already) under [${keyPath()}]`,
    );
  }
  const kind = entry.command !== undefined ? 'stdio' : 'http';
  const wrongKeys = kind === 'stdio' ? HTTP_KEYS : STDIO_KEYS;
  for (const key of wrongKeys) {
    if (entry[key] !== undefined) {
      fail(
        key,
        `\`${keyPath(key)}\` applies to ${kind === 'stdio' ? 'HTTP servers (`url`)' : 'stdio servers (`command`)'}, but \`${id}\` is a ${kind} server`,
        `remove \`${key}\`, or make the server ${kind === 'stdio' ? 'an HTTP one with `url`' : 'a stdio one with `command`'}`,
      );
    }
  }
  if (kind === 'http') checkUrl(entry.url!, () => locate(['mcp_servers', id, 'url']), keyPath('url'));

  const toolApproval: Record<string, McpApprovalMode> = {};
  for (const [tool, settings] of Object.entries(entry.tools ?? {})) {
    if (settings.approval_mode) toolApproval[tool] = settings.approval_mode;
  }
  const startupTimeoutMs =
    entry.startup_timeout_sec !== undefined
      ? Math.round(entry.startup_timeout_sec * 1000)
      : (entry.startup_timeout_ms ?? DEFAULT_MCP_STARTUP_TIMEOUT_MS);
  const origin = definitionOrigin(id, merged);
  return {
    id,
    transport:
      kind === 'stdio'
        ? {
            kind: 'stdio',
            command: entry.command!,
            args: entry.args ?? [],
            env: entry.env ?? {},
            envVars: entry.env_vars ?? [],
            ...(entry.cwd !== undefined ? { cwd: entry.cwd } : {}),
          }
        : {
            kind: 'http',
            url: entry.url!,
            httpHeaders: entry.http_headers ?? {},
            envHttpHeaders: entry.env_http_headers ?? {},
            ...(entry.bearer_token_env_var ? { bearerTokenEnvVar: entry.bearer_token_env_var } : {}),
          },
    enabled: entry.enabled ?? true,
    required: entry.required ?? false,
    startupTimeoutMs,
    toolTimeoutMs:
      entry.tool_timeout_sec !== undefined
        ? Math.round(entry.tool_timeout_sec * 1000)
        : DEFAULT_MCP_TOOL_TIMEOUT_MS,
    ...(entry.enabled_tools ? { enabledTools: entry.enabled_tools } : {}),
    disabledTools: entry.disabled_tools ?? [],
    defaultApproval: entry.default_tools_approval_mode ?? 'auto',
    toolApproval,
    ...origin,
  };
}

function checkUrl(url: string, where: () => ReturnType<Locate>, keyPath: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) return;
  throw new ConfigError({
    ...where(),
    keyPath,
    message: `\`${keyPath}\` must be an http:// or https:// URL, found ${JSON.stringify(url)}`,
    fix: 'write the full URL of the server\'s MCP endpoint, e.g. "http://127.0.0.1:3000/mcp"',
  });
}

/** Where the definition came from: the project file when any of its keys did. */
function definitionOrigin(
  id: string,
  merged: MergedConfig,
): Pick<McpServerConfig, 'definedIn' | 'definitionFile'> {
  const prefix = `${renderKeyPath(['mcp_servers', id])}.`;
  let file: string | undefined;
  for (const [key, setting] of merged.settings) {
    if (!key.startsWith(prefix)) continue;
    if (setting.origin === 'project') return { definedIn: 'project', definitionFile: setting.file ?? '' };
    file ??= setting.file;
  }
  return { definedIn: 'user', ...(file ? { definitionFile: file } : {}) };
}
