import { describe, expect, it } from 'vitest';
import { diffStat } from './diff-stat.js';

describe('diffStat', () => {
  it('counts added and removed lines per file, new and deleted files included', () => {
    const diff = [
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -1,2 +1,3 @@',
      '-old',
      '+new',
      '+more',
      ' same',
      '--- /dev/null',
      '+++ b/new.txt',
      '@@ -0,0 +1 @@',
      '+hello',
      '--- a/gone.txt',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-a',
      '-b',
      '',
    ].join('\n');
    expect(Object.fromEntries(diffStat(diff))).toEqual({
      'src/a.ts': { added: 2, removed: 1 },
      'new.txt': { added: 1, removed: 0 },
      'gone.txt': { added: 0, removed: 2 },
    });
  });
});
