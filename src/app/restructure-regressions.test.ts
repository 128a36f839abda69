// Defects the restructure fixed (issue: one owner for every fact), each named after the defect.
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeHttpServer } from '../../test/kit/fake-http-server.js';
import { sendJson, startFakeHttpServer } from '../../test/kit/fake-http-server.js';
import { startFakeLlamaCpp } from '../../test/kit/fake-llamacpp-server.js';
import { LmStudioClient } from '../servers/lmstudio.js';
import { sandboxPolicyFor } from './create-session.js';
import { type PrepareIo, prepareSession } from './prepare-session.js';
import { createTuiHost } from './tui-host.js';

const servers: FakeHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const quietIo: PrepareIo = { notices: { write: () => true }, interactive: false, assumeYes: false };

function workspace(configToml: string): { home: string; cwd: string; env: NodeJS.ProcessEnv } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'ossa-restructure-')));
  const home = join(root, 'home');
  const cwd = join(root, 'work');
  mkdirSync(home);
  mkdirSync(join(cwd, '.git'), { recursive: true });
  writeFileSync(join(home, 'config.toml'), configToml);
  return { home, cwd, env: { HOME: root, OSSA_HOME: home, PATH: process.env.PATH } };
}

describe('restructure regressions', () => {
  it('LM Studio long loads: a model load is bounded by its own 10-minute limit, not by the probe timeout or a hidden transport limit', async () => {
    // Before: management requests went through fetch, whose hidden 300 s header timeout cut
    // LM Studio's model load (up to 10 minutes for a big model). Now they share the model
    // client's node:http transport: only the timeout the caller asks for applies.
    const server = await startFakeHttpServer(async (request, response) => {
      if (request.path !== '/api/v1/models/load') return sendJson(response, 404, { error: 'no' });
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      sendJson(response, 200, { load_config: { context_length: 65536 }, load_time_seconds: 2.5 });
    });
    servers.push(server);
    // Probes of this client give up after 1 s; the load takes 2.5 s and still completes.
    const client = new LmStudioClient(server.root, { timeoutMs: 1_000 });
    await expect(client.load('big-model', { contextLength: 65536 })).resolves.toEqual({
      contextLength: 65536,
    });
    // The caller's limit is the one that applies, with an error that says so.
    await expect(client.load('big-model', { timeoutMs: 300 })).rejects.toThrow(/300 ms/);
  });

  it('double --add-dir: an added directory is a writable root once, not twice', async () => {
    const { cwd, env } = workspace('sandbox_mode = "workspace-write"\n');
    const extra = join(cwd, '..', 'extra');
    mkdirSync(extra);
    const target = await prepareSession({
      cwd,
      env: { ...env, OPENAI_API_KEY: 'sk-test' },
      flags: { config: ['model="m"'], addDir: [extra] },
      io: quietIo,
    });
    const roots = sandboxPolicyFor(target.config, env, true).writableRoots;
    expect(roots.filter((root) => root === extra)).toEqual([extra]);
  });

  it('the TUI prepares a local provider’s server like exec does, without --oss (window read once)', async () => {
    const server = await startFakeLlamaCpp({ model: 'tiny', contextLength: 8192 });
    servers.push(server);
    const config = [
      'model = "tiny"',
      'model_provider = "box"',
      '[model_providers.box]',
      'name = "box"',
      `base_url = "${server.root}/v1"`,
      'wire_api = "chat"',
      '',
    ].join('\n');
    const { cwd, env } = workspace(config);
    const flags = { config: [], addDir: [] };
    const first = await prepareSession({ cwd, env, flags, io: quietIo });
    expect(first.contextWindow).toMatchObject({ value: 8192, source: 'llama.cpp /props n_ctx' });
    expect(first.warnings.join('\n')).toContain('context window of tiny is 8192');

    const before = server.requests.length;
    const host = createTuiHost({ cwd, env, flags, first });
    const binding = await host.connect();
    // The first session uses the prepared target: no second config resolution, no second probe.
    expect(server.requests.length).toBe(before);
    expect(binding.info.contextWindow).toBe(8192);
    expect(binding.notices?.join('\n')).toContain('context window of tiny is 8192');

    // A /model switch goes through the same preparation (the window is read for the new target).
    const switched = await host.switchModel('tiny');
    expect(server.requests.slice(before).some((request) => request.path === '/props')).toBe(true);
    expect(switched.info.contextWindow).toBe(8192);
    host.close();
  });
});
