// Commands known to only read: under `untrusted` approval they run without asking. Pure.
// Conservative by design: a command counts only when the program is the real one (the caller's
// `isSystemProgram` resolves it outside the writable roots and the workspace — not
// `./tools/ls`, not any path that merely ends in an allowed name) and every option is on its
// allow-list, checked with the option parser's own semantics (option-spec.ts). Anything not
// recognised, and any shell feature whose effect cannot be read off the text (substitution,
// variables, redirection to files), makes the command "not known read-only", which only means
// the user is asked.
import { parse } from 'shell-quote';
import { type OptionSpec, optionsAllowed } from './option-spec.js';
import { GIT_GLOBAL, GIT_SUBCOMMANDS } from './safe-git-commands.js';

type ArgsCheck = (args: readonly string[]) => boolean;

const anyArgs: ArgsCheck = () => true;
const spec =
  (options: OptionSpec): ArgsCheck =>
  (args) =>
    optionsAllowed(args, options);

const SUMS: OptionSpec = {
  flags: 'bctwz',
  long: ['binary', 'check', 'tag', 'text', 'zero', 'quiet', 'status', 'strict', 'warn', 'ignore-missing'],
};

// find's expression: primaries that only test or print to stdout, and those that take a value.
const FIND_VALUED = new Set(
  'name iname path ipath wholename iwholename regex iregex type xtype size newer anewer cnewer mtime mmin atime amin ctime cmin user group uid gid perm links inum samefile maxdepth mindepth printf regextype lname ilname used fstype'
    .split(' ')
    .map((name) => `-${name}`),
);
const FIND_PLAIN = new Set([
  ...'empty prune print print0 ls not a o and or true false readable writable executable follow xdev mount depth nouser nogroup quit daystart noleaf ignore_readdir_race'
    .split(' ')
    .map((name) => `-${name}`),
  '!',
  '(',
  ')',
  ',',
]);

function findAllowed(args: readonly string[]): boolean {
  let index = 0;
  while (index < args.length && ['-L', '-H', '-P'].includes(args[index]!)) index++;
  // Start points: until the first token that begins an expression.
  while (index < args.length && !/^[-!(),]/.test(args[index]!)) index++;
  for (; index < args.length; index++) {
    const token = args[index]!;
    if (FIND_VALUED.has(token)) index++;
    else if (!FIND_PLAIN.has(token)) return false; // -exec, -delete, -fprint, -ok, unknown
  }
  return true;
}

const RG_RUNS_PROGRAMS = ['pre', 'pre-glob', 'hostname-bin', 'search-zip'];

