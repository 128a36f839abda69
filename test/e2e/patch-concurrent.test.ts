// Lost updates: 30 `ossa apply-patch` processes edit the same file at once. Every edit that was
// reported as applied must be in the file, and every other one must have failed saying the file
// changed since it was read — never "Success" for an edit that was then overwritten.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOssa } from '../kit/run-cli.js';
import { tempDir } from '../kit/workspace.js';

const WRITERS = 30;

let root: string;
beforeAll(() => {
  root = tempDir('ossa-patch-concurrent-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('concurrent apply_patch on one file', () => {
  it('reports Success only for edits that survive; the others fail with "changed since it was read"', async () => {
    const file = join(root, 'shared.txt');
    await writeFile(file, 'header\nfooter\n');
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        runOssa(['apply-patch'], {
          cwd: root,
          env: { OSSA_HOME: join(root, 'home') },
          input: `*** Begin Patch\n*** Update File: shared.txt\n@@\n header\n+edit ${i}\n*** End Patch\n`,
          timeoutMs: 60_000,
        }),
      ),
    );
    const text = await readFile(file, 'utf8');
    const reported = results.flatMap((result, i) => (result.code === 0 ? [i] : []));
    const survived = Array.from({ length: WRITERS }, (_, i) => i).filter((i) => text.includes(`edit ${i}\n`));
    expect(survived).toEqual(reported);
    for (const result of results) {
      if (result.code === 0) continue;
      // Either the file changed between this writer's read and its commit, or its context no
      // longer matched when it read the file.
      expect(result.stderr).toMatch(/changed since it was read|Failed to find expected lines/);
    }
    expect(reported.length).toBeGreaterThan(0);
  }, 90_000);
});
