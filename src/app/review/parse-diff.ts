// `git diff` output → one FileDiff per file with its hunks. Pure. Paths are taken from the
// `---`/`+++` lines (C-quoted by git when they hold unusual characters), from `rename from/to`,
// or from the `diff --git` line when a file has no content lines (binary, mode-only).

export interface DiffHunk {
  /** The `@@ -a,b +c,d @@ …` line. */
  header: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** The header and the hunk's lines, each ending in a newline. */
  text: string;
}

export type FileStatus = 'added' | 'deleted' | 'modified' | 'renamed';

export interface FileDiff {
  /** Path relative to the repository root: the new path, or the old one for a deletion. */
  path: string;
  /** The path before a rename. */
  oldPath?: string;
  status: FileStatus;
  binary: boolean;
  /** `diff --git …` up to the first hunk. */
  header: string;
  hunks: DiffHunk[];
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parseGitDiff(text: string): FileDiff[] {
  const files: FileDiff[] = [];
  let file: (FileDiff & { headerLines: string[]; minus?: string; plus?: string }) | undefined;
  let hunk: DiffHunk | undefined;
  const finish = () => {
    if (!file) return;
    if (hunk) file.hunks.push(hunk);
    hunk = undefined;
    files.push(finishFile(file));
    file = undefined;
  };
  for (const line of splitLines(text)) {
    if (line.startsWith('diff --git ')) {
      finish();
      file = { path: '', status: 'modified', binary: false, header: '', hunks: [], headerLines: [line] };
      continue;
    }
    if (!file) continue;
    const range = HUNK.exec(line);
    if (range) {
      if (hunk) file.hunks.push(hunk);
      hunk = {
        header: line,
        oldStart: Number(range[1]),
        oldLines: range[2] === undefined ? 1 : Number(range[2]),
        newStart: Number(range[3]),
        newLines: range[4] === undefined ? 1 : Number(range[4]),
        text: `${line}\n`,
      };
      continue;
    }
    if (hunk) {
      hunk.text += `${line}\n`;
      continue;
    }
    file.headerLines.push(line);
    readHeaderLine(file, line);
  }
  finish();
  return files;
}

function readHeaderLine(
  file: FileDiff & { minus?: string; plus?: string; oldPath?: string },
  line: string,
): void {
  if (line.startsWith('new file mode')) file.status = 'added';
  else if (line.startsWith('deleted file mode')) file.status = 'deleted';
  else if (line.startsWith('rename from ')) file.oldPath = unquote(line.slice('rename from '.length));
  else if (line.startsWith('rename to ')) {
    file.status = 'renamed';
    file.path = unquote(line.slice('rename to '.length));
  } else if (line.startsWith('Binary files ') || line === 'GIT binary patch') file.binary = true;
  else if (line.startsWith('--- ')) file.minus = stripPrefix(unquote(line.slice(4)));
  else if (line.startsWith('+++ ')) file.plus = stripPrefix(unquote(line.slice(4)));
}

function finishFile(file: FileDiff & { headerLines: string[]; minus?: string; plus?: string }): FileDiff {
  const { headerLines, minus, plus, ...rest } = file;
  let path = rest.path;
  if (!path) path = plus && plus !== '/dev/null' ? plus : minus && minus !== '/dev/null' ? minus : '';
  if (!path) path = pathFromDiffLine(headerLines[0] ?? '', rest.binary ? headerLines : []);
  if (minus === '/dev/null') rest.status = 'added';
  if (plus === '/dev/null') rest.status = 'deleted';
  return { ...rest, path, header: `${headerLines.join('\n')}\n` };
}

/** `a/x b/x` → `x` (both halves equal), or the path a `Binary files … and b/x differ` line names. */
function pathFromDiffLine(line: string, headerLines: string[]): string {
  for (const header of headerLines) {
    const binary = /^Binary files (.+) and (.+) differ$/.exec(header);
    if (binary) {
      const newer = stripPrefix(unquote(binary[2]!));
      return newer === '/dev/null' ? stripPrefix(unquote(binary[1]!)) : newer;
    }
  }
  const rest = line.slice('diff --git '.length);
  if (rest.startsWith('"')) {
    const first = readQuoted(rest);
    return stripPrefix(first.value);
  }
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ') return stripPrefix(rest.slice(0, half));
  return stripPrefix(rest.split(' ')[0] ?? rest);
}

function stripPrefix(path: string): string {
  return /^[abciwo]\//.test(path) ? path.slice(2) : path;
}

/** A git C-quoted path (`"a/t\\tb"`) → its text; unquoted paths are returned as they are. */
export function unquote(text: string): string {
  const trimmed = text.replace(/\t$/, '');
  return trimmed.startsWith('"') ? readQuoted(trimmed).value : trimmed;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

function readQuoted(text: string): { value: string; end: number } {
  const bytes: number[] = [];
  let i = 1;
  for (; i < text.length && text[i] !== '"'; i++) {
    const char = text[i]!;
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = text[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The file's diff text as git printed it. */
export function fileDiffText(file: FileDiff): string {
  return file.header + file.hunks.map((hunk) => hunk.text).join('');
}

/** New-side line ranges a hunk touches (added lines, or where lines were removed). */
export function changedNewRanges(file: FileDiff): { start: number; end: number }[] {
  return file.hunks.map((hunk) => ({
    start: hunk.newStart,
    end: Math.max(hunk.newStart, hunk.newStart + hunk.newLines - 1),
  }));
}
