// The key reference derived from the zod schema (through its JSON Schema): the list of documented
// keys for docs/configuration.md, and the keys valid at a given path for "did you mean".
import * as z from '../protocol/zod.js';
import { configSchema } from './schema.js';

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  minimum?: number;
  exclusiveMinimum?: number;
}

export interface SchemaKey {
  /** Dotted path with placeholders for map keys, e.g. `model_providers.<id>.base_url`. */
  path: string;
  /** Human type, e.g. `string`, `integer`, `"read-only" | "workspace-write"`, `table`. */
  type: string;
  description: string;
}

/** Placeholder shown for the user-chosen key of each map-like table. */
const PLACEHOLDERS: Record<string, string> = {
  model_providers: '<id>',
  mcp_servers: '<name>',
  projects: '"<path>"',
  profiles: '<name>',
  tools: '<tool>',
};

let cached: JsonSchema | undefined;
function rootSchema(): JsonSchema {
  cached ??= z.toJSONSchema(configSchema) as JsonSchema;
  return cached;
}

/** Every key of the schema, tables first then their fields, in declaration order. */
export function listSchemaKeys(): SchemaKey[] {
  const keys: SchemaKey[] = [];
  const visit = (schema: JsonSchema, prefix: string[]) => {
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      const path = [...prefix, name];
      keys.push({ path: path.join('.'), type: describeType(child), description: child.description ?? '' });
      if (child.properties) visit(child, path);
      const entry = mapEntrySchema(child);
      if (entry?.properties) visit(entry, [...path, PLACEHOLDERS[name] ?? '<key>']);
    }
  };
  visit(rootSchema(), []);
  return keys;
}

/** Names valid directly under `path` (concrete path, map keys included), or [] when unknown. */
export function knownKeysAt(path: readonly string[]): string[] {
  let schema: JsonSchema | undefined = rootSchema();
  for (const segment of path) {
    if (!schema) return [];
    schema = schema.properties?.[segment] ?? mapEntrySchema(schema);
  }
  return Object.keys(schema?.properties ?? {});
}

/** The human type expected at a concrete path (`model_providers.box.request_max_retries`). */
export function typeAt(path: readonly string[]): string | undefined {
  let schema: JsonSchema | undefined = rootSchema();
  for (const segment of path) {
    if (!schema) return undefined;
    schema = schema.properties?.[segment] ?? mapEntrySchema(schema);
  }
  return schema ? describeType(schema) : undefined;
}

function mapEntrySchema(schema: JsonSchema): JsonSchema | undefined {
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

function describeType(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.type === 'array') return `array of ${describeType(schema.items ?? {})}s`;
  if (schema.type === 'object') {
    const entry = mapEntrySchema(schema);
    if (schema.properties) return 'table';
    if (entry?.type === 'string') return 'table of strings';
    return 'table of tables';
  }
  if (schema.type === 'integer' && schema.exclusiveMinimum === 0) return 'integer > 0';
  if (schema.type === 'integer' && schema.minimum === 0) return 'integer ≥ 0';
  return schema.type ?? 'value';
}
