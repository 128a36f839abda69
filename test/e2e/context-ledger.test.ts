// The compaction handoff lists the files the task modified however they were written: the built
// CLI runs a long task on an 8K window against the scripted server, where the model changes files
// with shell commands a command-line parser cannot follow (`sed -i`, `mv`, a redirection, `git
// checkout --`, a script that writes and then fails, `tee`), then reads part files until a summary
// replaces the older history. The request after the summary must name every changed file under
// "Files modified (tracked by ossa)", and no file that was only read.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  historyOf,
  isSummaryRequest,
  longTaskFiles,
  longTaskTurns,
  summaryResponder,
} from '../kit/long-task.js';
import { runOssa } from '../kit/run-cli.js';
import {
  type ScriptedModelServer,
  type ScriptedTurn,
  startScriptedModelServer,
} from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome } from '../kit/workspace.js';

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const shell = (...command: string[]): ScriptedTurn => ({
  toolCalls: [{ name: 'shell', arguments: { command } }],
});

const WRITES: ScriptedTurn[] = [
  shell('sed', '-i', 's/old/new/', 'src/config.ts'),
  shell('mv', 'src/legacy.ts', 'src/modern.ts'),
  shell('bash', '-lc', 'echo "generated" > src/generated.ts'),
  shell('bash', '-lc', 'echo scratch >> README.md && git checkout -- README.md'),
  shell('sh', 'tools/codegen.sh'),
  shell('bash', '-lc', 'mkdir -p docs && printf "x\\n" | tee docs/notes.md >/dev/null'),
];
const CHANGED = [
  'src/config.ts',
  'src/legacy.ts',
  'src/modern.ts',
  'src/generated.ts',
  'README.md',
  'src/codegen-out.ts',
  'docs/notes.md',
];

describe('the handoff after a compaction', () => {
  it('lists every file shell commands modified, from the workspace, and not the files only read', async () => {
    const steps = 26;
    server = await startScriptedModelServer({
      turns: [...WRITES, ...longTaskTurns(steps)],
      window: { tokens: 8192, style: 'reject' },
      respond: summaryResponder,
    });
    const home = mockHome(server.url, { wireApi: 'chat', contextWindow: 8192 });
    const work = gitWorkspace({
      ...longTaskFiles(steps),
      'src/config.ts': 'export const mode = "old";\n',
      'src/legacy.ts': 'export {};\n',
      'README.md': '# project\n',
      // Writes, then fails: what it changed still counts.
      'tools/codegen.sh': 'echo "export const x = 1;" > src/codegen-out.ts\nexit 3\n',
    });
    chmodSync(join(work, 'tools/codegen.sh'), 0o755);
    writeFileSync(join(work, 'README.md'), '# project (edited before the task)\n');
    const result = await runOssa(
      ['exec', '--json', '-s', 'danger-full-access', 'Tidy up, then read every part file.'],
      {
        cwd: work,
        env: { OSSA_HOME: home },
        timeoutMs: 120_000,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const calls = server.requests.filter((r) => r.wire !== undefined);
    const firstSummary = calls.findIndex(isSummaryRequest);
    expect(firstSummary, 'a summary happened').toBeGreaterThan(0);
    const after = calls.slice(firstSummary + 1).find((r) => !isSummaryRequest(r))!;
    const handoff = JSON.stringify(historyOf(after.body)[1] ?? '');
    const section = /## Files modified \(tracked by ossa\)((?:\\n- [^\\]+)+)/.exec(handoff)?.[1] ?? '';
    const listed = section.split('\\n- ').filter(Boolean);
    expect(listed.sort()).toEqual([...CHANGED].sort());
    // The part files were only read: they are in the files read, never in the files modified.
    expect(handoff).toContain('## Files read (tracked by ossa)');
    expect(listed.some((path) => path.startsWith('part-'))).toBe(false);
  }, 180_000);
});
