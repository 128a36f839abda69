// Repository files ossa reads itself (AGENTS.md and its fallbacks) are repository content: a
// symlink to /dev/zero or a FIFO must not hang ossa or eat its memory; they are skipped.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runOssa } from '../kit/run-cli.js';
import { type ScriptedModelServer, startScriptedModelServer } from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome, writeFiles } from '../kit/workspace.js';

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('AGENTS.md that is not a regular file', () => {
  it('skips a symlink to /dev/zero and a FIFO, and still reads the regular files', async () => {
    server = await startScriptedModelServer({ turns: [{ text: 'fine' }] });
    const home = mockHome(server.url, { extra: 'project_doc_fallback_filenames = ["TEAM.md"]' });
    const work = gitWorkspace();
    symlinkSync('/dev/zero', join(work, 'AGENTS.md'));
    mkdirSync(join(work, 'pkg'));
    execFileSync('mkfifo', [join(work, 'pkg', 'AGENTS.md')]);
    writeFiles(work, { 'pkg/TEAM.md': 'team rules here' });
    const started = performance.now();
    const result = await runOssa(['exec', 'hi'], {
      cwd: join(work, 'pkg'),
      env: { OSSA_HOME: home },
      timeoutMs: 15_000,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(performance.now() - started).toBeLessThan(10_000);
    const body = server.requests.find((request) => request.wire)!.rawBody;
    expect(body).toContain('team rules here');
    expect(body).not.toContain('\\u0000');
  }, 30_000);
});
