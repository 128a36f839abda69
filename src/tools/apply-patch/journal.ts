// The commit journal: a small JSON file in ossa's own state directory ($OSSA_HOME/patch-journal,
// never the workspace, so a repository cannot plant one) that says what a running apply is doing.
// Written before the first temporary ('staging') and again before the first rename
// ('committing'); removed when the apply is done. A process killed in between (SIGKILL, power
// cut) leaves it behind, and the next run in that workspace finishes or undoes the apply
// (recover.ts). It holds paths and fingerprints only, never file contents.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface JournalEntry {
  /** Absolute real path written or removed. */
  path: string;
  /** The temporary holding the new bytes, next to `path` (writes only). */
  temporary?: string;
  /** fingerprint.ts of the path before and after the patch. */
  before: string;
  after: string;
}

export interface JournalRecord {
  version: 1;
  pid: number;
  startedAt: string;
  /** The workspace the patch was applied in (real path). */
  cwd: string;
  /** staging: temporaries being written, nothing renamed yet. committing: renames under way. */
  state: 'staging' | 'committing';
  entries: JournalEntry[];
  /** Directories the apply created (parents first); removed again on undo when empty. */
  createdDirectories: string[];
}

export class Journal {
  private constructor(
    readonly path: string,
    private record: JournalRecord,
  ) {}

  /** Writes the first version of a journal into `dir`. */
  static async begin(dir: string, record: JournalRecord): Promise<Journal> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const name = `${Date.now()}-${record.pid}-${randomBytes(4).toString('hex')}.json`;
    const journal = new Journal(join(dir, name), record);
    await journal.write();
    return journal;
  }

  async update(change: Partial<Pick<JournalRecord, 'state' | 'createdDirectories'>>): Promise<void> {
    this.record = { ...this.record, ...change };
    await this.write();
  }

  async remove(): Promise<void> {
    await unlink(this.path).catch(() => undefined);
  }

  /** Atomic replace, flushed to disk: the next run reads either the old or the new version. */
  private async write(): Promise<void> {
    const temporary = `${this.path}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify(this.record));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.path);
  }
}

/** The journals in `dir` (unreadable ones as `undefined` records), and stray journal temporaries. */
export async function listJournals(
  dir: string,
): Promise<{ journals: { path: string; record: JournalRecord | undefined }[]; strays: string[] }> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return { journals: [], strays: [] };
  }
  const journals: { path: string; record: JournalRecord | undefined }[] = [];
  const strays: string[] = [];
  for (const name of names.sort()) {
    const path = join(dir, name);
    if (name.endsWith('.tmp')) strays.push(path);
    else if (name.endsWith('.json'))
      journals.push({ path, record: parseRecord(await readFile(path, 'utf8')) });
  }
  return { journals, strays };
}

function parseRecord(text: string): JournalRecord | undefined {
  try {
    const value = JSON.parse(text) as JournalRecord;
    const valid =
      value.version === 1 &&
      Number.isInteger(value.pid) &&
      typeof value.cwd === 'string' &&
      (value.state === 'staging' || value.state === 'committing') &&
      Array.isArray(value.entries) &&
      Array.isArray(value.createdDirectories);
    return valid ? value : undefined;
  } catch {
    return undefined;
  }
}
