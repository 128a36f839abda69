// Coerces parsed arguments towards a tool's JSON Schema, only where the model's intent is
// unambiguous: number and boolean strings, JSON encoded as a string, one value where an array of
// such values is wanted, a `command` line where an argv array is wanted, enum and property names
// that differ only in case or separators, and `null` for an optional property. Anything else is
// left as it is for the schema check to report. Returns a new value; records what it changed.
import {
  isObject,
  type JsonSchema,
  jsonTypeOf,
  resolveRef,
  schemaTypes,
  typeMatches,
} from './json-schema-check.js';
import { parseJsonText } from './parse-json-text.js';
import { argvFromCommandLine } from './shell-argv.js';

/** Property names whose array-of-strings value is an argv (the shell tool's `command`). */
const ARGV_PROPERTIES = new Set(['command', 'argv', 'cmd']);
const NUMBER_TEXT = /^\s*-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

export function coerceToSchema(value: unknown, schema: JsonSchema, kinds: Set<string>): unknown {
  return coerce(value, schema, schema, undefined, kinds);
}

function coerce(
  value: unknown,
  rawSchema: JsonSchema,
  root: JsonSchema,
  key: string | undefined,
  kinds: Set<string>,
): unknown {
  const schema = resolveRef(rawSchema, root);
  const types = schemaTypes(schema);
  const fits = types.length === 0 || types.some((type) => typeMatches(value, type));

  if (!fits && types.length === 1) {
    const converted = convert(value, types[0]!, schema, root, key, kinds);
    if (converted !== undefined) value = converted;
  }
  if (typeof value === 'string' && Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    const matches = schema.enum.filter(
      (option) => typeof option === 'string' && looseKey(option) === looseKey(value as string),
    );
    if (matches.length === 1) {
      value = matches[0];
      kinds.add('enum-normalized');
    }
  }
  if (Array.isArray(value)) {
    const list =
      key !== undefined && ARGV_PROPERTIES.has(key) && isStringArraySchema(schema, root)
        ? splitLoneCommandLine(value, kinds)
        : value;
    const items = isObject(schema.items) ? schema.items : undefined;
    return items ? list.map((item) => coerce(item, items, root, undefined, kinds)) : list;
  }
  if (isObject(value)) return coerceObject(value, schema, root, kinds);
  return value;
}

function convert(
  value: unknown,
  type: string,
  schema: JsonSchema,
  root: JsonSchema,
  key: string | undefined,
  kinds: Set<string>,
): unknown {
  if (type === 'integer' || type === 'number') {
    if (typeof value === 'string' && NUMBER_TEXT.test(value)) {
      const number = Number(value);
      if (type === 'number' || Number.isInteger(number)) {
        kinds.add('string-to-number');
        return number;
      }
    }
    return undefined;
  }
  if (type === 'boolean') {
    if (typeof value === 'string' && /^\s*(true|false)\s*$/i.test(value)) {
      kinds.add('string-to-boolean');
      return value.trim().toLowerCase() === 'true';
    }
    return undefined;
  }
  if (type === 'string') {
    if (typeof value === 'number' || typeof value === 'boolean') {
      kinds.add('value-to-string');
      return String(value);
    }
    return undefined;
  }
  if (type === 'object') return typeof value === 'string' ? decodedJson(value, 'object', kinds) : undefined;
  if (type === 'array') {
    if (typeof value === 'string') {
      const decoded = decodedJson(value, 'array', kinds);
      if (decoded !== undefined) return decoded;
      if (key !== undefined && ARGV_PROPERTIES.has(key) && isStringArraySchema(schema, root)) {
        const { argv, how } = argvFromCommandLine(value);
        kinds.add(how === 'split' ? 'command-string-split' : 'command-string-to-bash-lc');
        return argv;
      }
    }
    const items = isObject(schema.items) ? resolveRef(schema.items, root) : undefined;
    const itemTypes = items ? schemaTypes(items) : [];
    if (
      value !== null &&
      value !== undefined &&
      (itemTypes.length === 0 || itemTypes.some((t) => typeMatches(value, t)))
    ) {
      kinds.add('wrapped-in-array');
      return [value];
    }
  }
  return undefined;
}

function coerceObject(
  value: Record<string, unknown>,
  schema: JsonSchema,
  root: JsonSchema,
  kinds: Set<string>,
): Record<string, unknown> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const names = Object.keys(properties);
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const result: Record<string, unknown> = {};
  const entries = Object.entries(value);
  for (const [rawKey, item] of entries) {
    const key = propertyName(rawKey, names, value, entries.length, kinds);
    const propertySchema = properties[key];
    if (
      item === null &&
      isObject(propertySchema) &&
      !required.has(key) &&
      !allowsNull(propertySchema, root)
    ) {
      kinds.add('null-optional-dropped');
      continue;
    }
    result[key] = isObject(propertySchema) ? coerce(item, propertySchema, root, key, kinds) : item;
  }
  return result;
}

/** The declared property a key means: itself, or the one declared name it matches loosely. */
function propertyName(
  key: string,
  names: string[],
  value: Record<string, unknown>,
  keyCount: number,
  kinds: Set<string>,
): string {
  if (names.includes(key)) return key;
  const loose = names.filter((name) => looseKey(name) === looseKey(key) && !(name in value));
  if (loose.length === 1) {
    kinds.add('property-name-normalized');
    return loose[0]!;
  }
  // A tool with a single parameter, called with a single differently named one: no other place for it.
  if (names.length === 1 && keyCount === 1) {
    kinds.add('property-renamed');
    return names[0]!;
  }
  return key;
}

/** `["ls -la"]` for an argv: one element holding a whole command line is split like a string. */
function splitLoneCommandLine(value: unknown[], kinds: Set<string>): unknown[] {
  const only = value[0];
  if (value.length !== 1 || typeof only !== 'string' || !/\s/.test(only.trim())) return value;
  const { argv, how } = argvFromCommandLine(only);
  kinds.add(how === 'split' ? 'command-element-split' : 'command-element-to-bash-lc');
  return argv;
}

function decodedJson(text: string, type: 'object' | 'array', kinds: Set<string>): unknown {
  if (!/^\s*[{[]/.test(text)) return undefined;
  const parsed = parseJsonText(text);
  if (!parsed.ok || jsonTypeOf(parsed.value) !== type) return undefined;
  kinds.add('double-encoded');
  for (const kind of parsed.kinds) kinds.add(kind);
  return parsed.value;
}

function isStringArraySchema(schema: JsonSchema, root: JsonSchema): boolean {
  if (!schemaTypes(schema).includes('array') || !isObject(schema.items)) return false;
  return schemaTypes(resolveRef(schema.items, root)).includes('string');
}

function allowsNull(schema: JsonSchema, root: JsonSchema): boolean {
  const resolved = resolveRef(schema, root);
  if (schemaTypes(resolved).includes('null')) return true;
  const options = [resolved.anyOf, resolved.oneOf].flatMap((list) => (Array.isArray(list) ? list : []));
  return options.some((option) => isObject(option) && schemaTypes(option).includes('null'));
}

/** Case- and separator-insensitive form of a name: `In-Progress` and `in_progress` agree. */
export function looseKey(name: string): string {
  return name.toLowerCase().replace(/[\s_.-]+/g, '');
}
