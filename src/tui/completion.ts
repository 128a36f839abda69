// Completion candidates for the word before the cursor: `/command` at the start of the composer
// and `@path` anywhere. Pure: the file list comes from the host.
import { type FileIndex, rankFiles } from './file-index.js';
import { matchSlashCommands } from './slash-commands.js';

export interface Completion {
  /** Index in the composer value where the replaced word starts. */
  start: number;
  /** Replacement texts, best first. */
  items: string[];
}

export function slashCompletion(value: string, cursor: number): Completion | undefined {
  const match = /^\/([a-z-]*)$/.exec(value.slice(0, cursor));
  if (!match || value.slice(cursor).trim() !== '') return undefined;
  const items = matchSlashCommands(match[1]!).map((c) => `/${c.name}`);
  if (items.length === 0 || (items.length === 1 && items[0] === value)) return undefined;
  return { start: 0, items };
}

/** Candidates for `@query`: path prefix matches first, then basename prefix, then fuzzy. */
export function fileCompletion(word: string, start: number, files: FileIndex): Completion | undefined {
  if (!word.startsWith('@')) return undefined;
  const items = rankFiles(files, word.slice(1));
  return items.length > 0 ? { start, items: items.map((path) => `@${path}`) } : undefined;
}
