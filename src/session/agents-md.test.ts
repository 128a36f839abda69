import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverAgentsMd } from './agents-md.js';
import {
  buildInstructions,
  describeEnvironment,
  environmentToSend,
  withoutEnvironment,
} from './instructions.js';

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
  const sandbox = {
    mode: 'workspace-write' as const,
    approval: 'never' as const,
    writableRoots: ['/work/app'],
    networkAccess: false,
    nonInteractive: true,
  };

  it('is deterministic, carries the project instructions and nothing a run can change', () => {
    const input = { agentsMd: [{ path: '/work/app/AGENTS.md', text: 'Run npm test.', truncated: false }] };
    const text = buildInstructions(input);
    expect(buildInstructions(input)).toBe(text);
    expect(text).toContain('Run npm test.');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).not.toMatch(/Working directory|Sandbox|Approvals/);
  });

  it('describes the environment in a block the first message carries, and again only when it changed', () => {
    const block = describeEnvironment({ cwd: '/work/app', shell: 'bash', sandbox });
    expect(block).toContain('Working directory: /work/app');
    expect(block).toContain('workspace-write (writable: /work/app; network off)');
    expect(block).toContain('Approvals: never (no human is watching');
    const user = (text: string) => ({ type: 'message' as const, role: 'user' as const, text });
    const answer = { type: 'message' as const, role: 'assistant' as const, text: 'done' };
    expect(environmentToSend([], block)).toBe(block);
    const sent = [user(`${block}\n\nfix it`), answer, user('and the docs')];
    expect(environmentToSend(sent, block)).toBeUndefined();
    const other = describeEnvironment({
      cwd: '/work/app',
      shell: 'bash',
      sandbox: { ...sandbox, mode: 'read-only' },
    });
    expect(environmentToSend(sent, other)).toBe(other);
    // The latest block counts: back to the first policy after a change sends it again.
    expect(environmentToSend([...sent, user(`${other}\n\nnext`)], block)).toBe(block);
    // A compaction summary in place of the messages: the block is due again.
    expect(environmentToSend([user('Summary of the conversation so far'), answer], block)).toBe(block);
    expect(withoutEnvironment(`${block}\n\nfix it`)).toBe('fix it');
    expect(withoutEnvironment('plain <environment_context> text')).toBe('plain <environment_context> text');
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
