// The official MCP conformance suite's client scenarios (@modelcontextprotocol/conformance),
// run against ossa's own MCP client: the runner starts each scenario's test server and our client
// command (test/kit/mcp-conformance-client.ts, which drives the real built CLI), then judges what
// it saw. The runner's servers listen on every interface, so everything runs inside a network
// namespace of its own (bwrap --unshare-net: only loopback exists there).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { OSSA_BIN } from '../kit/run-cli.js';
import { tempDir } from '../kit/workspace.js';

const require = createRequire(import.meta.url);
const RUNNER = join(
  dirname(require.resolve('@modelcontextprotocol/conformance/package.json')),
  'dist/index.js',
);
const KIT = fileURLToPath(new URL('../kit/mcp-conformance-client.ts', import.meta.url));

/** The runner needs Node 22+ (fs.globSync) and a network namespace (bwrap, as root or with userns). */
function canRun(): boolean {
  if (Number(process.versions.node.split('.')[0]) < 22) return false;
  const probe = spawnSync('bwrap', ['--dev-bind', '/', '/', '--unshare-net', '--', 'true']);
  return probe.status === 0;
}
const runnable = canRun();

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
}

let client = '';
beforeAll(async () => {
  if (!runnable) return;
  client = join(tempDir('ossa-conformance-kit-'), 'client.mjs');
  await build({
    entryPoints: [KIT],
    outfile: client,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    logLevel: 'warning',
  });
});

/** Runs one client scenario and returns the runner's checks. */
function runScenario(scenario: string): { checks: Check[]; output: string } {
  const out = tempDir('ossa-conformance-results-');
  const result = spawnSync(
    'bwrap',
    [
      ...['--dev-bind', '/', '/', '--unshare-net', '--die-with-parent', '--'],
      process.execPath,
      RUNNER,
      'client',
      ...['--command', `${process.execPath} ${client}`, '--scenario', scenario, '-o', out],
      ...['--timeout', '40000'],
    ],
    { encoding: 'utf8', env: { ...process.env, OSSA_CONFORMANCE_BIN: OSSA_BIN }, timeout: 60_000 },
  );
  const output = `${result.stdout}\n${result.stderr}`;
  const dir = readdirSync(out).find((name) => name.startsWith(scenario.replaceAll('/', '-')));
  const file = dir ? join(out, dir, 'checks.json') : '';
  if (!file || !existsSync(file)) throw new Error(`no checks.json for ${scenario}:\n${output}`);
  return { checks: JSON.parse(readFileSync(file, 'utf8')) as Check[], output };
}

const failures = (checks: Check[]) =>
  checks.filter((check) => check.status === 'FAILURE').map((check) => `${check.id}: ${check.errorMessage}`);

describe.runIf(runnable)('MCP conformance: client scenarios against ossa', () => {
  it('initialize: protocol version and client info', () => {
    const { checks, output } = runScenario('initialize');
    expect(failures(checks), output).toEqual([]);
    expect(checks.find((check) => check.id === 'mcp-client-initialization')?.status).toBe('SUCCESS');
  }, 90_000);

  it('tools_call: the model’s call reaches the server with its arguments', () => {
    const { checks, output } = runScenario('tools_call');
    expect(failures(checks), output).toEqual([]);
    expect(checks.find((check) => check.id === 'tool-add-numbers')?.status).toBe('SUCCESS');
  }, 90_000);

  it('sse-retry: a tool call whose stream closes is resumed with GET after `retry`, with Last-Event-ID', () => {
    const { checks, output } = runScenario('sse-retry');
    expect(failures(checks), output).toEqual([]);
    for (const id of ['client-sse-graceful-reconnect', 'client-sse-retry-timing', 'client-sse-last-event-id'])
      expect(checks.find((check) => check.id === id)?.status, id).toBe('SUCCESS');
  }, 90_000);

  it('elicitation: not offered (docs/mcp.md) — a server that asks anyway is refused cleanly', () => {
    // ossa does not declare the elicitation capability; the runner's server asks regardless and
    // gets JSON-RPC "Method not found", which is what the spec says for an undeclared capability.
    const { checks, output } = runScenario('elicitation-sep1034-client-defaults');
    const general = checks.find((check) => check.id === 'client-elicitation-sep1034-general');
    expect(general?.errorMessage, output).toMatch(/Method not found/);
  }, 90_000);
});
