// The `@` completion index over the workspace's files: every path, lower-cased once, and the
// matches of the last query kept so that typing one more character only re-checks those (a
// longer query matches a subset of what its prefix matched, for every kind of match below).
// Built once per file list; each key then costs a scan of the remaining candidates, not of the
// repository (100,000 paths: about 20 ms for the first `@`, well under 1 ms a key after).

/** Replacement candidates, best first, at most this many. */
export const MAX_FILE_ITEMS = 8;

export interface FileIndex {
  readonly paths: readonly string[];
  /** `paths[i]` lower-cased. */
  readonly lower: readonly string[];
  /** The last query ranked and the indices of the paths it matched, for narrowing. */
  last?: { query: string; matches: Int32Array };
}

export function createFileIndex(paths: readonly string[]): FileIndex {
  return { paths, lower: paths.map((path) => path.toLowerCase()) };
}

/** The best MAX_FILE_ITEMS paths for `query` (case-insensitive), best first. */
export function rankFiles(index: FileIndex, rawQuery: string): string[] {
  const query = rawQuery.toLowerCase();
  const last = index.last;
  const candidates = last && query.startsWith(last.query) ? last.matches : undefined;
  const count = candidates ? candidates.length : index.paths.length;
  const matches = new Int32Array(count);
  let matched = 0;
  const best: Scored[] = [];
  for (let n = 0; n < count; n++) {
    const i = candidates ? candidates[n]! : n;
    const score = matchScore(index.lower[i]!, query);
    if (score === undefined) continue;
    matches[matched++] = i;
    keepBest(best, { path: index.paths[i]!, score });
  }
  index.last = { query, matches: matches.slice(0, matched) };
  return best.map((s) => s.path);
}

interface Scored {
  path: string;
  score: number;
}

/** Inserts `candidate` into the sorted `best` list if it ranks among the top MAX_FILE_ITEMS. */
function keepBest(best: Scored[], candidate: Scored): void {
  if (best.length === MAX_FILE_ITEMS && compareScored(candidate, best[MAX_FILE_ITEMS - 1]!) >= 0) return;
  let at = best.length;
  while (at > 0 && compareScored(candidate, best[at - 1]!) < 0) at--;
  best.splice(at, 0, candidate);
  if (best.length > MAX_FILE_ITEMS) best.pop();
}

// The same order as String#localeCompare, without building a collator on every call.
const byName = new Intl.Collator();

/** Better score first, then shorter path, then alphabetical. */
function compareScored(a: Scored, b: Scored): number {
  return a.score - b.score || a.path.length - b.path.length || byName.compare(a.path, b.path);
}

/** Lower is better; undefined means no match. Every match of a query also matches its prefixes. */
function matchScore(path: string, query: string): number | undefined {
  if (query === '') return path.includes('/') ? 1 : 0;
  if (path.startsWith(query)) return 0;
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base.startsWith(query)) return 1;
  if (path.includes(query)) return 2;
  // Fuzzy: the query's characters appear in order.
  let position = 0;
  for (const char of query) {
    position = path.indexOf(char, position);
    if (position < 0) return undefined;
    position += 1;
  }
  return 3;
}