const COMMANDS: Record<string, ArgsCheck> = {
  cat: spec({
    flags: 'AbeEnstTuv',
    long: [
      'show-all',
      'number-nonblank',
      'show-ends',
      'number',
      'squeeze-blank',
      'show-tabs',
      'show-nonprinting',
    ],
  }),
  head: spec({
    flags: 'qvz',
    valued: 'nc',
    numeric: true,
    long: ['quiet', 'silent', 'verbose', 'zero-terminated'],
    longValued: ['lines', 'bytes'],
  }),
  tail: spec({
    flags: 'fFqvz',
    valued: 'ncs',
    numeric: true,
    long: ['follow', 'retry', 'quiet', 'silent', 'verbose', 'zero-terminated'],
    longValued: ['lines', 'bytes', 'sleep-interval', 'pid', 'max-unchanged-stats', 'follow'],
  }),
  wc: spec({
    flags: 'clmwL',
    long: ['bytes', 'chars', 'lines', 'words', 'max-line-length'],
    longValued: ['files0-from'],
  }),
  nl: spec({ flags: 'p', valued: 'bdfhilnsvw' }),
  cut: spec({
    flags: 'nsz',
    valued: 'bcdf',
    long: ['complement', 'only-delimited', 'zero-terminated'],
    longValued: ['bytes', 'characters', 'delimiter', 'fields', 'output-delimiter'],
  }),
  tr: spec({ flags: 'cCdst', long: ['complement', 'delete', 'squeeze-repeats', 'truncate-set1'] }),
  ls: spec({
    flags: 'aAbBcCdDfFgGhHiklLmnNopqQrRsStuUvxXZ1',
    valued: 'ITw',
    long: [
      'all', 'almost-all', 'escape', 'ignore-backups', 'color', 'directory', 'classify', 'no-group',
      'human-readable', 'si', 'inode', 'literal', 'numeric-uid-gid', 'dereference', 'hide-control-chars',
      'show-control-chars', 'quote-name', 'reverse', 'recursive', 'size', 'context', 'group-directories-first',
      'full-time', 'author', 'dereference-command-line', 'file-type',
    ],
    longValued: ['color', 'sort', 'format', 'time-style', 'width', 'ignore', 'hide', 'indicator-style', 'quoting-style', 'block-size', 'time', 'tabsize'],
  }), // biome-ignore format: a word list
  pwd: spec({ flags: 'LP' }),
  echo: anyArgs,
  printf: anyArgs,
  true: anyArgs,
  false: anyArgs,
  stat: spec({
    flags: 'LftZ',
    valued: 'c',
    long: ['dereference', 'file-system', 'terse'],
    longValued: ['format', 'printf', 'cached'],
  }),
  // No -C / --compile: it writes a compiled magic file next to the input.
  file: spec({
    flags: 'bcEhiklLnNprsvz0',
    valued: 'eFfmP',
    long: [
      'brief',
      'mime',
      'mime-type',
      'mime-encoding',
      'dereference',
      'no-dereference',
      'keep-going',
      'raw',
      'special-files',
      'uncompress',
      'no-pad',
      'print0',
    ],
    longValued: ['separator', 'files-from', 'magic-file', 'exclude', 'parameter'],
  }),
  du: spec({
    flags: 'abcDhHklLmPsSx0',
    valued: 'BdtX',
    long: [
      'all',
      'apparent-size',
      'bytes',
      'total',
      'human-readable',
      'si',
      'summarize',
      'dereference',
      'count-links',
      'separate-dirs',
      'one-file-system',
      'inodes',
      'null',
    ],
    longValued: [
      'max-depth',
      'block-size',
      'threshold',
      'exclude',
      'exclude-from',
      'time',
      'time-style',
      'files0-from',
    ],
  }),
  df: spec({
    flags: 'ahHiklPTv',
    valued: 'Btx',
    long: [
      'all',
      'human-readable',
      'si',
      'inodes',
      'local',
      'portable',
      'print-type',
      'total',
      'sync',
      'no-sync',
    ],
    longValued: ['block-size', 'type', 'exclude-type', 'output'],
  }),
  which: spec({ flags: 'a' }),
  whoami: spec({}),
  id: spec({ flags: 'gGnruzZ', long: ['group', 'groups', 'name', 'real', 'user', 'zero', 'context'] }),
  uname: spec({
    flags: 'asnrvmpio',
    long: [
      'all',
      'kernel-name',
      'nodename',
      'kernel-release',
      'kernel-version',
      'machine',
      'processor',
      'hardware-platform',
      'operating-system',
    ],
  }),
  basename: spec({ flags: 'az', valued: 's', long: ['multiple', 'zero'], longValued: ['suffix'] }),
  dirname: spec({ flags: 'z', long: ['zero'] }),
  realpath: spec({
    flags: 'eqmsLPz',
    long: [
      'canonicalize-existing',
      'canonicalize-missing',
      'quiet',
      'strip',
      'no-symlinks',
      'logical',
      'physical',
      'zero',
    ],
    longValued: ['relative-to', 'relative-base'],
  }),
  readlink: spec({
    flags: 'femnqsvz',
    long: [
      'canonicalize',
      'canonicalize-existing',
      'canonicalize-missing',
      'no-newline',
      'quiet',
      'silent',
      'verbose',
      'zero',
    ],
  }),
  cmp: spec({
    flags: 'blsv',
    valued: 'in',
    long: ['print-bytes', 'verbose', 'quiet', 'silent'],
    longValued: ['ignore-initial', 'bytes'],
  }),
  // diff, grep: no option of theirs writes a file or runs a program.
  diff: anyArgs,
  grep: anyArgs,
  egrep: anyArgs,
  fgrep: anyArgs,
  md5sum: spec(SUMS),
  sha1sum: spec(SUMS),
  sha256sum: spec(SUMS),
  seq: spec({
    flags: 'w',
    valued: 'fs',
    numeric: true,
    long: ['equal-width'],
    longValued: ['format', 'separator'],
  }),
  cd: spec({ flags: 'LP' }),
  // No -s / --set; an operand other than +FORMAT sets the clock.
  date: spec({
    flags: 'uR',
    valued: 'dfr',
    optionalValued: 'I',
    long: ['utc', 'universal', 'rfc-email', 'debug', 'iso-8601', 'rfc-3339'],
    longValued: ['date', 'file', 'reference', 'iso-8601', 'rfc-3339', 'resolution'],
    operands: (operands) => operands.every((operand) => operand.startsWith('+')),
  }),
  // No -o (output to a file), -T (temporary files), --compress-program (runs one).
  sort: spec({
    flags: 'bdfgiMhnRrsuVcCmz',
    valued: 'kt',
    long: [
      'ignore-leading-blanks', 'dictionary-order', 'ignore-case', 'general-numeric-sort', 'ignore-nonprinting',
      'month-sort', 'human-numeric-sort', 'numeric-sort', 'random-sort', 'reverse', 'version-sort', 'check',
      'merge', 'stable', 'unique', 'zero-terminated', 'debug',
    ],
    longValued: ['key', 'field-separator', 'buffer-size', 'parallel', 'sort', 'random-source', 'check', 'files0-from'],
  }), // biome-ignore format: a word list
  // No -o (output file), -R (reruns, writing HTML files with -H).
  tree: spec({
    flags: 'adfilpsugDrtvUxCnAqNQShJXF',
    valued: 'LPI',
    long: [
      'noreport',
      'dirsfirst',
      'prune',
      'matchdirs',
      'ignore-case',
      'du',
      'si',
      'gitignore',
      'help',
      'version',
    ],
    longValued: ['charset', 'filelimit', 'timefmt', 'sort'],
  }),
  // `uniq IN OUT` writes OUT.
  uniq: spec({
    flags: 'cdDiuz',
    valued: 'fsw',
    long: ['count', 'repeated', 'ignore-case', 'unique', 'zero-terminated'],
    longValued: ['skip-fields', 'skip-chars', 'check-chars', 'all-repeated', 'group'],
    operands: (operands) => operands.length <= 1,
  }),
  // --pre / --hostname-bin run a program per file, -z / --search-zip run decompressors. Also
  // refused: any prefix of those names, in case the parser accepts abbreviations.
  rg: (args) =>
    !args.some((arg) => {
      if (/^-[^-]/.test(arg)) return arg.includes('z');
      if (!arg.startsWith('--') || arg === '--') return false;
      const name = arg.slice(2).split('=', 1)[0]!;
      return RG_RUNS_PROGRAMS.some((option) => option.startsWith(name));
    }),
  find: findAllowed,
  // Only the print-a-range form, and only files after it: sed scripts can write files (w, -i)
  // or run commands (e), and GNU sed takes options after the script too (`sed -n 1p -i f`).
  sed: (args) =>
    args.length >= 2 &&
    args[0] === '-n' &&
    /^\d+(,\d+)?p$/.test(args[1]!) &&
    args.slice(2).every((arg) => !arg.startsWith('-')),
  git: gitAllowed,
};

