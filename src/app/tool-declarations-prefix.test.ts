// The tools a session declares sit near the start of what a server caches (chat templates put
// them in the system part): they must not change with anything a run may change — the approval
// policy, the sandbox, whether a human is watching — or resuming a session with other flags, a
// switch of approvals in the TUI, or an `exec resume` of a TUI session makes the server prefill
// the whole history again. Sessions made under each policy send byte-identical tool declarations.
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ScriptedModelServer, startScriptedModelServer } from '../../test/kit/scripted-model-server.js';
import type { ApprovalPolicy, SandboxMode } from '../protocol/sandbox-policy.js';
import { createSession } from './create-session.js';
import { type PrepareIo, prepareSession } from './prepare-session.js';

const quietIo: PrepareIo = { notices: { write: () => true }, interactive: false, assumeYes: false };
let server: ScriptedModelServer | undefined;
afterAll(async () => server?.close());

async function declaredTools(
  askForApproval: ApprovalPolicy,
  sandbox: SandboxMode,
  nonInteractive: boolean,
): Promise<string> {
  server ??= await startScriptedModelServer();
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'ossa-tool-prefix-')));
  const home = join(root, 'home');
  const cwd = join(root, 'work');
  mkdirSync(home);
  mkdirSync(join(cwd, '.git'), { recursive: true });
  writeFileSync(
    join(home, 'config.toml'),
    [
      'model = "scripted-model"',
      'model_provider = "box"',
      'model_context_window = 32768',
      '[model_providers.box]',
      'name = "box"',
      `base_url = "${server.url}"`,
      'wire_api = "chat"',
      '',
    ].join('\n'),
  );
  const env = { HOME: root, OSSA_HOME: home, PATH: process.env.PATH };
  const flags = { config: [], addDir: [], askForApproval, sandbox };
  const target = await prepareSession({ cwd, env, flags, io: quietIo });
  const session = createSession({ target, env, nonInteractive, ephemeral: true });
  server.setTurns([{ text: 'ok' }]);
  const before = server.requests.length;
  await session.runTurn('hi');
  const posts = server.requests.slice(before).filter((request) => request.method === 'POST');
  expect(posts).toHaveLength(1);
  return JSON.stringify((posts[0]!.body as { tools?: unknown }).tools);
}

describe('tool declarations across runs of one session', () => {
  it('are the same under every approval policy and sandbox, with or without a human', async () => {
    const reference = await declaredTools('never', 'workspace-write', true);
    expect(reference).toContain('"shell"');
    for (const [approval, sandbox, nonInteractive] of [
      ['on-request', 'workspace-write', false],
      ['on-request', 'read-only', true],
      ['untrusted', 'workspace-write', false],
      ['on-failure', 'danger-full-access', false],
    ] as const) {
      expect(await declaredTools(approval, sandbox, nonInteractive), `${approval} ${sandbox}`).toBe(
        reference,
      );
    }
  });
});
