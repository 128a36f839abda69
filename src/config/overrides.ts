// `-c key.path=value`: the key is a TOML dotted key (segments may be quoted:
// `projects."/x".trust_level`), the value is parsed as TOML and taken as a raw string when it does
// not parse (`-c model=gpt-oss:20b`). Later overrides of the same key win.
import { parse, TomlError } from 'smol-toml';
import { ConfigError } from './errors.js';
import { parseKeyPath, renderKeyPath } from './key-path.js';
import { isTable } from './layer.js';
import { MAX_CONFIG_DEPTH, type Table } from './parse-toml.js';
import { plainTomlProblem } from './toml-problems.js';

export interface Override {
  path: string[];
  value: unknown;
}

export function parseOverride(raw: string): Override {
  const equals = raw.indexOf('=');
  const keyText = (equals < 0 ? raw : raw.slice(0, equals)).trim();
  const path = parseKeyPath(keyText);
  if (equals < 0 || !path) {
    throw new ConfigError({
      file: '-c',
      message: `\`-c ${raw}\` is not key.path=value`,
      fix: 'write it as -c key.path=value, e.g. -c model="gpt-oss:20b" or -c sandbox_workspace_write.network_access=true',
    });
  }
  if (path.length > MAX_CONFIG_DEPTH) {
    throw new ConfigError({
      file: '-c',
      message: `\`-c\` key \`${renderKeyPath(path.slice(0, 4))}.…\` has ${path.length} dotted parts (at most ${MAX_CONFIG_DEPTH}); no ossa setting is nested like that`,
      fix: 'pass a real setting, e.g. -c model="gpt-oss:20b"',
    });
  }
  if (path[0] === 'profile' || path[0] === 'profiles') {
    throw new ConfigError({
      file: '-c',
      keyPath: renderKeyPath(path),
      message: `\`-c ${renderKeyPath(path)}\` selects a legacy profile, which ossa does not support`,
      fix: 'use -p NAME to layer $OSSA_HOME/NAME.config.toml',
    });
  }
  return { path, value: parseValue(raw.slice(equals + 1).trim(), renderKeyPath(path)) };
}

/**
 * The value as TOML; a bare word that is not TOML is the string itself (`-c model=gpt-oss:20b`).
 * A value that starts like a TOML structure or quoted string must be complete TOML: `-c x={a`
 * is a mistake to report, not the string "{a".
 */
function parseValue(text: string, key: string): unknown {
  try {
    const parsed = parse(`value = ${text}`, { maxDepth: MAX_CONFIG_DEPTH }).value;
    return JSON.parse(JSON.stringify(parsed));
  } catch (error) {
    if (!/^[[{"']/.test(text) || !(error instanceof TomlError)) return text;
    const parserMessage = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    const line = `value = ${text}`.split(/\r?\n/)[error.line - 1] ?? '';
    const problem = plainTomlProblem(parserMessage, line, error.column);
    throw new ConfigError({
      file: '-c',
      keyPath: key,
      message: `the value of \`-c ${key}=…\` did not parse as TOML: ${problem.message}`,
      fix: `${problem.fix}; and quote the whole argument for your shell: -c '${key}=…'`,
    });
  }
}

/** All overrides as one table, in order (later ones replace earlier ones). */
export function overridesToTable(rawOverrides: readonly string[]): Table {
  const table: Table = {};
  for (const raw of rawOverrides) {
    const { path, value } = parseOverride(raw);
    let target = table;
    for (const segment of path.slice(0, -1)) {
      if (!isTable(target[segment])) target[segment] = {};
      target = target[segment] as Table;
    }
    target[path.at(-1)!] = value;
  }
  return table;
}
