// Doctor's MCP line: the configured servers started as a session would, with the token cost of
// the tools each offers against the budget of the model's real window — and what fails. No line
// at all without MCP servers.
import type { ResolvedConfig } from '../../config/index.js';
import { type DoctorCheck, fail, pass, warn } from './check.js';

export async function mcpCheck(
  config: ResolvedConfig,
  env: NodeJS.ProcessEnv,
  contextWindow: number | undefined,
): Promise<DoctorCheck | undefined> {
  const servers = Object.values(config.mcpServers).filter((server) => server.enabled);
  if (servers.length === 0) return undefined;
  const { startedStatus } = await import('../mcp/commands.js');
  const status = await startedStatus(config, servers, env, contextWindow);
  const parts = status.servers.map((server) =>
    server.status === 'ready'
      ? `${server.id} ${server.offered.length}/${server.listed} tools, ${server.tokens} tokens`
      : `${server.id} ${server.status}`,
  );
  const window = contextWindow ? `${contextWindow}-token window` : 'assumed 32768-token window';
  const detail = `${parts.join('; ')} — ${status.usedTokens} of ${status.budgetTokens} budget tokens (10% of the ${window})`;
  const data = { ...status } as unknown as Record<string, unknown>;
  const broken = status.servers.filter((server) => server.status !== 'ready');
  const requiredBroken = broken.filter((server) => config.mcpServers[server.id]?.required);
  if (requiredBroken.length > 0) {
    return fail(
      'mcp',
      detail,
      requiredBroken.map((server) => `${server.id}: ${server.message ?? server.status}`).join('; '),
      data,
    );
  }
  const leftOut = status.servers.reduce((sum, server) => sum + server.leftOut.length, 0);
  if (broken.length > 0 || leftOut > 0) {
    const why = [
      ...broken.map((server) => `${server.id}: ${server.message ?? server.status}`),
      ...(leftOut > 0
        ? [`${leftOut} tools left out: name the ones you need in enabled_tools (see ossa mcp list)`]
        : []),
    ];
    return warn('mcp', detail, why.join('; '), data);
  }
  return pass('mcp', detail, data);
}
