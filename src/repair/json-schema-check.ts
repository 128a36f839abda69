// A small JSON Schema checker for the subset tool schemas use (what zod's toJSONSchema emits for
// plain objects): type, properties, required, additionalProperties, items, enum, const,
// min/max (Items, Length, imum), exclusive bounds, anyOf/oneOf/allOf and local `$ref`s. Unknown
// keywords are ignored. Issues name the path so a refusal can quote exactly what is wrong.

export type JsonSchema = Record<string, unknown>;

export interface SchemaIssue {
  /** `command`, `plan[1].status`; empty for the arguments object itself. */
  path: string;
  message: string;
}

export function checkAgainstSchema(value: unknown, schema: JsonSchema): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  check(value, schema, '', schema, issues);
  return issues;
}

/** The JSON type name of a value, with `integer` for whole numbers. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The schema's allowed types (empty when it does not say). */
export function schemaTypes(schema: JsonSchema): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return [];
}

/** Follows a local `$ref` (`#/$defs/x`, `#/definitions/x`); returns the schema itself otherwise. */
export function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    if (!isObject(node)) return schema;
    node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return isObject(node) ? node : schema;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a value is of a JSON Schema `type` (an integer is also a `number`). */
export function typeMatches(value: unknown, type: string): boolean {
  const actual = jsonTypeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function check(
  value: unknown,
  rawSchema: JsonSchema,
  path: string,
  root: JsonSchema,
  issues: SchemaIssue[],
): void {
  const schema = resolveRef(rawSchema, root);
  const at = (message: string) => issues.push({ path, message });

  const types = schemaTypes(schema);
  if (types.length > 0 && !types.some((type) => typeMatches(value, type))) {
    at(`expected ${types.join(' or ')}, got ${describeValue(value)}`);
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => deepEqual(option, value))) {
    at(
      `must be one of ${schema.enum.map((option) => JSON.stringify(option)).join(', ')}, got ${describeValue(value)}`,
    );
  }
  if ('const' in schema && !deepEqual(schema.const, value)) {
    at(`must be ${JSON.stringify(schema.const)}, got ${describeValue(value)}`);
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const options = schema[keyword];
    if (Array.isArray(options) && options.length > 0) {
      const fits = options.some((option) => {
        const local: SchemaIssue[] = [];
        if (isObject(option)) check(value, option, path, root, local);
        return isObject(option) && local.length === 0;
      });
      if (!fits) at(`does not match any allowed shape, got ${describeValue(value)}`);
    }
  }
  if (Array.isArray(schema.allOf)) {
    for (const part of schema.allOf) if (isObject(part)) check(value, part, path, root, issues);
  }

  if (typeof value === 'string') checkString(value, schema, at);
  else if (typeof value === 'number') checkNumber(value, schema, at);
  else if (Array.isArray(value)) checkArray(value, schema, path, root, issues, at);
  else if (isObject(value)) checkObject(value, schema, path, root, issues);
}

function checkString(value: string, schema: JsonSchema, at: (message: string) => void): void {
  const length = [...value].length;
  if (typeof schema.minLength === 'number' && length < schema.minLength)
    at(`must be at least ${schema.minLength} characters long`);
  if (typeof schema.maxLength === 'number' && length > schema.maxLength)
    at(`must be at most ${schema.maxLength} characters long`);
}

function checkNumber(value: number, schema: JsonSchema, at: (message: string) => void): void {
  if (typeof schema.minimum === 'number' && value < schema.minimum)
    at(`must be >= ${schema.minimum}, got ${value}`);
  if (typeof schema.maximum === 'number' && value > schema.maximum)
    at(`must be <= ${schema.maximum}, got ${value}`);
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum)
    at(`must be > ${schema.exclusiveMinimum}, got ${value}`);
  if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum)
    at(`must be < ${schema.exclusiveMaximum}, got ${value}`);
}

function checkArray(
  value: unknown[],
  schema: JsonSchema,
  path: string,
  root: JsonSchema,
  issues: SchemaIssue[],
  at: (message: string) => void,
): void {
  if (typeof schema.minItems === 'number' && value.length < schema.minItems)
    at(`must have at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`);
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
    at(`must have at most ${schema.maxItems} items`);
  if (isObject(schema.items)) {
    const items = schema.items;
    value.forEach((item, index) => {
      check(item, items, `${path}[${index}]`, root, issues);
    });
  }
}

function checkObject(
  value: Record<string, unknown>,
  schema: JsonSchema,
  path: string,
  root: JsonSchema,
  issues: SchemaIssue[],
): void {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const join = (key: string) => (path ? `${path}.${key}` : key);
  if (Array.isArray(schema.required)) {
    for (const key of schema.required) {
      if (typeof key === 'string' && !(key in value))
        issues.push({ path: join(key), message: 'is required' });
    }
  }
  for (const [key, item] of Object.entries(value)) {
    const propertySchema = properties[key];
    if (isObject(propertySchema)) check(item, propertySchema, join(key), root, issues);
    else if (schema.additionalProperties === false) {
      const allowed = Object.keys(properties);
      issues.push({
        path: join(key),
        message: `is not an allowed property${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`,
      });
    } else if (isObject(schema.additionalProperties))
      check(item, schema.additionalProperties, join(key), root, issues);
  }
}

/** `string "ls -la"`: the value's JSON type and its JSON text, shortened, for messages. */
export function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `${jsonTypeOf(value)} ${shown}`;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]))
    );
  }
  return false;
}
