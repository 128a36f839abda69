// `ossa mcp list|get|add|remove|approve` (Codex's shape, plus `approve` for servers a project
// defines): argv in, text or JSON out. The use cases live in app/mcp/commands.ts.
import { UsageError } from '../errors.js';
import type { CommandContext, CommandHandler } from './command-context.js';
import { printWarnings } from './print-warnings.js';

const input = (ctx: CommandContext) => ({ cwd: ctx.cwd, env: ctx.env, flags: ctx.flags });

export const runMcpList: CommandHandler = async (ctx) => {
  const { listMcpServers } = await import('../app/mcp/commands.js');
  const listing = await listMcpServers(input(ctx), { connect: ctx.options.connect !== false });
  if (ctx.options.json) {
    ctx.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
    return 0;
  }
  printWarnings(listing.warnings, ctx.stderr);
  await writeListing(ctx, listing, ctx.options.verbose === true);
  return 0;
};

export const runMcpGet: CommandHandler = async (ctx) => {
  const id = ctx.args[0];
  if (!id) throw new UsageError('Usage: ossa mcp get NAME [--json]');
  const { listMcpServers } = await import('../app/mcp/commands.js');
  const listing = await listMcpServers(input(ctx), { connect: ctx.options.connect !== false, only: id });
  if (ctx.options.json) {
    ctx.stdout.write(`${JSON.stringify({ ...listing.servers[0], status: listing.status }, null, 2)}\n`);
    return 0;
  }
  await writeListing(ctx, listing, true);
  return 0;
};

export const runMcpAdd: CommandHandler = async (ctx) => {
  const [id, ...command] = ctx.args;
  if (!id)
    throw new UsageError(
      'Usage: ossa mcp add NAME [--env KEY=VALUE]… -- COMMAND [ARGS…]  |  ossa mcp add NAME --url URL',
    );
  const { addMcpServer } = await import('../app/mcp/commands.js');
  const file = addMcpServer({
    env: ctx.env,
    id,
    command,
    ...(typeof ctx.options.url === 'string' ? { url: ctx.options.url } : {}),
    envPairs: (ctx.options.env as string[] | undefined) ?? [],
    ...(typeof ctx.options.bearerTokenEnvVar === 'string'
      ? { bearerTokenEnvVar: ctx.options.bearerTokenEnvVar }
      : {}),
  });
  ctx.stdout.write(`Added MCP server \`${id}\` to ${file}.\n`);
  return 0;
};

export const runMcpRemove: CommandHandler = async (ctx) => {
  const id = ctx.args[0];
  if (!id) throw new UsageError('Usage: ossa mcp remove NAME');
  const { removeMcpServer } = await import('../app/mcp/commands.js');
  const file = removeMcpServer(ctx.env, id);
  ctx.stdout.write(`Removed MCP server \`${id}\` from ${file}.\n`);
  return 0;
};

export const runMcpApprove: CommandHandler = async (ctx) => {
  const id = ctx.args[0];
  if (!id) throw new UsageError('Usage: ossa mcp approve NAME');
  const { approveMcpServer } = await import('../app/mcp/commands.js');
  ctx.stdout.write(`${await approveMcpServer(input(ctx), id)}\n`);
  return 0;
};

async function writeListing(
  ctx: CommandContext,
  listing: Awaited<ReturnType<typeof import('../app/mcp/commands.js').listMcpServers>>,
  verbose: boolean,
): Promise<void> {
  const out = (line: string) => ctx.stdout.write(`${line}\n`);
  if (listing.servers.length === 0) {
    out('No MCP servers are configured. Add one with `ossa mcp add NAME -- COMMAND [ARGS…]` or `--url URL`.');
    return;
  }
  for (const server of listing.servers) {
    const what =
      server.transport.kind === 'stdio'
        ? [server.transport.command, ...server.transport.args].join(' ')
        : server.transport.url;
    const flags = [
      server.enabled ? undefined : 'disabled',
      server.required ? 'required' : undefined,
      server.definedIn === 'project' ? `from ${server.definitionFile}` : undefined,
      server.needsApproval ? `needs approval: ossa mcp approve ${server.id}` : undefined,
    ].filter(Boolean);
    out(
      `${server.id}  ${server.transport.kind}  ${what}${flags.length > 0 ? `  (${flags.join(', ')})` : ''}`,
    );
  }
  if (listing.status) {
    const { renderMcpStatus } = await import('../app/mcp/render.js');
    out('');
    out(renderMcpStatus(listing.status, { verbose }));
    if (listing.contextWindow.assumed) {
      out(
        `(budget: 10% of an assumed ${listing.contextWindow.value}-token window; a session uses the model's real one — see \`ossa doctor\`)`,
      );
    }
  }
}
