// MCP tools across a compaction, end to end: the built CLI runs a long task on an 8K window
// against the scripted server, with a real MCP server (test/kit/mcp-fault-server.mjs with 150
// filler tools, far over the 10 % tool budget) spawned over stdio. After a summary replaced the
// older history, the tools are chosen again for what the handoff says: a summary about another
// topic brings that topic's tools in; a summary about the same topic keeps the tool list byte for
// byte (the server's prefix cache for instructions and tools survives).
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/protocol/events.js';
import { isSummaryRequest, longTaskFiles, longTaskTurns } from '../kit/long-task.js';
import { runOssa } from '../kit/run-cli.js';
import { type ScriptedModelServer, startScriptedModelServer } from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome } from '../kit/workspace.js';

const FAULT = fileURLToPath(new URL('../kit/mcp-fault-server.mjs', import.meta.url));
const STEPS = 30;

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function longTaskWithMcp(prompt: string, summary: string) {
  server = await startScriptedModelServer({
    turns: longTaskTurns(STEPS),
    window: { tokens: 8192, style: 'reject' },
    respond: (request) => (isSummaryRequest(request) ? { text: summary } : undefined),
  });
  const mcp = [
    '[mcp_servers.many]',
    `command = ${JSON.stringify(process.execPath)}`,
    `args = ${JSON.stringify([FAULT, '--tools', '150'])}`,
    '',
  ].join('\n');
  const home = mockHome(server.url, { wireApi: 'chat', contextWindow: 8192, extra: mcp });
  const result = await runOssa(['exec', '--json', '-s', 'danger-full-access', prompt], {
    cwd: gitWorkspace(longTaskFiles(STEPS)),
    env: { OSSA_HOME: home },
    timeoutMs: 120_000,
  });
  const events = result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AgentEvent);
  const calls = server.requests.filter((r) => r.wire !== undefined);
  const requests = calls.filter((r) => !isSummaryRequest(r));
  // Each main request's tool declarations exactly as sent, and how many summaries came before it.
  const summaries = calls.filter(isSummaryRequest).map((r) => calls.indexOf(r));
  const main = requests.map((request) => {
    const index = calls.indexOf(request);
    const tools = (request.body as { tools?: { function?: { name: string } }[] }).tools ?? [];
    const start = request.rawBody.indexOf('"tools":');
    return {
      afterSummaries: summaries.filter((s) => s < index).length,
      mcpNames: tools.map((tool) => tool.function?.name ?? '').filter((name) => name.startsWith('many__')),
      toolsText: request.rawBody.slice(
        start,
        request.rawBody.indexOf(']', request.rawBody.lastIndexOf('"name"')),
      ),
    };
  });
  return { result, events, main };
}

const topicOf = (names: string[], topic: string) => names.filter((name) => name.endsWith(`_${topic}`));

describe('MCP tools after a compaction', () => {
  it('are chosen again for the handoff: a summary about invoices brings the invoice tools in', async () => {
    const { result, events, main } = await longTaskWithMcp(
      'Read every part file in order.',
      '## Goal\nRead the part files.\n## Next step\nLook up the invoice records: invoice numbers, invoice totals, invoice ids.',
    );
    expect(result.code, result.stderr).toBe(0);
    const before = main.filter((m) => m.afterSummaries === 0);
    const after = main.filter((m) => m.afterSummaries > 0);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length, 'a summary happened').toBeGreaterThan(0);
    const first = before[0]!.mcpNames;
    const reselected = after[0]!.mcpNames;
    expect(first.length).toBeGreaterThan(0);
    expect(reselected).not.toEqual(first);
    expect(topicOf(reselected, 'invoice').length).toBeGreaterThan(topicOf(first, 'invoice').length);
    expect(topicOf(reselected, 'invoice').length).toBeGreaterThan(reselected.length / 2);
    // Two choices were published: the first turn's and the one after the summary.
    const choices = events.filter((e) => e.type === 'mcp-tools');
    expect(choices.length).toBeGreaterThanOrEqual(2);
    // Between compactions the new list stays the same bytes.
    for (const m of after.filter((m) => m.afterSummaries === after[0]!.afterSummaries)) {
      expect(m.toolsText).toBe(after[0]!.toolsText);
    }
  }, 180_000);

  it('keep the very same bytes when the handoff asks for the same tools', async () => {
    const { result, events, main } = await longTaskWithMcp(
      'Read every part file in order, then look up the weather record.',
      '## Goal\nRead the part files, then look up the weather record.\n## Next step\nRead the next part.',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(
      main.some((m) => m.afterSummaries > 0),
      'a summary happened',
    ).toBe(true);
    expect(topicOf(main[0]!.mcpNames, 'weather').length).toBeGreaterThan(main[0]!.mcpNames.length / 2);
    // The tools were chosen again after the summary, and came out the same.
    expect(events.filter((e) => e.type === 'mcp-tools').length).toBeGreaterThanOrEqual(2);
    for (const m of main) expect(m.toolsText).toBe(main[0]!.toolsText);
  }, 180_000);
});
