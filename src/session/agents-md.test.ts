import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverAgentsMd } from './agents-md.js';
import { buildInstructions } from './instructions.js';

function tree(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'ossa-agents-')));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('discoverAgentsMd', () => {
  it('reads the global file, then one file per directory from the project root down to the cwd', () => {
    const root = tree({
      'home/AGENTS.md': 'global rules',
      'repo/AGENTS.md': 'repo rules',
      'repo/pkg/AGENTS.override.md': 'override wins',
      'repo/pkg/AGENTS.md': 'shadowed',
      'repo/pkg/app/TEAM.md': 'fallback file',
      'AGENTS.md': 'above the root: never read',
    });
    const files = discoverAgentsMd({
      home: join(root, 'home'),
      cwd: join(root, 'repo/pkg/app'),
      projectRoot: join(root, 'repo'),
      maxBytes: 32 * 1024,
      fallbackFilenames: ['TEAM.md'],
    });
    expect(files.map((f) => f.text)).toEqual([
      'global rules',
      'repo rules',
      'override wins',
      'fallback file',
    ]);
  });

  it('truncates at the byte budget and skips blank files', () => {
    const root = tree({ 'repo/AGENTS.md': '   \n', 'repo/sub/AGENTS.md': 'x'.repeat(100) });
    const files = discoverAgentsMd({
      home: join(root, 'nohome'),
      cwd: join(root, 'repo/sub'),
      projectRoot: join(root, 'repo'),
      maxBytes: 10,
      fallbackFilenames: [],
    });
    expect(files).toEqual([
      { path: join(root, 'repo/sub/AGENTS.md'), text: 'x'.repeat(10), truncated: true },
    ]);
  });

  it('reads only the cwd when there is no project root, and nothing with a zero budget', () => {
    const root = tree({ 'a/AGENTS.md': 'parent', 'a/b/AGENTS.md': 'child' });
    const options = { home: join(root, 'nohome'), cwd: join(root, 'a/b'), fallbackFilenames: [] };
    expect(discoverAgentsMd({ ...options, maxBytes: 1000 }).map((f) => f.text)).toEqual(['child']);
    expect(discoverAgentsMd({ ...options, maxBytes: 0 })).toEqual([]);
  });
});

describe('buildInstructions', () => {
  it('is deterministic and carries the environment and project instructions', () => {
    const input = {
      cwd: '/work/app',
      shell: 'bash',
      sandbox: {
        mode: 'workspace-write' as const,
        approval: 'never' as const,
        writableRoots: ['/work/app'],
        networkAccess: false,
        nonInteractive: true,
      },
      agentsMd: [{ path: '/work/app/AGENTS.md', text: 'Run npm test.', truncated: false }],
    };
    const text = buildInstructions(input);
    expect(buildInstructions(input)).toBe(text);
    expect(text).toContain('Working directory: /work/app');
    expect(text).toContain('workspace-write (writable: /work/app; network off)');
    expect(text).toContain('Run npm test.');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('reads at most the budget of a huge AGENTS.md, not the whole file', () => {
    const root = tree({ 'repo/AGENTS.md': `${'x'.repeat(200)}\n${'y'.repeat(50 * 1024 * 1024)}` });
    const used = process.memoryUsage().rss;
    const files = discoverAgentsMd({
      home: join(root, 'home'),
      cwd: join(root, 'repo'),
      maxBytes: 100,
      fallbackFilenames: [],
    });
    expect(files).toEqual([{ path: join(root, 'repo/AGENTS.md'), text: 'x'.repeat(100), truncated: true }]);
    expect(process.memoryUsage().rss - used).toBeLessThan(20 * 1024 * 1024);
  });

  it('skips what is not a regular file (a symlink to a directory) and tries the next name', () => {
    const root = tree({ 'repo/TEAM.md': 'team rules', 'repo/dir/x': '' });
    symlinkSync(join(root, 'repo/dir'), join(root, 'repo/AGENTS.md'));
    const files = discoverAgentsMd({
      home: join(root, 'home'),
      cwd: join(root, 'repo'),
      maxBytes: 1000,
      fallbackFilenames: ['TEAM.md'],
    });
    expect(files.map((file) => file.text)).toEqual(['team rules']);
  });
});
