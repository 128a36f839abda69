// Checks one layer against the schema. Wrong types and values are ConfigErrors that name the key,
// the expected type, the value found and the file (with line when known). Unknown keys are
// warnings with a "did you mean" (errors under --strict-config); keys Codex knows but ossa does
// not read are collected, so the caller can mention them once, quietly.
import type * as z from '../protocol/zod.js';
import { CODEX_NESTED_KEYS, CODEX_TOP_LEVEL_KEYS } from './codex-known-keys.js';
import { closestMatch } from './did-you-mean.js';
import { ConfigError } from './errors.js';
import { renderKeyPath } from './key-path.js';
import { isTable, type Layer, layerLabel } from './layer.js';
import type { Table } from './parse-toml.js';
import { checkPatterns } from './pattern-keys.js';
import { configSchema } from './schema.js';
import { knownKeysAt, typeAt } from './schema-keys.js';
import { locateKeyPath, scanTomlStatements } from './toml-statements.js';

export interface LayerCheck {
  /** The layer's table without unknown and ignored keys. */
  table: Table;
  warnings: string[];
  /** Dotted paths of Codex keys ossa does not use. */
  codexIgnored: string[];
  /** The unknown keys dropped, with the known key each is closest to (for later errors). */
  unknownKeys: UnknownKey[];
}

export interface UnknownKey {
  path: string[];
  suggestion?: string;
}

/** `[model_providers.x]` … `model_context_window = …`: a top-level key that landed in a table. */
function isMisplacedTopLevelKey(parentPath: readonly string[], key: string): boolean {
  return parentPath.length > 0 && key in configSchema.shape && !knownKeysAt(parentPath).includes(key);
}

/** Unknown keys warned about one by one per layer; a file with thousands gets one line for the rest. */
const MAX_UNKNOWN_KEY_WARNINGS = 20;

export function validateLayer(layer: Layer, options: { strict: boolean }): LayerCheck {
  const table = structuredClone(layer.table);
  const codexIgnored: string[] = [];
  const unknownKeys: UnknownKey[] = [];
  const warnings: string[] = [];
  const ossaTopLevel = new Set(Object.keys(configSchema.shape));
  for (const key of Object.keys(table)) {
    if (!ossaTopLevel.has(key) && CODEX_TOP_LEVEL_KEYS.includes(key)) {
      codexIgnored.push(renderKeyPath([key]));
      delete table[key];
    }
  }

  const result = configSchema.safeParse(table);
  if (result.success) {
    checkPatterns(layer, table, position);
    return { table, warnings, codexIgnored, unknownKeys };
  }

  const problems = result.error.issues.filter((issue) => issue.code !== 'unrecognized_keys');
  if (problems.length > 0) throw typeError(layer, table, problems[0]!);
  checkPatterns(layer, table, position);

  let unknown = 0;
  for (const issue of result.error.issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const parentPath = issue.path.map(String);
    const parent = valueAt(table, parentPath);
    for (const key of issue.keys) {
      const path = [...parentPath, key];
      if (isCodexNestedKey(parentPath, key)) {
        codexIgnored.push(renderKeyPath(path));
      } else if (++unknown > MAX_UNKNOWN_KEY_WARNINGS && !options.strict) {
        // Listed one by one up to the cap; the rest are counted below.
      } else {
        const suggestion = closestMatch(key, knownKeysAt(parentPath));
        const misplaced = isMisplacedTopLevelKey(parentPath, key);
        const hint = misplaced
          ? `: \`${key}\` is a top-level key, and TOML puts every key written after a [table] header inside that table. This key belongs at the top of the file, before any [table]`
          : suggestion
            ? ` (did you mean \`${renderKeyPath([...parentPath, suggestion])}\`?)`
            : '';
        unknownKeys.push({ path, ...(suggestion ? { suggestion } : {}) });
        if (options.strict) {
          throw new ConfigError({
            ...position(layer, path),
            keyPath: renderKeyPath(path),
            message: `unknown key \`${shorten(renderKeyPath(path))}\`${hint}`,
            fix: misplaced
              ? `move \`${key} = …\` above the first [table] header of the file`
              : suggestion
                ? `rename it to \`${suggestion}\`, or remove it`
                : 'remove it, or run without --strict-config to only warn',
          });
        }
        const where = misplaced ? position(layer, path) : undefined;
        const at = where?.line ? ` line ${where.line}` : '';
        warnings.push(
          `unknown key \`${shorten(renderKeyPath(path))}\` in ${layerLabel(layer)}${at} is ignored${hint}`,
        );
      }
      if (isTable(parent)) delete parent[key];
    }
  }
  if (unknown > MAX_UNKNOWN_KEY_WARNINGS) {
    warnings.push(
      `${unknown - MAX_UNKNOWN_KEY_WARNINGS} more unknown keys in ${layerLabel(layer)} are ignored (run \`ossa debug config\` after fixing the ones above, or --strict-config to stop at the first)`,
    );
  }
  return { table, warnings, codexIgnored, unknownKeys };
}

