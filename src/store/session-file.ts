// Session files: append-only JSONL under $OSSA_HOME/sessions/YYYY/MM/DD/. Each record is written
// with a synchronous append, so a crash loses nothing that was already shown. A crash or a full
// disk can cut the last line: reopening a file for appending first cuts that torn tail off, so
// the next record starts on a line of its own, and loading skips (and counts) torn lines.
import {
  appendFileSync,
  closeSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
} from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { OssaError } from '../errors.js';
import type { ModelItem } from '../model/types.js';
import type { AgentEvent } from '../protocol/events.js';
import { ensurePrivateDirs, PRIVATE_FILE_MODE, tightenFile } from './private-files.js';
import { type EventRecord, RecordFiller, RecordSlimmer } from './record-dedupe.js';

export interface SessionMeta {
  id: string;
  createdAt: string;
  cwd: string;
  model: string;
  provider: string;
  ossaVersion: string;
}

export type SessionRecord =
  | ({ type: 'meta' } & SessionMeta)
  | { type: 'item'; item: ModelItem }
  /**
   * The history was compacted: `items` replace every item before (a resumed session continues
   * from them); `ledger` is what ossa tracked of the part that was summarised (session-owned shape).
   */
  | { type: 'compaction'; items: ModelItem[]; ledger?: unknown }
  /** An event; `same` names the field left out because the item before it holds it (record-dedupe.ts). */
  | EventRecord;

export class SessionFile {
  /** Written before the first record: a session nobody typed into leaves no file behind. */
  private pendingMeta: SessionRecord | undefined;

  /** Set once the file and its directories have been made private (private-files.ts). */
  private privacyChecked = false;

  private constructor(
    readonly path: string,
    /** The `sessions` directory: it and everything below it are 0700. */
    private readonly sessionsDir: string = dirname(path),
  ) {}

  static create(home: string, meta: SessionMeta): SessionFile {
    const stamp = meta.createdAt.replace(/:/g, '-').replace(/\..*$/, '');
    const [year, month, day] = meta.createdAt.slice(0, 10).split('-') as [string, string, string];
    const sessions = join(home, 'sessions');
    const file = new SessionFile(join(sessions, year, month, day, `${stamp}-${meta.id}.jsonl`), sessions);
    file.pendingMeta = { type: 'meta', ...meta };
    return file;
  }

  /** An existing file, to append to (resume); a torn last line is cut off first. */
  static open(path: string): SessionFile {
    const marker = `${sep}sessions${sep}`;
    const at = path.lastIndexOf(marker);
    const file = new SessionFile(path, at < 0 ? dirname(path) : path.slice(0, at + marker.length - 1));
    file.needsTailCheck = true;
    return file;
  }

  private needsTailCheck = false;

  /** Leaves out of events what the items already hold (each text is stored once). */
  private readonly slimmer = new RecordSlimmer();

  /** Appends one record; a failure is a SessionWriteError naming the file and the cause. */
  append(record: SessionRecord): void {
    try {
      if (this.needsTailCheck) {
        cutTornTail(this.path);
        this.needsTailCheck = false;
      }
      if (this.pendingMeta) {
        ensurePrivateDirs(this.sessionsDir, dirname(this.path));
        appendFileSync(this.path, `${JSON.stringify(this.pendingMeta)}\n`, { mode: PRIVATE_FILE_MODE });
        this.pendingMeta = undefined;
      }
      const lines = this.slimmer.slim(record).map((slimmed) => `${JSON.stringify(slimmed)}\n`);
      if (lines.length > 0) appendFileSync(this.path, lines.join(''), { mode: PRIVATE_FILE_MODE });
      if (!this.privacyChecked) {
        // A resumed file (or one an older version wrote) may be readable by others: tighten it once.
        ensurePrivateDirs(this.sessionsDir, dirname(this.path));
        tightenFile(this.path);
        this.privacyChecked = true;
      }
    } catch (error) {
      throw new SessionWriteError(this.path, error);
    }
  }
}

/** Writing the session file failed (disk full, permissions): the session cannot be saved. */
export class SessionWriteError extends OssaError {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    const reason =
      code === 'ENOSPC' || code === 'EDQUOT'
        ? `the disk is full (${code}: no space left on device). Free some space, then continue with \`ossa exec resume\` or /resume`
        : `${cause instanceof Error ? cause.message : String(cause)}`;
    super(`Cannot save the session to ${path}: ${reason}. Nothing more is written to it.`, 1, { cause });
  }
}

/** Truncates the file after its last line break (the rest is a record a crash cut short). */
function cutTornTail(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    const chunk = Buffer.alloc(64 * 1024);
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - chunk.length);
      const n = readSync(fd, chunk, 0, end - start, start);
      const newline = chunk.subarray(0, n).lastIndexOf(0x0a);
      if (newline >= 0) {
        if (start + newline + 1 < size) ftruncateSync(fd, start + newline + 1);
        return;
      }
      end = start;
    }
    if (size > 0) ftruncateSync(fd, 0);
  } finally {
    closeSync(fd);
  }
}

