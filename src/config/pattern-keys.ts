// Settings that hold regular expressions (`model_families.<id>.match`) are checked when the file
// is loaded, naming file, line and key. They are matched with RE2 (the `re2js` package): linear
// time in the input whatever the pattern, so a pattern from a project file cannot freeze ossa
// with catastrophic backtracking. The price is RE2's syntax: no look-around, no back-references.
import { RE2JS } from 're2js';
import { ConfigError } from './errors.js';
import { renderKeyPath } from './key-path.js';
import { isTable, type Layer } from './layer.js';
import type { Table } from './parse-toml.js';

/** Where patterns live: `*` is any table key. */
const PATTERN_KEYS = [['model_families', '*', 'match']] as const;

/** Compiles a config pattern the way it is used (case-insensitive); throws RE2's syntax error. */
export function compileConfigPattern(source: string): RE2JS {
  return RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
}

export function checkPatterns(
  layer: Layer,
  table: Table,
  position: (layer: Layer, path: readonly string[]) => { file: string; line?: number },
): void {
  for (const pattern of PATTERN_KEYS) {
    for (const [path, value] of valuesAt(table, pattern, [])) {
      if (typeof value !== 'string') continue;
      try {
        compileConfigPattern(value);
      } catch (error) {
        const reason = (error instanceof Error ? error.message : String(error)).replace(
          /^error parsing regexp: /,
          '',
        );
        throw new ConfigError({
          ...position(layer, path),
          keyPath: renderKeyPath(path),
          message: `\`${renderKeyPath(path)}\` is not a valid pattern: ${reason}`,
          fix: 'write an RE2 regular expression (no look-around or back-references), e.g. match = "my-model|other-model"',
        });
      }
    }
  }
}

function valuesAt(value: unknown, pattern: readonly string[], path: string[]): [string[], unknown][] {
  if (pattern.length === 0) return [[path, value]];
  if (!isTable(value)) return [];
  const [head, ...rest] = pattern;
  const keys = head === '*' ? Object.keys(value) : head! in value ? [head!] : [];
  return keys.flatMap((key) => valuesAt(value[key], rest, [...path, key]));
}
