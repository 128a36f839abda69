// The workspace watch on real directories: real git repositories and real commands that write in
// every way a command-line parser would miss.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CHANGED_PER_CALL, WorkspaceWatch } from './workspace-changes.js';

function dir(files: Record<string, string>, git: boolean): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'ossa-watch-')));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  if (git) {
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['add', '-A'], { cwd: root });
    execFileSync(
      'git',
      ['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'init', '--allow-empty'],
      {
        cwd: root,
      },
    );
  }
  return root;
}

const sh = (cwd: string, script: string) => execFileSync('sh', ['-c', script], { cwd, stdio: 'pipe' });

/** What the watch reports for `script` run in `cwd`. */
async function changedBy(watch: WorkspaceWatch, cwd: string, script: string): Promise<string[]> {
  const before = await watch.before();
  sh(cwd, script);
  return watch.changedSince(before);
}

const FILES = {
  'src/a.ts': 'export const a = 1;\n',
  'src/b.ts': 'export const b = 2;\n',
  'README.md': '# readme\n',
  'tools/gen.sh': 'printf "generated\\n" > src/generated.ts\n',
  '.gitignore': 'out/\n',
};

describe.each([
  ['a git repository', true],
  ['a plain directory', false],
] as const)('the workspace watch in %s', (_name, git) => {
  it('sees sed -i, mv, a redirection, rm and a script that writes — and nothing when nothing changed', async () => {
    const root = dir(FILES, git);
    const watch = new WorkspaceWatch(root);
    expect(await changedBy(watch, root, 'sed -i s/1/42/ src/a.ts')).toEqual(['src/a.ts']);
    expect(await changedBy(watch, root, 'mv src/b.ts src/c.ts')).toEqual(['src/b.ts', 'src/c.ts']);
    expect(await changedBy(watch, root, 'echo hi > notes.txt')).toEqual(['notes.txt']);
    expect(await changedBy(watch, root, 'rm README.md')).toEqual(['README.md']);
    expect(await changedBy(watch, root, 'sh tools/gen.sh')).toEqual(['src/generated.ts']);
    expect(await changedBy(watch, root, 'cat src/a.ts; ls -R >/dev/null')).toEqual([]);
  });

  it("the next call of a turn starts from the last one's snapshot; what changed between turns is not the next call's", async () => {
    const root = dir(FILES, git);
    const watch = new WorkspaceWatch(root);
    expect(await changedBy(watch, root, 'echo 1 > one.txt')).toEqual(['one.txt']);
    expect(await changedBy(watch, root, 'echo 2 > two.txt')).toEqual(['two.txt']);
    // A new turn; the user edits a file before the model's next call.
    watch.forget();
    sh(root, 'echo edited >> src/a.ts');
    expect(await changedBy(watch, root, 'echo 3 > three.txt')).toEqual(['three.txt']);
  });

  it('names files with spaces, quotes and non-ASCII letters exactly', async () => {
    const root = dir(FILES, git);
    const watch = new WorkspaceWatch(root);
    const changed = await changedBy(watch, root, `echo x > 'with space.txt' && echo y > 'ü "q".md'`);
    expect(changed).toEqual(['with space.txt', 'ü "q".md']);
  });

  it('sees a file that was already changed change again, and paths from a subdirectory', async () => {
    const root = dir(FILES, git);
    sh(root, 'echo one >> src/a.ts');
    const watch = new WorkspaceWatch(join(root, 'src'));
    // Same size, new content: the signature includes ctime, so even this is seen.
    expect(await changedBy(watch, root, 'sed -i s/one/two/ src/a.ts')).toEqual(['a.ts']);
    // Outside the workspace: seen within the same repository, not by a walk of the workspace.
    expect(await changedBy(watch, root, 'echo x > README.md')).toEqual(git ? ['../README.md'] : []);
  });
});

describe('the workspace watch with git', () => {
  it('sees git checkout -- f restore a changed file, and leaves ignored output out', async () => {
    const root = dir(FILES, true);
    sh(root, 'echo changed >> src/a.ts');
    const watch = new WorkspaceWatch(root);
    expect(await changedBy(watch, root, 'git checkout -- src/a.ts')).toEqual(['src/a.ts']);
    expect(await changedBy(watch, root, 'mkdir -p out && echo x > out/bundle.js')).toEqual([]);
  });

  it('runs no program the repository configures (fsmonitor, filters)', async () => {
    const root = dir(FILES, true);
    const mark = join(root, 'ran');
    execFileSync('git', ['config', 'core.fsmonitor', `touch ${mark}-fsmonitor; false`], { cwd: root });
    execFileSync('git', ['config', 'filter.evil.clean', `touch ${mark}-filter; cat`], { cwd: root });
    writeFileSync(join(root, '.gitattributes'), '* filter=evil\n');
    const watch = new WorkspaceWatch(root);
    expect(await changedBy(watch, root, 'sed -i s/1/2/ src/a.ts')).toContain('src/a.ts');
    expect(existsSync(`${mark}-fsmonitor`)).toBe(false);
    expect(existsSync(`${mark}-filter`)).toBe(false);
  });

  it('reports at most a bounded number of paths per call', async () => {
    const root = dir(FILES, true);
    const watch = new WorkspaceWatch(root);
    const changed = await changedBy(watch, root, 'for i in $(seq 1 100); do echo $i > f$i.txt; done');
    expect(changed).toHaveLength(MAX_CHANGED_PER_CALL);
  });
});

describe('a workspace too large to watch', () => {
  it('a snapshot slower than the limit is used once, then the workspace is no longer watched', async () => {
    const root = dir(FILES, true);
    const watch = new WorkspaceWatch(root, {
      maxPaths: 1000,
      maxWalkFiles: 1000,
      timeoutMs: 3000,
      slowMs: 0,
    });
    expect(await changedBy(watch, root, 'echo y > f1.txt')).toEqual([]);
    expect(await watch.before()).toBeUndefined();
  });

  it.each([
    ['git', true],
    ['plain', false],
  ] as const)('(%s) is not watched: nothing is claimed, and no more snapshots are taken', async (_n, git) => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`f${i}.txt`] = 'x';
    const root = dir(git ? {} : files, git);
    if (git) for (let i = 0; i < 60; i++) writeFileSync(join(root, `u${i}.txt`), 'x'); // untracked
    const watch = new WorkspaceWatch(root, { maxPaths: 50, maxWalkFiles: 50, timeoutMs: 3000, slowMs: 5000 });
    expect(await watch.before()).toBeUndefined();
    expect(await changedBy(watch, root, 'echo y > f1.txt')).toEqual([]);
  });
});
