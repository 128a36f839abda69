// One call's arguments, from whatever the model sent to a JSON object that satisfies the tool's
// schema, or a problem description. Order: parse (lenient JSON), fit the top-level shape (a bare
// value for a tool with one required parameter, an echoed `{name, arguments}` wrapper), coerce
// towards the schema, then check; a call whose arguments still fail the check is never run.
import {
  checkAgainstSchema,
  describeValue,
  isObject,
  jsonTypeOf,
  type SchemaIssue,
  schemaTypes,
} from './json-schema-check.js';
import { parseJsonText } from './parse-json-text.js';
import { coerceToSchema } from './schema-coerce.js';
import { resolveToolName } from './tool-name.js';
import type { RepairToolSchema } from './types.js';

export type ArgumentsRepair =
  | {
      ok: true;
      /** JSON text: the model's own text when nothing needed changing, else re-serialised. */
      arguments: string;
      kinds: string[];
    }
  | { ok: false; problem: string; kinds: string[] };

const MAX_ISSUES = 5;

export function repairArguments(
  raw: string | Record<string, unknown>,
  tool: RepairToolSchema,
): ArgumentsRepair {
  const kinds = new Set<string>();
  let value: unknown;
  if (typeof raw === 'string') {
    if (raw.trim() === '') {
      value = {};
      kinds.add('empty-arguments');
    } else {
      const parsed = parseJsonText(raw);
      if (parsed.ok) {
        value = parsed.value;
        for (const kind of parsed.kinds) kinds.add(kind);
      } else if (parsed.notJson && soleRequiredProperty(tool, ['string', 'array'])) {
        // `ls -la` for shell, a bare patch for apply_patch: the text is the one required value.
        value = parsed.text;
        kinds.add('raw-text-argument');
      } else return { ok: false, problem: parsed.problem, kinds: [...kinds] };
    }
  } else value = raw;

  if (!isObject(value)) {
    const property = soleRequiredProperty(tool, [jsonTypeOf(value)]) ?? soleRequiredProperty(tool, ['array']);
    if (property === undefined || value === null)
      return {
        ok: false,
        problem: `the arguments must be a JSON object, not ${describeValue(value)}`,
        kinds: [...kinds],
      };
    value = { [property]: value };
    kinds.add('wrapped-in-object');
  }
  const unwrapped = unwrapEchoedCall(value as Record<string, unknown>, tool, kinds);
  if (typeof unwrapped === 'string') return { ok: false, problem: unwrapped, kinds: [...kinds] };

  const coerced = coerceToSchema(unwrapped, tool.parameters, kinds);
  const issues = checkAgainstSchema(coerced, tool.parameters);
  if (issues.length > 0) return { ok: false, problem: describeIssues(issues), kinds: [...kinds] };
  const unchanged = typeof raw === 'string' && kinds.size === 0;
  return { ok: true, arguments: unchanged ? raw : JSON.stringify(coerced), kinds: [...kinds] };
}

/** The one required property of a tool when it has exactly one and that accepts one of `types`. */
function soleRequiredProperty(tool: RepairToolSchema, types: string[]): string | undefined {
  const required = Array.isArray(tool.parameters.required) ? tool.parameters.required : [];
  if (required.length !== 1 || typeof required[0] !== 'string') return undefined;
  const properties = isObject(tool.parameters.properties) ? tool.parameters.properties : {};
  const property = properties[required[0]];
  if (!isObject(property)) return undefined;
  const propertyTypes = schemaTypes(property);
  const accepts = types.some(
    (type) => propertyTypes.includes(type) || (type === 'integer' && propertyTypes.includes('number')),
  );
  return accepts ? required[0] : undefined;
}

/**
 * `{"name": "shell", "arguments": {…}}` passed as the arguments of `shell`: the model echoed the
 * whole call. Unwrapped when the name is this tool and the schema has no such properties itself.
 */
function unwrapEchoedCall(
  value: Record<string, unknown>,
  tool: RepairToolSchema,
  kinds: Set<string>,
): Record<string, unknown> | string {
  const keys = Object.keys(value);
  const argsKey = keys.find((key) => key === 'arguments' || key === 'parameters');
  const properties = isObject(tool.parameters.properties) ? tool.parameters.properties : {};
  if (
    keys.length !== 2 ||
    typeof value.name !== 'string' ||
    !argsKey ||
    'name' in properties ||
    argsKey in properties
  )
    return value;
  const resolved = resolveToolName(value.name, [tool.name]);
  if (!resolved.ok)
    return `the arguments of \`${tool.name}\` name another tool (\`${value.name}\`); call that tool directly`;
  const inner = value[argsKey];
  const parsed =
    typeof inner === 'string' ? parseJsonText(inner) : { ok: true as const, value: inner, kinds: [] };
  if (!parsed.ok || !isObject(parsed.value)) return value;
  kinds.add('nested-call-unwrapped');
  for (const kind of parsed.kinds) kinds.add(kind);
  return parsed.value;
}

function describeIssues(issues: SchemaIssue[]): string {
  const shown = issues
    .slice(0, MAX_ISSUES)
    .map((issue) => (issue.path ? `\`${issue.path}\` ${issue.message}` : issue.message));
  const more = issues.length > MAX_ISSUES ? ` (and ${issues.length - MAX_ISSUES} more)` : '';
  return `the arguments do not match the schema: ${shown.join('; ')}${more}`;
}
