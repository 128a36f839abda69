// TOML text → plain table, with syntax errors turned into ConfigErrors that point at
// file:line:column and show the offending line with a caret.
import { parse, TomlDate, TomlError } from 'smol-toml';
import { ConfigError } from './errors.js';
import { plainTomlProblem } from './toml-problems.js';

export type Table = Record<string, unknown>;

/**
 * How deep tables and arrays may nest. ossa's and Codex's keys nest five levels at most; a limit
 * keeps every recursive step after parsing (clone, schema check, merge) far from the stack's end.
 */
export const MAX_CONFIG_DEPTH = 32;

export function parseTomlText(text: string, file: string): Table {
  try {
    const table = parse(text, { maxDepth: MAX_CONFIG_DEPTH }) as Table;
    const deep = deepestPath(table);
    if (deep) throw tooDeep(text, file, deep);
    return normalise(table) as Table;
  } catch (error) {
    if (error instanceof TomlError) {
      const parserMessage = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
      const sourceLine = text.split(/\r?\n/)[error.line - 1] ?? '';
      const problem = plainTomlProblem(parserMessage, sourceLine, error.column);
      throw new ConfigError({
        file,
        line: error.line,
        column: error.column,
        message: `TOML syntax error: ${problem.message}`,
        sourceLine,
        fix: problem.fix,
      });
    }
    throw error;
  }
}

/** The first path nested deeper than MAX_CONFIG_DEPTH (iterative: the input may be anything). */
function deepestPath(table: Table): string[] | undefined {
  const stack: { value: unknown; path: string[] }[] = [{ value: table, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (path.length > MAX_CONFIG_DEPTH) return path;
    if (value && typeof value === 'object' && !(value instanceof TomlDate)) {
      for (const [key, inner] of Object.entries(value)) stack.push({ value: inner, path: [...path, key] });
    }
  }
  return undefined;
}

function tooDeep(text: string, file: string, path: string[]): ConfigError {
  const shown = `${path.slice(0, 4).join('.')}.….${path.at(-1)}`;
  // The line: the first whose key or table header has that many dots.
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex(
    (line) => (line.split('=', 1)[0]!.match(/\./g)?.length ?? 0) >= MAX_CONFIG_DEPTH,
  );
  return new ConfigError({
    file,
    ...(index >= 0 ? { line: index + 1, column: 1, sourceLine: lines[index]!.slice(0, 200) } : {}),
    message: `keys nested more than ${MAX_CONFIG_DEPTH} levels deep (\`${shown}\`); no ossa setting is nested like that`,
    fix: 'remove the key or write it with fewer dotted parts',
  });
}

/** Dates become ISO strings so every value is plain JSON data from here on. */
function normalise(value: unknown): unknown {
  if (value instanceof TomlDate) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    const out: Table = {};
    for (const [key, inner] of Object.entries(value)) out[key] = normalise(inner);
    return out;
  }
  return value;
}
