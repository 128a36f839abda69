// `ossa mcp add` and `ossa mcp remove`: edits of the user's config.toml by line ranges, so every
// other line, comment and blank stays as it was. Each result is verified by re-parsing: the
// server table is there (or gone) and nothing else changed. Pure: text in, text out.
import { isDeepStrictEqual } from 'node:util';
import { stringify } from 'smol-toml';
import { ConfigError } from './errors.js';
import { renderKeyPath } from './key-path.js';
import { isTable } from './layer.js';
import { parseTomlText, type Table } from './parse-toml.js';
import { tableBlocks } from './toml-blocks.js';
import { scanTomlStatements } from './toml-statements.js';

/** The text with `[mcp_servers.<id>]` appended. Throws when a server of that id exists. */
export function addMcpServerText(text: string, file: string, id: string, definition: Table): string {
  const parsed = parseTomlText(text, file);
  const servers = isTable(parsed.mcp_servers) ? parsed.mcp_servers : {};
  if (id in servers) {
    throw new ConfigError({
      file,
      keyPath: renderKeyPath(['mcp_servers', id]),
      message: `an MCP server named \`${id}\` is already defined`,
      fix: `run \`ossa mcp remove ${id}\` first, or choose another name`,
    });
  }
  const block = stringify({ mcp_servers: { [id]: definition } }).trim();
  const base = text.replace(/\s*$/, '');
  const next = `${base}${base === '' ? '' : '\n\n'}${block}\n`;
  const check = parseTomlText(next, file);
  const expected = { ...parsed, mcp_servers: { ...servers, [id]: definition } };
  if (!isDeepStrictEqual(stripUndefined(check), stripUndefined(expected))) {
    throw new ConfigError({
      file,
      message: `cannot add \`mcp_servers.${id}\` to this file without changing other settings`,
      fix: `add the [mcp_servers.${id}] table by hand`,
    });
  }
  return next;
}

/** The text without `mcp_servers.<id>` (and its sub-tables). Throws when it is not there. */
export function removeMcpServerText(text: string, file: string, id: string): string {
  const parsed = parseTomlText(text, file);
  const servers = isTable(parsed.mcp_servers) ? parsed.mcp_servers : {};
  const keyPath = renderKeyPath(['mcp_servers', id]);
  if (!(id in servers)) {
    const known = Object.keys(servers);
    throw new ConfigError({
      file,
      keyPath,
      message: `no MCP server named \`${id}\` in this file`,
      fix:
        known.length > 0 ? `the servers defined here are: ${known.join(', ')}` : 'there are none to remove',
    });
  }
  const statements = scanTomlStatements(text);
  const lines = text.split('\n');
  const ours = (path: readonly string[]) => path[0] === 'mcp_servers' && path[1] === id;
  const drop = new Set<number>();
  if (statements) {
    for (const block of tableBlocks(lines, statements)) {
      if (!ours(block.header.path)) continue;
      for (let line = block.start; line <= block.end; line++) drop.add(line);
    }
  }
  const next = lines
    .filter((_, index) => !drop.has(index))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
  const check = statements ? parseTomlText(next, file) : undefined;
  const { [id]: _removed, ...rest } = servers;
  const expected: Table = { ...parsed, mcp_servers: rest };
  if (Object.keys(rest).length === 0 && !hasOwnHeader(text)) delete expected.mcp_servers;
  if (!check || !isDeepStrictEqual(stripEmptyServers(check), stripEmptyServers(expected))) {
    throw new ConfigError({
      file,
      keyPath,
      message: `cannot remove \`${keyPath}\` from this file line by line (it is written as dotted keys or inline)`,
      fix: `delete the \`${keyPath}\` settings by hand`,
    });
  }
  return next;
}

function hasOwnHeader(text: string): boolean {
  return /^\s*\[mcp_servers\]\s*(#.*)?$/m.test(text);
}

function stripEmptyServers(table: Table): Table {
  const copy = { ...table };
  if (isTable(copy.mcp_servers) && Object.keys(copy.mcp_servers).length === 0) delete copy.mcp_servers;
  return copy;
}

function stripUndefined(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
