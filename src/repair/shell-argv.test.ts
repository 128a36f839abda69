import { describe, expect, it } from 'vitest';
import { argvFromCommandLine } from './shell-argv.js';

describe('argvFromCommandLine', () => {
  it.each([
    ['ls -la', ['ls', '-la']],
    ['  git   status  ', ['git', 'status']],
    ['grep -rn "foo bar" src', ['grep', '-rn', 'foo bar', 'src']],
    ["sed -n '1,20p' a.txt", ['sed', '-n', '1,20p', 'a.txt']],
    ["echo it\\'s", ['echo', "it's"]],
  ])('splits %j with quoting rules', (line, argv) => {
    expect(argvFromCommandLine(line)).toEqual({ argv, how: 'split' });
  });

  it.each([
    'cat a | wc -l',
    'make && make test',
    'echo hi > out.txt',
    'ls *.ts',
    'echo $HOME',
    'echo `date`',
    'ls ~/src',
    'FOO=1 npm test',
    'cd src\nls',
    'npm test # run tests',
  ])('runs %j through bash -lc unchanged', (line) => {
    expect(argvFromCommandLine(line)).toEqual({ argv: ['bash', '-lc', line.trim()], how: 'bash-lc' });
  });

  it('gives an empty argv for an empty line (the schema check then refuses it)', () => {
    expect(argvFromCommandLine('   ').argv).toEqual([]);
  });
});
