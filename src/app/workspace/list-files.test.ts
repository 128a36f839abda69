import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENTS_MD_TEMPLATE, createAgentsMd } from './agents-md.js';
import { listWorkspaceFiles } from './list-files.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ossa-files-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
  writeFileSync(join(dir, 'src', 'app.ts'), '');
  writeFileSync(join(dir, 'node_modules', 'x', 'index.js'), '');
  writeFileSync(join(dir, 'debug.log'), '');
  writeFileSync(join(dir, '.gitignore'), '*.log\n');
  return dir;
}

describe('listWorkspaceFiles', () => {
  it('lists what git knows, ignored files left out', async () => {
    const dir = tree();
    execFileSync('git', ['init', '-q'], { cwd: dir });
    expect((await listWorkspaceFiles(dir)).sort()).toEqual([
      '.gitignore',
      'node_modules/x/index.js',
      'src/app.ts',
    ]);
  });

  it('lists names with non-ASCII and special characters as they are, not git-quoted', async () => {
    const dir = tree();
    writeFileSync(join(dir, 'src', 'größe.ts'), '');
    writeFileSync(join(dir, 'src', 'tab\there "q".ts'), '');
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const files = await listWorkspaceFiles(dir);
    expect(files).toContain('src/größe.ts');
    expect(files).toContain('src/tab\there "q".ts');
  });

  it('walks the directory outside git, skipping dependency folders', async () => {
    expect(await listWorkspaceFiles(tree())).toEqual(['.gitignore', 'debug.log', 'src/app.ts']);
  });
});

describe('createAgentsMd', () => {
  it('writes the template once and never overwrites', async () => {
    const dir = tree();
    expect(await createAgentsMd(dir)).toContain('Created');
    expect(readFileSync(join(dir, 'AGENTS.md'), 'utf8')).toBe(AGENTS_MD_TEMPLATE);
    writeFileSync(join(dir, 'AGENTS.md'), 'mine\n');
    expect(await createAgentsMd(dir)).toContain('already exists');
    expect(readFileSync(join(dir, 'AGENTS.md'), 'utf8')).toBe('mine\n');
  });
});

describe('listWorkspaceFiles in a large repository', () => {
  it('lists every file git knows, past 20,000 (no cap hides the end of the list)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ossa-files-big-'));
    dirs.push(dir);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    // 30,000 index entries without 30,000 files on disk: one empty blob, many paths.
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: dir, input: '' })
      .toString()
      .trim();
    const entries = Array.from(
      { length: 30_000 },
      (_, i) => `100644 ${blob}\tpkg${Math.floor(i / 100)}/file-${i}.ts`,
    ).join('\n');
    execFileSync('git', ['update-index', '--index-info'], { cwd: dir, input: `${entries}\n` });
    const files = await listWorkspaceFiles(dir);
    expect(files).toHaveLength(30_000);
    expect(files).toContain('pkg299/file-29999.ts');
  });
});
