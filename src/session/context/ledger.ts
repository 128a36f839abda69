// What ossa itself knows about the work so far, kept across compactions so the handoff summary
// does not depend on the model remembering it: files read and modified, commands that failed
// (with their exact error), the plan, and the user's latest request. Built from the history items
// a compaction removes; saved with every compaction so a resumed session keeps it. Files modified
// come from the workspace itself (each tool output carries what changed across its call, see
// workspace-changes.ts) and from apply_patch's own list; files read from the commands' arguments.
import { parse as parseShell } from 'shell-quote';
import type { ModelItem } from '../../model/types.js';
import { withoutEnvironment } from '../instructions.js';
import { PRUNED_PREFIX, patchFiles, shorten } from './prune.js';

export interface LedgerState {
  filesRead: string[];
  filesModified: string[];
  failedCommands: { command: string; error: string }[];
  plan?: { step: string; status: string }[];
  /** The latest user message that was summarised away, verbatim (bounded). */
  userRequest?: string;
}

const MAX_FILES = 40;
const MAX_FAILURES = 6;
const MAX_ERROR_CHARS = 400;
const MAX_REQUEST_CHARS = 4000;
/** Commands whose file arguments are files read. */
const READERS = new Set(['cat', 'head', 'tail', 'less', 'more', 'nl', 'wc', 'bat', 'file', 'stat', 'sed']);
/** Commands whose first plain argument is a pattern, the rest files or directories. */
const SEARCHERS = new Set(['rg', 'grep', 'egrep', 'fgrep', 'ag']);

export function emptyLedger(): LedgerState {
  return { filesRead: [], filesModified: [], failedCommands: [] };
}

/** A ledger read back from a session file: only well-formed fields survive, bounded. */
export function ledgerFrom(value: unknown): LedgerState {
  const ledger = emptyLedger();
  if (typeof value !== 'object' || value === null) return ledger;
  const record = value as Record<string, unknown>;
  const strings = (list: unknown) =>
    Array.isArray(list)
      ? list.filter((entry): entry is string => typeof entry === 'string').slice(-MAX_FILES)
      : [];
  ledger.filesRead = strings(record.filesRead).map((path) => shorten(path, 300));
  ledger.filesModified = strings(record.filesModified).map((path) => shorten(path, 300));
  if (Array.isArray(record.failedCommands)) {
    ledger.failedCommands = record.failedCommands
      .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
      .map((entry) => ({
        command: shorten(String(entry.command ?? ''), 200),
        error: String(entry.error ?? '').slice(0, MAX_ERROR_CHARS + 200),
      }))
      .slice(-MAX_FAILURES);
  }
  if (Array.isArray(record.plan)) {
    ledger.plan = record.plan
      .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
      .map((entry) => ({
        step: shorten(String(entry.step ?? ''), 200),
        status: shorten(String(entry.status ?? ''), 20),
      }))
      .slice(0, 50);
  }
  if (typeof record.userRequest === 'string')
    ledger.userRequest = record.userRequest.slice(0, MAX_REQUEST_CHARS + 1);
  return ledger;
}

/** The ledger after the facts in `items` (in history order). */
export function absorbItems(state: LedgerState, items: readonly ModelItem[]): LedgerState {
  const next: LedgerState = {
    ...state,
    filesRead: [...state.filesRead],
    filesModified: [...state.filesModified],
    failedCommands: [...state.failedCommands],
  };
  const calls = new Map<string, { name: string; args: Record<string, unknown> }>();
  for (const item of items) {
    if (item.type === 'message' && item.role === 'user' && !isHandoff(item.text)) {
      const request = withoutEnvironment(item.text);
      next.userRequest =
        request.length > MAX_REQUEST_CHARS ? `${request.slice(0, MAX_REQUEST_CHARS)}…` : request;
    }
    if (item.type === 'function_call')
      calls.set(item.callId, { name: item.name, args: parseArgs(item.arguments) });
    if (item.type !== 'function_call_output') continue;
    // What the workspace showed changed, whatever the tool and however the call ended.
    for (const path of item.modifiedFiles ?? []) addPath(next.filesModified, shorten(path, 300));
    const call = calls.get(item.callId);
    if (call) absorbCall(next, call, item.output);
  }
  return next;
}

