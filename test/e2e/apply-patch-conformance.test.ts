// Every Codex apply_patch conformance scenario through the built `ossa apply-patch`: the patch on
// stdin, a copy of `input/` as cwd; exit code, stdout and stderr as expectations.json says, and
// the final tree equal to `expected/` byte for byte. ossa plans before writing, so scenario 015
// (partial success upstream) must leave `input/` untouched (see the scenarios' README).
import { cp, mkdtemp, readdir, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runOssa } from '../kit/run-cli.js';
import {
  describeConformance,
  hasSharedConformance,
  SHARED_CONFORMANCE_DIR,
} from '../kit/shared-conformance.js';

const CONFORMANCE = join(SHARED_CONFORMANCE_DIR, 'apply_patch');
const SCENARIOS = join(CONFORMANCE, 'scenarios');

interface Expectation {
  exit: number;
  stdout?: string;
  stderr?: string;
}

const expectations = hasSharedConformance
  ? (JSON.parse(await readFile(join(CONFORMANCE, 'expectations.json'), 'utf8')) as {
      scenarios: Record<string, Expectation>;
    })
  : { scenarios: {} };
const names = hasSharedConformance
  ? (await readdir(SCENARIOS, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
  : [];

type Tree = Record<string, string | 'dir'>;

/** `{relative path → file bytes (base64) | 'dir'}`; a missing directory is an empty tree. */
async function snapshot(root: string, prefix = ''): Promise<Tree> {
  const tree: Tree = {};
  const entries = await readdir(join(root, prefix), { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      tree[path] = 'dir';
      Object.assign(tree, await snapshot(root, path));
    } else {
      tree[path] = (await readFile(join(root, path))).toString('base64');
    }
  }
  return tree;
}

const temporaryDirectories: string[] = [];
afterAll(async () => {
  await Promise.all(temporaryDirectories.map((dir) => rm(dir, { recursive: true, force: true })));
});

describeConformance('ossa apply-patch: Codex conformance scenarios', () => {
  it('covers all 23 scenarios with an expectation each', () => {
    expect(names).toHaveLength(23);
    for (const name of names) expect(expectations.scenarios[name], name).toBeDefined();
  });

  it.each(names)('%s', async (name) => {
    const scenario = join(SCENARIOS, name);
    const expectation = expectations.scenarios[name]!;
    const cwd = await mkdtemp(join(tmpdir(), 'ossa-apply-patch-'));
    temporaryDirectories.push(cwd);
    await cp(join(scenario, 'input'), cwd, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    // Read without trimming: some scenarios pad the marker lines with whitespace.
    const patch = await readFile(join(scenario, 'patch.txt'), 'utf8');

    const result = await runOssa(['apply-patch'], { cwd, input: patch });

    const realCwd = await realpath(cwd);
    const absolute = (text: string) =>
      text.replace(/\{abs:([^}]*)\}/g, (_, path: string) => join(realCwd, path));
    expect(result.stderr).toBe(absolute(expectation.stderr ?? ''));
    expect(result.stdout).toBe(expectation.stdout ?? '');
    expect(result.code).toBe(expectation.exit);
    // ossa is transactional: 015's failing patch leaves its input (an empty tree) as it was.
    const expectedTree = name.startsWith('015_') ? 'input' : 'expected';
    expect(await snapshot(cwd)).toEqual(await snapshot(join(scenario, expectedTree)));
  });
});