/** A key as shown in a warning: a 1 MB key name is shown by its start. */
function shorten(keyPath: string): string {
  return keyPath.length > 120 ? `${keyPath.slice(0, 117)}…` : keyPath;
}

function isCodexNestedKey(parentPath: readonly string[], key: string): boolean {
  for (const [pattern, keys] of Object.entries(CODEX_NESTED_KEYS)) {
    const segments = pattern.split('.');
    const matches =
      segments.length === parentPath.length &&
      segments.every((segment, index) => segment === '*' || segment === parentPath[index]);
    if (matches && keys.includes(key)) return true;
  }
  return false;
}

function valueAt(table: Table, path: readonly string[]): unknown {
  let current: unknown = table;
  for (const segment of path) current = isTable(current) ? current[segment] : undefined;
  return current;
}

/** Where in the layer's file `path` is written, for errors. */
export function position(layer: Layer, path: readonly string[]) {
  const file = layerLabel(layer);
  if (layer.text === undefined) return { file };
  const statements = scanTomlStatements(layer.text);
  const found = statements && locateKeyPath(statements, path);
  if (!found) return { file };
  return {
    file,
    line: found.line,
    column: found.column,
    sourceLine: layer.text.split(/\r?\n/)[found.line - 1],
  };
}

function typeError(layer: Layer, table: Table, issue: z.core.$ZodIssue): ConfigError {
  const path = issue.path.map(String);
  const keyPath = renderKeyPath(path);
  const found = describeValue(valueAt(table, path));
  let expected: string;
  let fix: string | undefined;
  switch (issue.code) {
    case 'invalid_type':
      expected = withArticle(typeAt(path)) ?? describeExpected(issue.expected);
      fix = `write \`${keyPath}\` as ${expected}`;
      break;
    case 'invalid_value': {
      const allowed = issue.values.map((value) => JSON.stringify(value));
      expected = `one of ${allowed.join(', ')}`;
      fix = `set \`${keyPath}\` to one of: ${issue.values.join(', ')}`;
      if (found === '"ollama-chat"')
        fix = `replace \`ollama-chat\` with \`ollama\` (and set wire_api = "chat" on a custom provider if you need Chat Completions)`;
      break;
    }
    case 'too_small':
      // `.positive()` is an exclusive minimum of 0: the rule is "> 0", not "≥ 0".
      expected =
        issue.origin === 'string'
          ? 'a non-empty string'
          : `a value ${issue.inclusive === false ? '>' : '≥'} ${issue.minimum}`;
      fix = `set \`${keyPath}\` to ${expected}`;
      break;
    case 'too_big':
      expected = `a value ${issue.inclusive === false ? '<' : '≤'} ${issue.maximum}`;
      fix = `set \`${keyPath}\` to ${expected}`;
      break;
    default:
      expected = issue.message;
  }
  return new ConfigError({
    ...position(layer, path),
    keyPath,
    message: `\`${keyPath}\` must be ${expected}, found ${found}`,
    fix,
  });
}

function withArticle(type: string | undefined): string | undefined {
  if (type === undefined || type.includes('"')) return undefined;
  if (type === 'boolean') return 'true or false';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'int':
      return 'an integer';
    case 'object':
    case 'record':
      return 'a table';
    case 'array':
      return 'an array';
    case 'boolean':
      return 'true or false';
    default:
      return `a ${expected}`;
  }
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array ${truncate(JSON.stringify(value))}`;
  if (isTable(value)) return 'a table';
  if (typeof value === 'number')
    return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  return truncate(JSON.stringify(value));
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