function gitAllowed(args: readonly string[]): boolean {
  let index = 0;
  // Global options: only those that change nothing (no -c, --git-dir, --exec-path, …).
  while (index < args.length && args[index]!.startsWith('-')) {
    const arg = args[index]!;
    if (arg === '-C') index += 2;
    else if (GIT_GLOBAL.includes(arg)) index++;
    else return false;
  }
  const sub = args[index];
  const check = sub === undefined ? undefined : GIT_SUBCOMMANDS[sub];
  return check !== undefined && optionsAllowed(args.slice(index + 1), check);
}

const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash']);
// Shell builtins: inside a script they never run a file, whatever PATH says.
const BUILTINS = new Set(['cd', 'echo', 'printf', 'pwd', 'true', 'false']);
// Operators between commands that keep each command's meaning readable.
const CONNECTORS = new Set(['&&', '||', ';', '|']);

export interface ReadOnlyOptions {
  /**
   * True when `program` (as written: a name or a path) resolves to the system's own program of
   * that name, outside the writable roots and the workspace. Default: trust every name (tests).
   */
  isSystemProgram?: (program: string) => boolean;
}

/** True when every command `argv` runs is known to only read (see the list above). */
export function isKnownReadOnly(argv: readonly string[], options: ReadOnlyOptions = {}): boolean {
  return knownReadOnly(argv, options, false);
}

function knownReadOnly(argv: readonly string[], options: ReadOnlyOptions, inScript: boolean): boolean {
  const [program, ...args] = argv;
  if (program === undefined) return false;
  const name = program.split('/').at(-1)!;
  const builtin = inScript && BUILTINS.has(program);
  if (!builtin && options.isSystemProgram && !options.isSystemProgram(program)) return false;
  if (SHELLS.has(name) && (args[0] === '-c' || args[0] === '-lc') && args.length === 2) {
    return isKnownReadOnlyScript(args[1]!, options);
  }
  const check = COMMANDS[name];
  return check?.(args) === true;
}

/** A `bash -lc` script: simple commands joined by &&, ||, ; and |, each known read-only. */
export function isKnownReadOnlyScript(script: string, options: ReadOnlyOptions = {}): boolean {
  if (/[`$<>(){}\n\\]/.test(script.replace(/'[^']*'/g, "''"))) return false;
  const commands: string[][] = [[]];
  for (const token of parse(script)) {
    if (typeof token === 'string') commands.at(-1)!.push(token);
    else if ('comment' in token) continue;
    else if ('op' in token && token.op === 'glob') commands.at(-1)!.push(token.pattern);
    else if ('op' in token && CONNECTORS.has(token.op)) commands.push([]);
    else return false;
  }
  return commands.every((command) => command.length > 0 && knownReadOnly(command, options, true));
}