export interface LoadedSession {
  path: string;
  meta: SessionMeta;
  items: ModelItem[];
  /** The events saved alongside (deltas are never saved): what the UI replays on /resume. */
  events: AgentEvent[];
  /** Lines that were not complete records (cut by a crash or a full disk) and were skipped. */
  tornLines: number[];
  /** The ledger of the last compaction, unchecked (the session validates it). */
  ledger?: unknown;
}

function* sessionPaths(home: string): Generator<string> {
  const root = join(home, 'sessions');
  const walk = function* (dir: string): Generator<string> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) yield* walk(path);
      else if (entry.name.endsWith('.jsonl')) yield path;
    }
  };
  yield* walk(root);
}

function readFirstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, n).toString('utf8');
    const newline = text.indexOf('\n');
    return newline < 0 ? text : text.slice(0, newline);
  } finally {
    closeSync(fd);
  }
}

function readMeta(path: string): SessionMeta | undefined {
  try {
    const record = JSON.parse(readFirstLine(path)) as SessionRecord;
    return record.type === 'meta' ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Finds a session by id (or unique id prefix), or the newest one for `cwd` when `id` is undefined. */
export function findSession(home: string, query: { id?: string; cwd?: string }): string {
  const matches: { path: string; meta: SessionMeta }[] = [];
  for (const path of sessionPaths(home)) {
    const meta = readMeta(path);
    if (!meta) continue;
    if (query.id !== undefined ? meta.id.startsWith(query.id) : meta.cwd === query.cwd)
      matches.push({ path, meta });
  }
  if (query.id !== undefined) {
    if (matches.length === 0) {
      throw new OssaError(
        `No saved session with id \`${query.id}\` in ${join(home, 'sessions')}. Use \`ossa exec resume --last\` for the newest one.`,
        2,
      );
    }
    if (matches.length > 1) {
      throw new OssaError(
        `Session id prefix \`${query.id}\` is ambiguous: ${matches.map((m) => m.meta.id).join(', ')}.`,
        2,
      );
    }
    return matches[0]!.path;
  }
  matches.sort((a, b) => a.meta.createdAt.localeCompare(b.meta.createdAt));
  const newest = matches.at(-1);
  if (!newest) {
    throw new OssaError(`No saved session for ${query.cwd} in ${join(home, 'sessions')}.`, 2);
  }
  return newest.path;
}

/** Saved sessions (meta records only), newest first; with `cwd`, only those started there. */
export function listSessions(
  home: string,
  query: { cwd?: string } = {},
): { path: string; meta: SessionMeta }[] {
  const found: { path: string; meta: SessionMeta }[] = [];
  for (const path of sessionPaths(home)) {
    const meta = readMeta(path);
    if (meta && (query.cwd === undefined || meta.cwd === query.cwd)) found.push({ path, meta });
  }
  return found.sort((a, b) => b.meta.createdAt.localeCompare(a.meta.createdAt));
}

export function loadSession(path: string): LoadedSession {
  const lines = readFileSync(path, 'utf8').split('\n');
  let meta: SessionMeta | undefined;
  let items: ModelItem[] = [];
  let ledger: unknown;
  const events: AgentEvent[] = [];
  const tornLines: number[] = [];
  const filler = new RecordFiller();
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const record = parseRecord(line);
    if (!record) {
      tornLines.push(index + 1);
      return;
    }
    if (record.type === 'meta') meta ??= record;
    else if (record.type === 'item') {
      items.push(record.item);
      filler.noteItem(record.item);
    } else if (record.type === 'event') events.push(filler.fill(record));
    else if (record.type === 'compaction' && Array.isArray(record.items)) {
      for (const item of record.items) filler.noteItem(item);
      items = [...record.items];
      ledger = record.ledger;
    }
  });
  if (!meta) throw new OssaError(`Session file ${path} has no meta record; it is not an ossa session.`, 1);
  return { path, meta, items, events, tornLines, ...(ledger !== undefined ? { ledger } : {}) };
}

/**
 * One line as a record. Older versions appended after a torn line, gluing a complete record to
 * the cut one: the first `{"type":` after the cut that starts a valid record is taken then.
 */
function parseRecord(line: string): SessionRecord | undefined {
  const parse = (text: string) => {
    try {
      const value = JSON.parse(text) as SessionRecord;
      return value && typeof value === 'object' && typeof value.type === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  };
  const whole = parse(line);
  if (whole) return whole;
  let tries = 0;
  for (
    let start = line.indexOf('{"type":', 1);
    start > 0 && tries++ < 16;
    start = line.indexOf('{"type":', start + 1)
  ) {
    const glued = parse(line.slice(start));
    if (glued) return glued;
  }
  return undefined;
}
