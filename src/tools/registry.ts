// The tools of a session: their specs for the model (computed once, so every request carries
// byte-identical tool declarations), lookup by name, and argument validation whose failure
// message goes back to the model as the tool result — saying what was wrong and what is expected.
// Besides the built-in tools, sources (tool-source.ts) add tools chosen per session.
import { exceedsJsonDepth, tooDeepMessage } from '../protocol/json-depth.js';
import type { ToolSpec } from '../protocol/tool-spec.js';
import type * as z from '../protocol/zod.js';
import type { ToolDefinition } from './define-tool.js';
import { toJsonSchema } from './tool-schema.js';
import type { ToolSource, ToolSourceContext } from './tool-source.js';

export type ParsedArguments = { ok: true; params: unknown } | { ok: false; message: string };

export interface ToolRegistry {
  /** Built-in tools first, then the sources' in their order; the same array until `prepare` changes the set. */
  specs(): ToolSpec[];
  get(name: string): ToolDefinition<unknown> | undefined;
  names(): string[];
  parseArguments(name: string, rawJson: string): ParsedArguments;
  /**
   * Brings the sources' tools in for `task` (see tool-source.ts). The session calls it before
   * each turn; with `reselect` (a compaction) the sources choose again.
   */
  prepare(task: string, context: ToolSourceContext): Promise<void>;
  /** Closes every source (stops MCP servers). */
  close(): Promise<void>;
}

/**
 * A tool and its declaration. The JSON Schema is made on first use (the first request, or a
 * failed call's message), not when the session is created: the TUI and `ossa exec` start without
 * paying for `z.toJSONSchema`, and it is made once per entry all the same.
 */
interface Entry {
  tool: ToolDefinition<unknown>;
  spec(): ToolSpec;
  schemaText(): string;
}

function entryFor(tool: ToolDefinition<unknown>): Entry {
  let made: { spec: ToolSpec; schemaText: string } | undefined;
  const make = () => {
    if (made) return made;
    const parameters = tool.inputSchema ?? toJsonSchema(tool.parameters);
    made = {
      spec: Object.freeze({ name: tool.name, description: tool.description, parameters }),
      schemaText: JSON.stringify(parameters),
    };
    return made;
  };
  return { tool, spec: () => make().spec, schemaText: () => make().schemaText };
}

export function createToolRegistry(
  tools: readonly ToolDefinition<unknown>[],
  sources: readonly ToolSource[] = [],
): ToolRegistry {
  const builtIn = tools.map(entryFor);
  let byName = new Map<string, Entry>();
  let specs: ToolSpec[] | undefined;
  let fromSources: (readonly ToolDefinition<unknown>[])[] = sources.map(() => []);
  const rebuild = () => {
    const next = new Map<string, Entry>();
    const known = new Map(byName);
    for (const entry of [...builtIn, ...fromSources.flat().map((tool) => reuse(known, tool))]) {
      if (next.has(entry.tool.name)) throw new Error(`Two tools are named \`${entry.tool.name}\`.`);
      next.set(entry.tool.name, entry);
    }
    byName = next;
    specs = undefined;
  };
  rebuild();

  return {
    specs: () => {
      specs ??= Object.freeze([...byName.values()].map((entry) => entry.spec())) as ToolSpec[];
      return specs;
    },
    get: (name) => byName.get(name)?.tool,
    names: () => [...byName.keys()],
    async prepare(task, context) {
      const chosen = await Promise.all(sources.map((source) => source.toolsFor(task, context)));
      // A source that keeps its choice returns the same array: the specs stay the same array too.
      if (chosen.every((list, index) => list === fromSources[index])) return;
      fromSources = chosen;
      rebuild();
    },
    async close() {
      await Promise.allSettled(sources.map((source) => source.close()));
    },
    parseArguments(name, rawJson) {
      const entry = byName.get(name);
      if (!entry) {
        return {
          ok: false,
          message: `Unknown tool \`${name}\`. Available tools: ${[...byName.keys()].join(', ')}.`,
        };
      }
      const { tool } = entry;
      const expected = `Expected arguments: a JSON object matching this schema: ${entry.schemaText()}`;
      const text = rawJson.trim();
      if (exceedsJsonDepth(text))
        return { ok: false, message: `Invalid arguments for \`${name}\`: ${tooDeepMessage()}` };
      let value: unknown;
      try {
        // Some servers send an empty string for a call without arguments.
        value = text === '' ? {} : JSON.parse(text);
      } catch (error) {
        // A tool's schema may accept the raw text itself (apply_patch takes a bare patch).
        const raw = tool.parameters.safeParse(rawJson);
        if (raw.success) return { ok: true, params: raw.data };
        const reason = error instanceof Error ? error.message : String(error);
        return {
          ok: false,
          message: `Invalid arguments for \`${name}\`: not valid JSON (${reason}).\n${expected}`,
        };
      }
      const parsed = tool.parameters.safeParse(unwrapDoubleEncoded(value));
      if (parsed.success) return { ok: true, params: parsed.data };
      return {
        ok: false,
        message: `Invalid arguments for \`${name}\`:\n${formatIssues(parsed.error.issues)}\n${expected}`,
      };
    },
  };
}

/** The entry made before for this very definition (its spec object stays the same). */
function reuse(known: Map<string, Entry>, tool: ToolDefinition<unknown>): Entry {
  const existing = known.get(tool.name);
  return existing && existing.tool === tool ? existing : entryFor(tool);
}

/** Some models encode the arguments object twice (a JSON string holding the JSON object). */
function unwrapDoubleEncoded(value: unknown): unknown {
  if (typeof value !== 'string' || !value.trimStart().startsWith('{')) return value;
  try {
    const inner: unknown = JSON.parse(value);
    return inner !== null && typeof inner === 'object' ? inner : value;
  } catch {
    return value;
  }
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `- ${formatPath(issue.path)}: ${issue.message}`).join('\n');
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(arguments)';
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}