function absorbCall(
  state: LedgerState,
  call: { name: string; args: Record<string, unknown> },
  output: string,
): void {
  const outcome = outcomeLine(output);
  if (call.name === 'apply_patch' && typeof call.args.input === 'string' && /^Success/.test(outcome)) {
    for (const file of patchFiles(call.args.input)) addPath(state.filesModified, file.path);
  }
  if (call.name === 'update_plan' && Array.isArray(call.args.plan)) {
    state.plan = call.args.plan
      .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
      .map((entry) => ({
        step: shorten(String(entry.step ?? ''), 200),
        status: String(entry.status ?? 'pending'),
      }));
  }
  if (call.name !== 'shell' || !Array.isArray(call.args.command)) return;
  const argv = call.args.command.map(String);
  const exit = /^Exit code: (\S+)/.exec(outcome)?.[1];
  const failed = exit !== '0' && !outcome.startsWith('Interrupted') && outcome !== '';
  if (failed) {
    state.failedCommands.push({ command: shorten(argv.join(' '), 200), error: errorOf(output) });
    if (state.failedCommands.length > MAX_FAILURES) state.failedCommands.shift();
    return;
  }
  for (const path of filesReadBy(argv)) addPath(state.filesRead, path);
}

/**
 * The output's first line (how the call ended). A pruned output keeps it inside its stub
 * (prune.ts `stubFor`: `… → OUTCOME (SIZE). Run it again…`); '' when it cannot be told.
 */
function outcomeLine(output: string): string {
  if (!output.startsWith(PRUNED_PREFIX)) return output.split('\n', 1)[0] ?? '';
  const arrow = output.lastIndexOf(' → ');
  const size = output.lastIndexOf(' (');
  return arrow >= 0 && size > arrow ? output.slice(arrow + 3, size) : '';
}

/** The first line (outcome) and the end of the output, where errors are. */
function errorOf(output: string): string {
  const lines = output.split('\n');
  const outcome = lines[0] ?? '';
  const body = output.includes('\nOutput:\n')
    ? output.slice(output.indexOf('\nOutput:\n') + 9)
    : lines.slice(1).join('\n');
  const tail = body.trim().slice(-MAX_ERROR_CHARS);
  return `${outcome}${tail ? `: ${tail.length < body.trim().length ? '…' : ''}${tail}` : ''}`;
}

/** Paths a read-only command names, from an argv or a `bash -lc` script. */
export function filesReadBy(argv: string[]): string[] {
  const script =
    argv.length === 3 && /(^|\/)(ba|z|da)?sh$/.test(argv[0]!) && /^-\w*c$/.test(argv[1]!)
      ? argv[2]!
      : undefined;
  const commands = script ? splitScript(script) : [argv];
  return commands.flatMap(readsOf);
}

function splitScript(script: string): string[][] {
  const commands: string[][] = [[]];
  for (const token of parseShell(script)) {
    if (typeof token === 'string') commands.at(-1)!.push(token);
    else if ('op' in token && token.op !== 'glob') commands.push([]);
  }
  return commands.filter((command) => command.length > 0);
}

function readsOf(argv: string[]): string[] {
  const name = argv[0]?.split('/').at(-1) ?? '';
  const plain = argv.slice(1).filter((arg) => !arg.startsWith('-') && !/^\d+$/.test(arg));
  if (READERS.has(name)) return name === 'sed' ? plain.slice(1) : plain;
  if (SEARCHERS.has(name)) return plain.slice(1);
  return [];
}

function addPath(list: string[], path: string): void {
  const index = list.indexOf(path);
  if (index >= 0) list.splice(index, 1);
  list.push(path);
  if (list.length > MAX_FILES) list.shift();
}

function parseArgs(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export const HANDOFF_MARKER = '[ossa: the conversation before this point was compacted';

export function isHandoff(text: string): boolean {
  return text.startsWith(HANDOFF_MARKER);
}
