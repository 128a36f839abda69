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
