// The function name the model sees for a server's tool: `<server>__<tool>`, made valid for every
// model server's rules at once — OpenAI's `^[a-zA-Z0-9_-]{1,64}$`, and those that also want a
// letter or underscore first (Gemini, some llama.cpp grammars). Characters outside the set become
// `_`; a name that had to change or that is too long gets a short hash of the original, so two
// different tools never end up with one name and the same tool always gets the same name.
import { createHash } from 'node:crypto';

export const MAX_TOOL_NAME_LENGTH = 64;
const VALID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function qualifiedToolName(server: string, tool: string): string {
  const wanted = `${server}__${tool}`;
  if (wanted.length <= MAX_TOOL_NAME_LENGTH && VALID.test(wanted)) return wanted;
  let cleaned = `${clean(server)}__${clean(tool)}`;
  if (!/^[A-Za-z_]/.test(cleaned)) cleaned = `_${cleaned}`;
  const hash = createHash('sha256').update(wanted).digest('hex').slice(0, 6);
  const room = MAX_TOOL_NAME_LENGTH - hash.length - 1;
  return `${cleaned.slice(0, room)}_${hash}`;
}

function clean(part: string): string {
  return part.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * Names for every (server, tool) pair, unique: when two sanitised names still collide (a server
 * listing `a.b` and `a_b`), the later ones get a hash suffix too.
 */
export function assignToolNames(pairs: readonly { server: string; tool: string }[]): string[] {
  const used = new Set<string>();
  return pairs.map(({ server, tool }) => {
    let name = qualifiedToolName(server, tool);
    if (used.has(name)) {
      const hash = createHash('sha256').update(`${server}\u0000${tool}`).digest('hex').slice(0, 8);
      name = `${name.slice(0, MAX_TOOL_NAME_LENGTH - hash.length - 1)}_${hash}`;
    }
    used.add(name);
    return name;
  });
}
