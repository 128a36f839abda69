// Lines added and removed per file in a unified diff (apply_patch's `details.diff`), for the
// one-line summary `patched update src/a.ts (+3 −1)`.

export interface FileStat {
  added: number;
  removed: number;
}

/** Per path (the `+++ b/…` name, or the `--- a/…` one for a deleted file). */
export function diffStat(diff: string): Map<string, FileStat> {
  const stats = new Map<string, FileStat>();
  let current: FileStat | undefined;
  let oldPath: string | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('--- ')) {
      oldPath = stripPrefix(line.slice(4));
      continue;
    }
    if (line.startsWith('+++ ')) {
      const newPath = stripPrefix(line.slice(4));
      const path = newPath === '/dev/null' ? (oldPath ?? newPath) : newPath;
      current = stats.get(path) ?? { added: 0, removed: 0 };
      stats.set(path, current);
      continue;
    }
    if (!current) continue;
    if (line.startsWith('+')) current.added += 1;
    else if (line.startsWith('-')) current.removed += 1;
  }
  return stats;
}

function stripPrefix(path: string): string {
  const name = path.split('\t', 1)[0]!.trim();
  return /^[ab]\//.test(name) ? name.slice(2) : name;
}
