// `ossa mcp list|get|add|remove|approve`: the MCP servers of the effective configuration, with
// what they cost the model once started (`list` and `get` start them, like a session would, and
// stop them again); additions and removals edit the user's config.toml; `approve` records the
// user's yes for a server a project file defines.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GlobalFlags } from '../../config/flags.js';
import { ossaHome, resolveConfig } from '../../config/index.js';
import { addMcpServerText, removeMcpServerText } from '../../config/mcp-edit.js';
import type { Table } from '../../config/parse-toml.js';
import type { McpServerConfig, ResolvedConfig } from '../../config/types.js';
import { UsageError } from '../../errors.js';
import { approvableDefinition, mayRun } from '../../mcp/start.js';
import { type McpStatus, mcpStatus } from '../../mcp/status.js';
import { approveDefinition } from '../../store/mcp-approvals.js';

export interface McpCommandInput {
  cwd: string;
  env: NodeJS.ProcessEnv;
  flags: GlobalFlags;
}

export interface McpServerListing {
  id: string;
  enabled: boolean;
  required: boolean;
  transport: McpServerConfig['transport'];
  definedIn: McpServerConfig['definedIn'];
  definitionFile?: string;
  startupTimeoutMs: number;
  toolTimeoutMs: number;
  /** A project definition the user has not approved (it does not run). */
  needsApproval: boolean;
}

export interface McpListing {
  servers: McpServerListing[];
  /** State, tools and token cost once started; absent with no enabled server. */
  status?: McpStatus;
  /** The window the budget is derived from; `assumed` when the config does not set one. */
  contextWindow: { value: number; assumed: boolean };
  warnings: string[];
}

/** Secrets in a definition shown as `***` (env values, static headers). */
function redacted(transport: McpServerConfig['transport']): McpServerConfig['transport'] {
  if (transport.kind === 'stdio') {
    return { ...transport, env: Object.fromEntries(Object.keys(transport.env).map((key) => [key, '***'])) };
  }
  return {
    ...transport,
    httpHeaders: Object.fromEntries(Object.keys(transport.httpHeaders).map((key) => [key, '***'])),
  };
}

export async function listMcpServers(
  input: McpCommandInput,
  options: { connect: boolean; only?: string },
): Promise<McpListing> {
  const config = await resolveConfig({ cwd: input.cwd, env: input.env, flags: input.flags });
  let servers = Object.values(config.mcpServers);
  if (options.only !== undefined) servers = [serverOf(config, options.only)];
  const listing: McpListing = {
    servers: servers.map((server) => ({
      id: server.id,
      enabled: server.enabled,
      required: server.required,
      transport: redacted(server.transport),
      definedIn: server.definedIn,
      ...(server.definitionFile ? { definitionFile: server.definitionFile } : {}),
      startupTimeoutMs: server.startupTimeoutMs,
      toolTimeoutMs: server.toolTimeoutMs,
      needsApproval: !mayRun(config.home, server).ok,
    })),
    contextWindow: { value: config.contextWindow ?? 32_768, assumed: config.contextWindow === undefined },
    warnings: config.warnings,
  };
  const enabled = servers.filter((server) => server.enabled);
  if (!options.connect || enabled.length === 0) return listing;
  listing.status = await startedStatus(config, enabled, input.env, config.contextWindow);
  return listing;
}

/** Starts `servers` as a session would, reads their state and tool choice, and stops them. */
export async function startedStatus(
  config: ResolvedConfig,
  servers: readonly McpServerConfig[],
  env: NodeJS.ProcessEnv,
  contextWindow: number | undefined,
): Promise<McpStatus> {
  const [{ McpServerPool }, { McpToolSource }, { schemaBudget }] = await Promise.all([
    import('../../mcp/server-pool.js'),
    import('../../mcp/mcp-tool-source.js'),
    import('../../mcp/select-tools.js'),
  ]);
  const pool = new McpServerPool(servers, {
    env,
    workspace: config.cwd,
    logDir: path.join(config.home, 'log', 'mcp'),
    mayRun: (server) => mayRun(config.home, server),
  });
  const source = new McpToolSource(pool, schemaBudget(contextWindow));
  try {
    await pool.ready();
    return mcpStatus(source);
  } finally {
    await source.close();
  }
}

function serverOf(config: ResolvedConfig, id: string): McpServerConfig {
  const server = config.mcpServers[id];
  if (server) return server;
  const known = Object.keys(config.mcpServers);
  throw new UsageError(
    `No MCP server named \`${id}\`.${known.length > 0 ? ` Configured: ${known.join(', ')}.` : ' None is configured; add one with `ossa mcp add`.'}`,
  );
}

export interface AddInput {
  env: NodeJS.ProcessEnv;
  id: string;
  command?: string[];
  url?: string;
  /** `KEY=VALUE` pairs for a stdio server. */
  envPairs: string[];
  bearerTokenEnvVar?: string;
}

const SERVER_ID = /^[A-Za-z0-9_-]+$/;

/** Adds `[mcp_servers.<id>]` to the user's config.toml; returns the file. */
export function addMcpServer(input: AddInput): string {
  if (!SERVER_ID.test(input.id)) {
    throw new UsageError(
      `MCP server names may have letters, digits, _ and - only; got ${JSON.stringify(input.id)}.`,
    );
  }
  const command = input.command ?? [];
  if (command.length > 0 === (input.url !== undefined)) {
    throw new UsageError('Give either a command (after --) or --url, not both and not neither.');
  }
  const definition: Table = {};
  if (input.url !== undefined) {
    if (input.envPairs.length > 0)
      throw new UsageError('--env applies to stdio servers (a command), not --url.');
    definition.url = input.url;
    if (input.bearerTokenEnvVar) definition.bearer_token_env_var = input.bearerTokenEnvVar;
  } else {
    if (input.bearerTokenEnvVar) throw new UsageError('--bearer-token-env-var applies to --url servers.');
    definition.command = command[0]!;
    if (command.length > 1) definition.args = command.slice(1);
    if (input.envPairs.length > 0) definition.env = Object.fromEntries(input.envPairs.map(parsePair));
  }
  const file = path.join(ossaHome(input.env), 'config.toml');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  writeAtomically(file, addMcpServerText(text, file, input.id, definition));
  return file;
}

function parsePair(pair: string): [string, string] {
  const index = pair.indexOf('=');
  if (index <= 0) throw new UsageError(`--env takes KEY=VALUE; got ${JSON.stringify(pair)}.`);
  return [pair.slice(0, index), pair.slice(index + 1)];
}

/** Removes `[mcp_servers.<id>]` from the user's config.toml; returns the file. */
export function removeMcpServer(env: NodeJS.ProcessEnv, id: string): string {
  const file = path.join(ossaHome(env), 'config.toml');
  if (!existsSync(file)) throw new UsageError(`No MCP server named \`${id}\`: ${file} does not exist.`);
  writeAtomically(file, removeMcpServerText(readFileSync(file, 'utf8'), file, id));
  return file;
}

/** Records the user's approval of a project-defined server's current definition. */
export async function approveMcpServer(input: McpCommandInput, id: string): Promise<string> {
  const config = await resolveConfig({ cwd: input.cwd, env: input.env, flags: input.flags });
  const server = serverOf(config, id);
  if (server.definedIn !== 'project' || !server.definitionFile) {
    return `\`${id}\` is defined in your own config; it needs no approval.`;
  }
  approveDefinition(config.home, server.definitionFile, id, approvableDefinition(server));
  return `Approved \`${id}\` as defined in ${server.definitionFile}. It runs from the next session on; a changed definition asks again.`;
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, file);
}
