import { describe, expect, it } from 'vitest';
import { createFileIndex, MAX_FILE_ITEMS, rankFiles } from './file-index.js';

/** A repository-shaped list: `packages` packages of `perPackage` files each. */
function repo(packages: number, perPackage: number): string[] {
  const paths: string[] = [];
  for (let p = 0; p < packages; p++) {
    for (let f = 0; f < perPackage; f++) {
      paths.push(`pkg${p}/src/${f % 7 === 0 ? 'Components' : 'lib'}/file-${f}.ts`);
    }
  }
  return paths;
}

describe('file index for @ completion', () => {
  it('finds files anywhere in a 100,000-file list (no cap hides the end of it)', () => {
    const index = createFileIndex(repo(500, 200));
    expect(index.paths).toHaveLength(100_000);
    expect(rankFiles(index, 'pkg499/src/lib/file-19')).toEqual([
      'pkg499/src/lib/file-19.ts',
      'pkg499/src/lib/file-190.ts',
      'pkg499/src/lib/file-191.ts',
      'pkg499/src/lib/file-192.ts',
      'pkg499/src/lib/file-193.ts',
      'pkg499/src/lib/file-194.ts',
      'pkg499/src/lib/file-195.ts',
      'pkg499/src/lib/file-197.ts',
    ]);
  });

  it('narrows from the last query without changing any answer: typing, backspace, case, jumps', () => {
    const paths = repo(40, 60);
    const typed = [
      '',
      'p',
      'pk',
      'pkg3',
      'pkg3/',
      'pkg3/s',
      'pkg3/sC',
      'pkg3/s',
      'pkg',
      'COMP',
      'compo',
      'f1',
      'xyz',
      'x',
    ];
    const index = createFileIndex(paths);
    for (const query of typed) {
      // A fresh index ranks every path; the reused one narrows when it can.
      expect(rankFiles(index, query), query).toEqual(rankFiles(createFileIndex(paths), query));
    }
  });

  it('narrows exactly in a 100,000-file list too, where unranked paths are kept unchecked', () => {
    const paths = repo(500, 200);
    const index = createFileIndex(paths);
    // 'pkg4' has thousands of prefix matches (the rest is kept unchecked); 'pkg4f' has none, so
    // the unchecked paths must still be there for its fuzzy matches.
    const typed = [
      '',
      'p',
      'pkg4',
      'pkg4f',
      'pkg4fi',
      'pkg',
      'pkg499/src/lib/file-19',
      'pkg499/src/lib/file-19.t',
      'pkg499/src/lib/file-19.tsx',
      'compo',
      'componentsf19',
    ];
    for (const query of typed) {
      expect(rankFiles(index, query), query).toEqual(rankFiles(createFileIndex(paths), query));
    }
    expect(rankFiles(index, 'pkg4f')).toHaveLength(MAX_FILE_ITEMS);
  });

  it('ranks path prefix, basename prefix, substring, then in-order characters', () => {
    const index = createFileIndex([
      'a/zeta.md',
      'zeta/b.md',
      'docs/my-zeta.md',
      'z/e/t/a.md',
      'unrelated.md',
    ]);
    expect(rankFiles(index, 'zeta')).toEqual(['zeta/b.md', 'a/zeta.md', 'docs/my-zeta.md', 'z/e/t/a.md']);
    expect(rankFiles(index, 'zeta').length).toBeLessThanOrEqual(MAX_FILE_ITEMS);
  });
});
