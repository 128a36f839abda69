// The tool output sent back when a call cannot be run: it quotes what was wrong and what the model
// sent, and shows the exact expected shape (a TypeScript-like type and a minimal JSON example
// generated from the schema), so even a small model can correct itself on the next try.
import { isObject, type JsonSchema, resolveRef, schemaTypes } from './json-schema-check.js';
import type { RepairToolSchema } from './types.js';

const MAX_QUOTED = 400;
const MAX_DEPTH = 5;

export function argumentsRefusal(tool: RepairToolSchema, problem: string, sent: string): string {
  return [
    `Tool call \`${tool.name}\` was not run: ${problem}.`,
    `You sent: ${quote(sent)}`,
    `Expected arguments for \`${tool.name}\` (a JSON object): ${renderShape(tool.parameters)}`,
    `Example: ${JSON.stringify(exampleValue(tool.parameters, tool.parameters, 0))}`,
    `Call \`${tool.name}\` again with arguments in exactly this shape.`,
  ].join('\n');
}

export function unknownToolRefusal(
  written: string,
  tools: readonly RepairToolSchema[],
  sent: string,
): string {
  const available = tools.map((tool) => `\`${tool.name}\``).join(', ') || '(none)';
  return [
    `Tool call \`${written}\` was not run: there is no tool with that name.`,
    `You sent: ${quote(sent)}`,
    `Available tools: ${available}. Call one of them by its exact name.`,
  ].join('\n');
}

export function ambiguousToolRefusal(written: string, candidates: readonly string[], sent: string): string {
  return [
    `Tool call \`${written}\` was not run: the name matches more than one tool (${candidates.map((c) => `\`${c}\``).join(', ')}).`,
    `You sent: ${quote(sent)}`,
    'Call the tool you mean by its exact name.',
  ].join('\n');
}

export function unreadableCallRefusal(
  problem: string,
  tools: readonly RepairToolSchema[],
  sent: string,
): string {
  const available = tools.map((tool) => `\`${tool.name}\``).join(', ') || '(none)';
  return [
    `A tool call could not be read: ${problem}.`,
    `You sent: ${quote(sent)}`,
    `Use the tool-calling interface with one of: ${available}, and a JSON object of arguments.`,
  ].join('\n');
}

function quote(text: string): string {
  const shown = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}… (${text.length} characters)` : text;
  return shown.includes('\n') ? `\n${shown}` : shown;
}

/** `{ command: string[]; workdir?: string }` style rendering of a schema. */
export function renderShape(schema: JsonSchema, root: JsonSchema = schema, depth = 0): string {
  const resolved = resolveRef(schema, root);
  if (depth > MAX_DEPTH) return 'unknown';
  if (Array.isArray(resolved.enum)) return resolved.enum.map((option) => JSON.stringify(option)).join(' | ');
  if ('const' in resolved) return JSON.stringify(resolved.const);
  const options = [resolved.anyOf, resolved.oneOf].find(Array.isArray);
  if (options)
    return options
      .filter(isObject)
      .map((option) => renderShape(option, root, depth + 1))
      .join(' | ');
  const types = schemaTypes(resolved);
  if (types.length > 1)
    return types.map((type) => renderShape({ ...resolved, type }, root, depth)).join(' | ');
  switch (types[0]) {
    case 'object': {
      const properties = isObject(resolved.properties) ? resolved.properties : {};
      const required = new Set(Array.isArray(resolved.required) ? resolved.required : []);
      const fields = Object.entries(properties)
        .filter((entry): entry is [string, JsonSchema] => isObject(entry[1]))
        .map(
          ([key, value]) => `${key}${required.has(key) ? '' : '?'}: ${renderShape(value, root, depth + 1)}`,
        );
      return fields.length ? `{ ${fields.join('; ')} }` : '{}';
    }
    case 'array': {
      if (!isObject(resolved.items)) return 'unknown[]';
      const items = renderShape(resolved.items, root, depth + 1);
      return isUnion(resolveRef(resolved.items, root)) ? `(${items})[]` : `${items}[]`;
    }
    case undefined:
      return 'unknown';
    default:
      return types[0];
  }
}

function isUnion(schema: JsonSchema): boolean {
  if (Array.isArray(schema.enum)) return schema.enum.length > 1;
  return Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf) || schemaTypes(schema).length > 1;
}

/** A minimal valid value: required properties only, one array item, the first enum option. */
function exampleValue(schema: JsonSchema, root: JsonSchema, depth: number): unknown {
  const resolved = resolveRef(schema, root);
  if (Array.isArray(resolved.enum) && resolved.enum.length > 0) return resolved.enum[0];
  if ('const' in resolved) return resolved.const;
  const options = [resolved.anyOf, resolved.oneOf].find(Array.isArray)?.filter(isObject);
  if (options?.[0]) return exampleValue(options[0], root, depth + 1);
  if (depth > MAX_DEPTH) return null;
  switch (schemaTypes(resolved)[0]) {
    case 'object': {
      const properties = isObject(resolved.properties) ? resolved.properties : {};
      const required = Array.isArray(resolved.required) ? resolved.required : [];
      const example: Record<string, unknown> = {};
      for (const key of required) {
        const property = properties[key];
        if (typeof key === 'string' && isObject(property))
          example[key] = exampleValue(property, root, depth + 1);
      }
      return example;
    }
    case 'array':
      return isObject(resolved.items) ? [exampleValue(resolved.items, root, depth + 1)] : [];
    case 'string':
      return '...';
    case 'integer':
    case 'number':
      return typeof resolved.minimum === 'number' ? resolved.minimum : 1;
    case 'boolean':
      return true;
    default:
      return null;
  }
}
