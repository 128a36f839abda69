// The client command the official MCP conformance runner (@modelcontextprotocol/conformance)
// starts for each client scenario: `node mcp-conformance-client.mjs <server-url>`, with the
// scenario's name in MCP_CONFORMANCE_SCENARIO. It runs the real ossa CLI (OSSA_CONFORMANCE_BIN)
// against that server — `ossa mcp list --json` to connect and list, or `ossa exec` with a scripted
// model that calls the scenario's tool — so the runner's checks judge ossa's own MCP client.
// Bundled with esbuild by test/e2e/mcp-conformance.test.ts (it imports the scripted server).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startScriptedModelServer } from './scripted-model-server.js';

/** The tool call the scripted model makes in each scenario that needs one. */
const CALLS: Record<string, { name: string; arguments: Record<string, unknown> }> = {
  tools_call: { name: 'conformance__add_numbers', arguments: { a: 2, b: 3 } },
  'sse-retry': { name: 'conformance__test_reconnection', arguments: {} },
  'elicitation-sep1034-client-defaults': {
    name: 'conformance__test_client_elicitation_defaults',
    arguments: {},
  },
};

async function main(): Promise<number> {
  const url = process.argv.at(-1)!;
  const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? 'initialize';
  const bin = process.env.OSSA_CONFORMANCE_BIN!;
  const home = mkdtempSync(join(tmpdir(), 'ossa-conformance-home-'));
  const work = mkdtempSync(join(tmpdir(), 'ossa-conformance-work-'));
  const call = CALLS[scenario];
  const server = await startScriptedModelServer({
    turns: call ? [{ toolCalls: [call] }, { text: 'done' }] : [],
  });
  try {
    writeFileSync(
      join(home, 'config.toml'),
      [
        'model = "scripted-model"',
        'model_provider = "mock"',
        'model_context_window = 131072',
        '[model_providers.mock]',
        'name = "Mock"',
        `base_url = "${server.url}"`,
        '[mcp_servers.conformance]',
        `url = "${url}"`,
        'default_tools_approval_mode = "approve"',
        '',
      ].join('\n'),
    );
    const args = call
      ? ['exec', '--skip-git-repo-check', '--json', 'use the tool']
      : ['mcp', 'list', '--json'];
    // Asynchronously: the scripted model server lives in this process's event loop.
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: work,
      env: { ...process.env, OSSA_HOME: home },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    return code ?? 1;
  } finally {
    await server.close();
  }
}

process.exitCode = await main();
