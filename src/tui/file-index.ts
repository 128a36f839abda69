// The `@` completion index over the workspace's files: every path, lower-cased once, and the
// matches of the last query kept so that typing one more character only re-checks those (a
// longer query matches a subset of what its prefix matched, for every kind of match below).
// Built once per file list; each key then costs a scan of the remaining candidates, not of the
// repository (100,000 paths: about 20 ms for the first `@`, well under 1 ms a key after).

/** Replacement candidates, best first, at most this many. */
export const MAX_FILE_ITEMS = 8;
/** Paths checked for an in-order (fuzzy) match that cannot rank, only to narrow the next key. */
const EXACT_NARROWING_LIMIT = 20_000;

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

const scratchOf = new WeakMap<FileIndex, { matches: Int32Array; unsure: Int32Array }>();

/** Working arrays for one ranking, reused across keys (a key allocates nothing per path). */
function scratch(index: FileIndex, count: number): { matches: Int32Array; unsure: Int32Array } {
  let buffers = scratchOf.get(index);
  if (!buffers || buffers.matches.length < count) {
    buffers = { matches: new Int32Array(index.paths.length), unsure: new Int32Array(index.paths.length) };
    scratchOf.set(index, buffers);
  }
  return buffers;
}

/** The best MAX_FILE_ITEMS paths for `query` (case-insensitive), best first. */
export function rankFiles(index: FileIndex, rawQuery: string): string[] {
  const query = rawQuery.toLowerCase();
  const last = index.last;
  const candidates = last && query.startsWith(last.query) ? last.matches : undefined;
  const count = candidates ? candidates.length : index.paths.length;
  const { matches, unsure } = scratch(index, count);
  let matched = 0;
  const best: Scored[] = [];
  const keep = (i: number, score: number) =>
    keepBest(best, { path: index.paths[i]!, lower: index.lower[i]!, score });
  // First the cheap kinds of match (prefix, basename prefix, substring) over every candidate.
  // Once eight paths are in hand, a path only gets the checks that could still beat the worst of
  // them; one that fails those may still match and is kept for the next key unchecked (so the
  // candidates are a superset of the matches, never missing one).
  let unsureCount = 0;
  for (let n = 0; n < count; n++) {
    const i = candidates ? candidates[n]! : n;
    const worst = best.length === MAX_FILE_ITEMS ? best[MAX_FILE_ITEMS - 1]!.score : SUBSTRING;
    const score = cheapScore(index.lower[i]!, query, worst);
    if (score === UNRANKED) unsure[unsureCount++] = i;
    else {
      matches[matched++] = i;
      keep(i, score);
    }
  }
  if (best.length === MAX_FILE_ITEMS && unsureCount > EXACT_NARROWING_LIMIT) {
    // A fuzzy match could not rank: keep the rest as candidates for the next key unchecked (a
    // few more keys bring them under the limit, and then every candidate is a match again).
    matches.set(unsure.subarray(0, unsureCount), matched);
    matched += unsureCount;
  } else {
    for (let n = 0; n < unsureCount; n++) {
      const i = unsure[n]!;
      if (!inOrder(index.lower[i]!, query)) continue;
      matches[matched++] = i;
      keep(i, FUZZY);
    }
  }
  index.last = { query, matches: matches.slice(0, matched) };
  return best.map((s) => s.path);
}

interface Scored {
  path: string;
  /** The path lower-cased: ties are ordered by it (a collator per compare was the slowest part). */
  lower: string;
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

/** Better score first, then shorter path, then alphabetical (ignoring case, then by code unit). */
function compareScored(a: Scored, b: Scored): number {
  return (
    a.score - b.score || a.path.length - b.path.length || order(a.lower, b.lower) || order(a.path, b.path)
  );
}

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const PATH_PREFIX = 0;
const BASENAME_PREFIX = 1;
const SUBSTRING = 2;
/** The query's characters appear in the path in order. */
const FUZZY = 3;
/** Not a cheap match (or not checked past `worst`): may still match. */
const UNRANKED = 4;

/**
 * The best cheap kind of match of `query` in `path`, checking only the kinds up to `worst` (lower
 * is better). Every match of a query also matches each of its prefixes, so narrowing stays exact.
 */
function cheapScore(path: string, query: string, worst: number): number {
  if (query === '') return path.includes('/') ? BASENAME_PREFIX : PATH_PREFIX;
  if (path.startsWith(query)) return PATH_PREFIX;
  if (worst < BASENAME_PREFIX) return UNRANKED;
  if (path.startsWith(query, path.lastIndexOf('/') + 1)) return BASENAME_PREFIX;
  if (worst < SUBSTRING) return UNRANKED;
  return path.includes(query) ? SUBSTRING : UNRANKED;
}

/** The query's characters appear in `path` in order. */
function inOrder(path: string, query: string): boolean {
  let position = 0;
  for (let q = 0; q < query.length; q++) {
    position = path.indexOf(query[q]!, position);
    if (position < 0) return false;
    position += 1;
  }
  return true;
}
