// The user's approvals of MCP servers defined in a project's `.ossa/config.toml`. A project file
// comes with the repository, so a server it defines (a program ossa would start) runs only after
// the user approved that exact definition. Approvals live in $OSSA_HOME/mcp-approvals.json —
// outside every repository, so nothing a repository contains can approve itself — keyed by the
// project file and server id, holding a hash of the definition: a changed definition (another
// command, other arguments, another URL) asks again.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface ApprovalsFile {
  version: 1;
  /** `<project file>#<server id>` → sha256 of the definition. */
  approved: Record<string, string>;
}

export function mcpApprovalsPath(home: string): string {
  return join(home, 'mcp-approvals.json');
}

/** A stable hash of what a definition runs or reaches (keys sorted, so key order does not matter). */
export function definitionHash(definition: unknown): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

export function isDefinitionApproved(
  home: string,
  file: string,
  server: string,
  definition: unknown,
): boolean {
  return read(home).approved[`${file}#${server}`] === definitionHash(definition);
}

export function approveDefinition(home: string, file: string, server: string, definition: unknown): void {
  const current = read(home);
  current.approved[`${file}#${server}`] = definitionHash(definition);
  const path = mcpApprovalsPath(home);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(current, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

function read(home: string): ApprovalsFile {
  try {
    const parsed = JSON.parse(readFileSync(mcpApprovalsPath(home), 'utf8')) as Partial<ApprovalsFile>;
    if (parsed && typeof parsed.approved === 'object' && parsed.approved !== null) {
      const approved: Record<string, string> = {};
      for (const [key, value] of Object.entries(parsed.approved)) {
        if (typeof value === 'string') approved[key] = value;
      }
      return { version: 1, approved };
    }
  } catch {
    // Missing or unreadable: nothing approved (asking again is the safe side).
  }
  return { version: 1, approved: {} };
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonicalJson(child)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
