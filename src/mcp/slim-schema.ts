// A server's tool declaration, made small for a small context window: descriptions trimmed to
// their first sentences, annotation-only keywords (`$schema`, `title`, `examples`, `$comment` …)
// dropped, whitespace collapsed. Validation keywords (types, enums, required, bounds, defaults)
// stay: the model needs them to call the tool right. Pure and deterministic, so the same server
// gives byte-identical declarations on every request and in every session.

/** Keywords that only annotate a schema. */
const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  '$comment',
  'title',
  'examples',
  'example',
  'deprecated',
  'readOnly',
  'writeOnly',
  'markdownDescription',
]);
/** Keywords whose value is a map of name → schema. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
/** Keywords whose value is a schema. */
const SCHEMA_VALUES = new Set([
  'items',
  'additionalProperties',
  'additionalItems',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
]);
/** Keywords whose value is a list of schemas. */
const SCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);

export const MAX_TOOL_DESCRIPTION = 320;
export const MAX_PROPERTY_DESCRIPTION = 160;
const MAX_DEPTH = 24;

export function slimDescription(text: string | undefined, max: number): string {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  // Whole sentences when they fit, else a cut at a word boundary.
  const window = flat.slice(0, max);
  const sentenceEnd = window.lastIndexOf('. ');
  if (sentenceEnd >= max / 3) return window.slice(0, sentenceEnd + 1);
  const space = window.lastIndexOf(' ');
  return `${window.slice(0, space > max / 2 ? space : max - 1)}…`;
}

export function slimInputSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const slim = slimSchema(schema, 0);
  const result = isObject(slim) ? slim : {};
  // Function parameters are an object; some servers leave out `type` or `properties`.
  if (result.type === undefined) result.type = 'object';
  if (result.type === 'object' && result.properties === undefined) result.properties = {};
  return result;
}

function slimSchema(value: unknown, depth: number): unknown {
  if (!isObject(value)) return typeof value === 'boolean' ? value : {};
  if (depth > MAX_DEPTH) return {};
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (ANNOTATIONS.has(key)) continue;
    if (key === 'description') {
      const text = typeof child === 'string' ? slimDescription(child, MAX_PROPERTY_DESCRIPTION) : '';
      if (text) result.description = text;
    } else if (SCHEMA_MAPS.has(key) && isObject(child)) {
      const map: Record<string, unknown> = {};
      for (const [name, schema] of Object.entries(child)) map[name] = slimSchema(schema, depth + 1);
      result[key] = map;
    } else if (SCHEMA_VALUES.has(key)) {
      result[key] = Array.isArray(child)
        ? child.map((item) => slimSchema(item, depth + 1))
        : slimSchema(child, depth + 1);
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(child)) {
      result[key] = child.map((item) => slimSchema(item, depth + 1));
    } else {
      result[key] = child;
    }
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
