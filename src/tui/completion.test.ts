import { describe, expect, it } from 'vitest';
import { fileCompletion as complete, slashCompletion } from './completion.js';
import { createFileIndex } from './file-index.js';
import { parseSlashCommand } from './slash-commands.js';

const files = ['src/app.ts', 'src/tui/app.tsx', 'src/main.ts', 'README.md', 'docs/tui.md'];

/** A fresh index per call, as a new file list would get. */
function fileCompletion(word: string, start: number, paths: string[]) {
  return complete(word, start, createFileIndex(paths));
}

describe('completion', () => {
  it('ranks path prefix, then basename prefix, then substring, then fuzzy', () => {
    expect(fileCompletion('@src/m', 0, files)?.items).toEqual(['@src/main.ts']);
    expect(fileCompletion('@app', 3, files)).toEqual({
      start: 3,
      items: ['@src/app.ts', '@src/tui/app.tsx'],
    });
    expect(fileCompletion('@tui', 0, files)?.items).toEqual(['@docs/tui.md', '@src/tui/app.tsx']);
    expect(fileCompletion('@rdm', 0, files)?.items).toEqual(['@README.md']);
    expect(fileCompletion('@zzz', 0, files)).toBeUndefined();
    expect(fileCompletion('src', 0, files)).toBeUndefined();
  });

  it('keeps the best eight of many matches in rank order', () => {
    const many = [
      ...Array.from({ length: 12 }, (_, i) => `lib/deep/x${i}/app-${i}.ts`),
      'app.ts',
      'src/app.ts',
      'apps/b.ts',
      'apps/a.ts',
    ];
    expect(fileCompletion('@app', 0, many)?.items).toEqual([
      '@app.ts',
      '@apps/a.ts',
      '@apps/b.ts',
      '@src/app.ts',
      '@lib/deep/x0/app-0.ts',
      '@lib/deep/x1/app-1.ts',
      '@lib/deep/x2/app-2.ts',
      '@lib/deep/x3/app-3.ts',
    ]);
  });

  it('offers slash commands only at the start of the composer', () => {
    expect(slashCompletion('/d', 2)?.items).toEqual(['/debug-config', '/diff']);
    expect(slashCompletion('/diff', 5)).toBeUndefined();
    expect(slashCompletion('see /d', 6)).toBeUndefined();
  });

  it('parses slash commands, aliases and paths that are not commands', () => {
    expect(parseSlashCommand('/model  llama3.2 ')).toMatchObject({
      spec: { name: 'model' },
      arg: 'llama3.2',
    });
    expect(parseSlashCommand('/exit')).toMatchObject({ spec: { name: 'quit' } });
    expect(parseSlashCommand('/frobnicate')).toEqual({ unknown: 'frobnicate' });
    expect(parseSlashCommand('/usr/bin/env is slow')).toBeUndefined();
    expect(parseSlashCommand('fix /status')).toBeUndefined();
  });
});
