// MCP (issue 17): the first request's size with real MCP servers configured, against the tool
// budget (10 % of the window). Rows: no MCP server; `@modelcontextprotocol/server-everything`
// over stdio at a 32K and a 128K window; a server listing 150 tools at 32K (over budget: ossa
// chooses). Tokens are counted with gpt-tokenizer (o200k) on the request body; the MCP share is
// the tools whose names have `__`. Also the wall time of `ossa exec` with the server (start-up
// included), median of a few runs.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { countTokens } from 'gpt-tokenizer';
import { startScriptedModelServer } from '../../test/kit/scripted-model-server.js';
import { gitWorkspace, mockHome } from '../../test/kit/workspace.js';

export const title = 'MCP: first-request tokens with MCP servers configured, against the budget';

const BIN = resolve('bin/ossa.js');
const EVERYTHING = resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const FAULT = resolve('test/kit/mcp-fault-server.mjs');
const RUNS = 5;

function server(id: string, args: string[]): string {
  return `[mcp_servers.${id}]\ncommand = ${JSON.stringify(process.execPath)}\nargs = ${JSON.stringify(args)}\n`;
}

function exec(cwd: string, env: Record<string, string>, window: number): Promise<number> {
  return new Promise((done, reject) => {
    const start = performance.now();
    const child = spawn(
      process.execPath,
      [BIN, 'exec', '-c', `model_context_window=${window}`, 'look up the weather'],
      {
        cwd,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('close', (code) => (code === 0 ? done(performance.now() - start) : reject(new Error(stderr))));
  });
}

export async function run() {
  const model = await startScriptedModelServer({ turns: [] });
  const cases = [
    { label: 'no MCP server', servers: '', window: 32_768 },
    {
      label: 'server-everything (stdio), 32K window',
      servers: server('everything', [EVERYTHING, 'stdio']),
      window: 32_768,
    },
    {
      label: 'server-everything (stdio), 128K window',
      servers: server('everything', [EVERYTHING, 'stdio']),
      window: 131_072,
    },
    {
      label: '150-tool server, 32K window',
      servers: server('many', [FAULT, '--tools', '150']),
      window: 32_768,
    },
  ];
  const rows: string[][] = [];
  try {
    for (const entry of cases) {
      const home = mockHome(model.url, { extra: entry.servers });
      const work = gitWorkspace();
      const times: number[] = [];
      let body = '';
      for (let i = 0; i < RUNS; i++) {
        model.setTurns([{ text: 'done' }]);
        const before = model.requests.length;
        times.push(await exec(work, { OSSA_HOME: home }, entry.window));
        body = model.requests.slice(before).find((request) => request.wire)?.rawBody ?? '';
      }
      const parsed = JSON.parse(body) as { tools: { name: string }[] };
      const mcpTools = parsed.tools.filter((tool) => tool.name.includes('__'));
      const budget = Math.floor(entry.window * 0.1);
      times.sort((a, b) => a - b);
      rows.push([
        entry.label,
        String(countTokens(body)),
        String(mcpTools.length),
        String(countTokens(JSON.stringify(mcpTools))),
        entry.servers ? String(budget) : '–',
        `${Math.round(times[Math.floor(times.length / 2)]!)} ms`,
      ]);
    }
  } finally {
    await model.close();
  }
  return {
    columns: [
      'setup',
      'first request tokens',
      'MCP tools offered',
      'MCP tool tokens',
      'budget',
      'exec wall (median)',
    ],
    rows,
    notes: [
      'The MCP tool tokens must stay within the budget; the 150-tool server lists ~17,000 tokens of declarations as the server writes them (server-everything: 1,116 before slimming).',
    ],
  };
}
