// Maps the tool name a model wrote onto a declared tool: exact match first, then without control
// tokens glued on (`shell<|channel|>commentary`), without a `functions.` / `tools.` prefix, and
// finally ignoring case and separators. A repaired name is accepted only when exactly one declared
// tool matches; two candidates are never guessed between.
import { looseKey } from './schema-coerce.js';

export type NameResolution =
  | { ok: true; name: string; kinds: string[] }
  | { ok: false; problem: 'unknown' | 'ambiguous'; written: string; candidates: string[] };

const PREFIX = /^(?:functions|function|tools|tool|default_api)\s*(?:\.|::|:|\/)\s*/i;

export function resolveToolName(written: string, declared: readonly string[]): NameResolution {
  const kinds: string[] = [];
  let name = written;
  const token = name.indexOf('<|');
  if (token >= 0) {
    name = name.slice(0, token);
    kinds.push('name-control-token-cut');
  }
  const trimmed = name.trim();
  name = trimmed.replace(/^["'`]+|["'`]+$/g, '');
  if (name !== trimmed) kinds.push('name-unquoted');
  if (declared.includes(name)) return { ok: true, name, kinds };

  const bare = name.replace(PREFIX, '');
  if (bare !== name) {
    if (declared.includes(bare)) return { ok: true, name: bare, kinds: [...kinds, 'name-prefix-stripped'] };
    kinds.push('name-prefix-stripped');
  }
  const candidates = declared.filter((tool) => looseKey(tool) === looseKey(bare));
  if (candidates.length === 1)
    return { ok: true, name: candidates[0]!, kinds: [...kinds, 'name-normalized'] };
  if (candidates.length > 1) return { ok: false, problem: 'ambiguous', written, candidates };
  return { ok: false, problem: 'unknown', written, candidates: [] };
}
