// Context management and MCP as people meet them in the interactive UI: `/compact FOCUS`, the
// transcript line an automatic compaction leaves, and the `/mcp` panel with a real MCP server
// (server-everything over stdio). The built CLI in tmux, the scripted model server over HTTP.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { longTaskFiles, longTaskTurns, SUMMARY_PROMPT, summaryResponder } from '../kit/long-task.js';
import { type ScriptedModelServer, startScriptedModelServer } from '../kit/scripted-model-server.js';
import { hasTmux, killTmuxServer, Terminal, type Workspace, workspace } from '../kit/tmux-terminal.js';
import { writeFiles } from '../kit/workspace.js';

const EVERYTHING = fileURLToPath(
  new URL('../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url),
);

const terminals: Terminal[] = [];
const roots: string[] = [];
let server: ScriptedModelServer;

/** A workspace whose config.toml has this window and extra lines (the kit's default is 32000). */
function setup(window: number, extra = ''): Workspace {
  const ws = workspace(server);
  const config = join(ws.home, 'config.toml');
  const text = readFileSync(config, 'utf8').replace(
    /model_context_window = \d+/,
    `model_context_window = ${window}`,
  );
  writeFileSync(config, `${extra}\n${text}`);
  roots.push(join(ws.home, '..'));
  return ws;
}

function open(ws: Workspace): Terminal {
  const terminal = new Terminal([], { cwd: ws.cwd, env: ws.env, width: 120, height: 40 });
  terminals.push(terminal);
  return terminal;
}

const summaryRequests = () =>
  server.requests.filter((request) => JSON.stringify(request.body ?? '').includes(SUMMARY_PROMPT));

describe.skipIf(!hasTmux)('context management and MCP in the terminal UI', () => {
  beforeAll(async () => {
    server = await startScriptedModelServer({ respond: summaryResponder });
  });
  afterEach(() => {
    for (const terminal of terminals.splice(0)) terminal.kill();
  });
  afterAll(async () => {
    await server.close();
    killTmuxServer();
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('/compact FOCUS summarises the older conversation with the focus and says so in the transcript', async () => {
    const ws = setup(16_000, 'sandbox_mode = "danger-full-access"\napproval_policy = "never"');
    writeFiles(ws.cwd, longTaskFiles(6));
    server.setTurns([...longTaskTurns(6), { text: 'Carrying on after the summary.' }]);
    const t = open(ws);
    await t.waitFor('· session');
    t.type('read the parts');
    t.keys('Enter');
    await t.waitFor('Read all 6 parts.', 30_000);
    const before = summaryRequests().length;
    t.type('/compact keep the value_ lines in mind');
    t.keys('Enter');
    await t.waitFor(/context: summarised the older conversation[\s\S]*asked\s+with \/compact/, 30_000);
    const summaries = summaryRequests().slice(before);
    expect(summaries.length).toBeGreaterThan(0);
    expect(JSON.stringify(summaries.at(-1)!.body)).toContain('keep the value_ lines in mind');
    // The conversation goes on from the summary.
    t.type('go on');
    t.keys('Enter');
    await t.waitFor('Carrying on after the summary.', 30_000);
  }, 90_000);

  it('a long task on an 8K window compacts by itself, shows it in the transcript and finishes', async () => {
    const ws = setup(8192, 'sandbox_mode = "danger-full-access"\napproval_policy = "never"');
    writeFiles(ws.cwd, longTaskFiles(14));
    server.setTurns(longTaskTurns(14));
    const t = open(ws);
    await t.waitFor('· session');
    t.type('read every part');
    t.keys('Enter');
    await t.waitFor('Read all 14 parts.', 60_000);
    expect(t.screen()).toMatch(/context: (pruned old tool outputs|summarised the older conversation)/);
    expect(t.screen()).toContain('the conversation neared the context window');
  }, 90_000);

  it('/mcp shows a running server, its tools and their token cost', async () => {
    const ws = setup(
      32_000,
      `[mcp_servers.everything]\ncommand = ${JSON.stringify(process.execPath)}\nargs = ${JSON.stringify([EVERYTHING, 'stdio'])}\n`,
    );
    // [mcp_servers] must come after the top-level keys: move it to the end.
    const config = join(ws.home, 'config.toml');
    const [table, ...rest] = readFileSync(config, 'utf8').split('\n[model_providers');
    const [mcp, top] = table!.split('\nmodel = ');
    writeFileSync(config, `model = ${top}\n[model_providers${rest.join('\n[model_providers')}\n${mcp}\n`);
    server.setTurns([]);
    const t = open(ws);
    await t.waitFor('· session');
    // Servers start with the session, in the background: the panel is a snapshot, so ask again
    // until the server is up (it says `starting` before).
    let screen = '';
    for (let attempt = 0; attempt < 20 && !/everything: ready/.test(screen); attempt++) {
      t.type('/mcp');
      t.keys('Enter');
      screen = await t.waitFor(/everything: (starting|ready)/, 10_000, () => t.visible());
      if (!/everything: ready/.test(screen)) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(screen).toMatch(/everything: ready/);
    expect(screen).toMatch(/tokens/);
    expect(screen).toMatch(/\d+ tools?/);
  }, 90_000);
});
