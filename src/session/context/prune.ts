// Stage 1 of context management, without a model call: tool outputs older than the recent part
// of history are replaced by one-line stubs (what ran, how it ended, how big the output was).
// Cheaper than a summary and kinder to the server's prefix cache: everything before the oldest
// newly pruned output stays byte-identical, and stubs never change again.
import type { ModelItem } from '../../model/types.js';
import { itemBytes } from './history-cut.js';

export const PRUNED_PREFIX = '[ossa pruned this output to save context:';

export interface PruneResult {
  items: ModelItem[];
  /** Outputs replaced by a stub. */
  pruned: number;
}

/**
 * Replaces every tool output before the last `keepTokens` tokens of history (and never one of the
 * last `keepOutputs` outputs) with a stub.
 */
export function pruneToolOutputs(
  items: readonly ModelItem[],
  keepTokens: number,
  tokensOf: (bytes: number) => number,
  keepOutputs = 2,
): PruneResult {
  const protectedFrom = protectedStart(items, keepTokens, tokensOf, keepOutputs);
  const calls = new Map<string, Extract<ModelItem, { type: 'function_call' }>>();
  let pruned = 0;
  const out = items.map((item, index) => {
    if (item.type === 'function_call') calls.set(item.callId, item);
    if (item.type !== 'function_call_output' || index >= protectedFrom) return item;
    if (item.output.startsWith(PRUNED_PREFIX)) return item;
    const stub = stubFor(calls.get(item.callId), item.output);
    if (Buffer.byteLength(stub) >= Buffer.byteLength(item.output)) return item;
    pruned++;
    return { ...item, output: stub };
  });
  return { items: out, pruned };
}

/** The index from which items are kept whole: the recent tokens, and the last few outputs. */
function protectedStart(
  items: readonly ModelItem[],
  keepTokens: number,
  tokensOf: (bytes: number) => number,
  keepOutputs: number,
): number {
  let bytes = 0;
  let outputs = 0;
  let start = items.length;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    bytes += itemBytes(item);
    if (item.type === 'function_call_output') outputs++;
    if (tokensOf(bytes) > keepTokens && outputs > keepOutputs) break;
    start = i;
  }
  return start;
}

/** `[ossa pruned …: shell `cat a.ts` → Exit code: 0, 5.2 KB. …]` */
export function stubFor(call: { name: string; arguments: string } | undefined, output: string): string {
  const what = call ? describeCall(call) : 'a tool call';
  const outcome = firstLine(output);
  const size = formatBytes(Buffer.byteLength(output));
  return `${PRUNED_PREFIX} ${what} → ${outcome} (${size}). Run it again if you need the output.]`;
}

export function describeCall(call: { name: string; arguments: string }): string {
  let args: unknown;
  try {
    args = JSON.parse(call.arguments);
  } catch {
    args = undefined;
  }
  const record = typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {};
  if (call.name === 'shell' && Array.isArray(record.command)) {
    return `shell \`${shorten(record.command.map(String).join(' '), 160)}\``;
  }
  if (call.name === 'apply_patch' && typeof record.input === 'string') {
    const files = patchFiles(record.input).map((file) => file.path);
    return `apply_patch (${shorten(files.join(', ') || 'no files', 160)})`;
  }
  return `${call.name} ${shorten(call.arguments, 120)}`;
}

/** Files a patch touches, from its `*** Add/Update/Delete File:` and `*** Move to:` headers. */
export function patchFiles(patch: string): { path: string; action: 'add' | 'update' | 'delete' | 'move' }[] {
  const files: { path: string; action: 'add' | 'update' | 'delete' | 'move' }[] = [];
  for (const match of patch.matchAll(/^\*\*\* (Add|Update|Delete) File: (.+)$|^\*\*\* Move to: (.+)$/gm)) {
    if (match[3]) files.push({ path: match[3].trim(), action: 'move' });
    else
      files.push({ path: match[2]!.trim(), action: match[1]!.toLowerCase() as 'add' | 'update' | 'delete' });
  }
  return files;
}

function firstLine(text: string): string {
  return shorten(text.split('\n', 1)[0]?.trim() || '(empty)', 100);
}

export function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}
