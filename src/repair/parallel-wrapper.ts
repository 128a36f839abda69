// OpenAI models sometimes make ONE native call named `parallel` (or `multi_tool_use.parallel`)
// whose arguments wrap several calls: `{"tool_uses": [{"recipient_name": "functions.x",
// "parameters": {…}}, …]}` (see ../shared/conformance/wire/vercel-ai/openai-responses/
// parallel-tool-call-wrapper.1). Unwrapped into the calls it contains.
import type { ExtractedCall } from './extracted-call.js';
import { isObject } from './json-schema-check.js';
import { parseJsonText } from './parse-json-text.js';
import type { RawToolCall } from './types.js';

const WRAPPER_NAMES = new Set(['parallel', 'multi_tool_use.parallel', 'functions.parallel']);

export function isParallelWrapper(call: RawToolCall, declared: readonly string[]): boolean {
  return WRAPPER_NAMES.has(call.name.trim()) && !declared.includes(call.name.trim());
}

/** The wrapped calls, or one call carrying a problem when the wrapper cannot be read. */
export function unwrapParallel(call: RawToolCall): ExtractedCall[] {
  const original = `${call.name} ${call.arguments}`;
  const parsed = parseJsonText(call.arguments);
  const uses = parsed.ok && isObject(parsed.value) ? parsed.value.tool_uses : undefined;
  if (!Array.isArray(uses) || uses.length === 0) {
    const problem = parsed.ok ? 'the `parallel` wrapper has no `tool_uses` list' : parsed.problem;
    return [{ format: 'parallel', name: call.name, arguments: call.arguments, original, problem }];
  }
  return uses.map((use): ExtractedCall => {
    if (!isObject(use) || typeof use.recipient_name !== 'string') {
      return {
        format: 'parallel',
        name: '',
        arguments: JSON.stringify(use),
        original,
        problem: 'a `tool_uses` entry has no `recipient_name`',
      };
    }
    const parameters = use.parameters ?? {};
    return {
      format: 'parallel',
      name: use.recipient_name,
      arguments:
        isObject(parameters) || typeof parameters === 'string' ? parameters : JSON.stringify(parameters),
      original,
      kinds: parsed.ok ? parsed.kinds : [],
    };
  });
}
