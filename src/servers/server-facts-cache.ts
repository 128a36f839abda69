// What a server said about itself — which kind of server answers at a root URL, and its version —
// kept for a short time in $OSSA_HOME/cache/servers.json, so a start-up within SERVER_FACTS_TTL_MS
// of the last one skips identification (five parallel probes) and Ollama's version check, and
// sends only what can have changed (the model's window, whether it is loaded).
//
// Only facts that cost a probe and fail loudly when stale are kept: a different server on the
// same port answers the kind-specific requests with errors, and the caller then forgets the entry
// and identifies again (`forget`). Nothing here grants anything: a damaged or hostile file is
// ignored (and rewritten), never trusted beyond choosing which probes to send.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SERVER_KINDS, type ServerKind } from './server-kind.js';

/** How long a server's kind and version are believed without asking again: 10 minutes. */
export const SERVER_FACTS_TTL_MS = 10 * 60 * 1000;
/** Roots kept; the oldest go first. */
const MAX_ENTRIES = 32;
/** A bigger file is not ours to read. */
const MAX_FILE_BYTES = 64 * 1024;

export interface ServerFacts {
  kind: ServerKind;
  version?: string;
}

interface Entry extends ServerFacts {
  /** When the server said so (ms since the epoch). */
  at: number;
}

export interface ServerFactsCache {
  get(root: string): Promise<ServerFacts | undefined>;
  remember(root: string, facts: ServerFacts): Promise<void>;
  forget(root: string): Promise<void>;
}

/** The cache under `home`; `now` for tests. Failing to read or write it only costs probes. */
export function serverFactsCache(home: string, now: () => number = Date.now): ServerFactsCache {
  const file = join(home, 'cache', 'servers.json');
  const load = async (): Promise<Record<string, Entry>> => {
    try {
      const text = await readFile(file, 'utf8');
      if (text.length > MAX_FILE_BYTES) return {};
      return validEntries(JSON.parse(text));
    } catch {
      return {};
    }
  };
  const save = async (entries: Record<string, Entry>) => {
    const kept = Object.entries(entries)
      .sort(([, a], [, b]) => b.at - a.at)
      .slice(0, MAX_ENTRIES);
    try {
      await mkdir(join(home, 'cache'), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify(Object.fromEntries(kept), null, 2)}\n`, { mode: 0o600 });
      await rename(temp, file);
    } catch {
      // A read-only home only means probing again next time.
    }
  };
  return {
    async get(root) {
      const entry = (await load())[root];
      if (!entry) return undefined;
      const age = now() - entry.at;
      if (age < 0 || age > SERVER_FACTS_TTL_MS) return undefined;
      return entry.version !== undefined
        ? { kind: entry.kind, version: entry.version }
        : { kind: entry.kind };
    },
    async remember(root, facts) {
      const entries = await load();
      entries[root] = { ...facts, at: now() };
      await save(entries);
    },
    async forget(root) {
      const entries = await load();
      if (!(root in entries)) return;
      delete entries[root];
      await save(entries);
    },
  };
}

function validEntries(value: unknown): Record<string, Entry> {
  const entries: Record<string, Entry> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return entries;
  for (const [root, raw] of Object.entries(value as Record<string, unknown>)) {
    if (typeof raw !== 'object' || raw === null) continue;
    const { kind, version, at } = raw as Record<string, unknown>;
    if (
      typeof kind !== 'string' ||
      !Object.hasOwn(SERVER_KINDS, kind) ||
      typeof at !== 'number' ||
      !Number.isFinite(at)
    )
      continue;
    if (version !== undefined && (typeof version !== 'string' || version.length > 64)) continue;
    entries[root] = { kind: kind as ServerKind, at, ...(typeof version === 'string' ? { version } : {}) };
  }
  return entries;
}
