// Where history may be split into an older part (summarised) and a recent part (kept verbatim).
// A split must never separate a tool call from its output — servers reject an output whose call
// they never saw — so a cut index is valid only when every call before it has its output before it.
import type { ModelItem } from '../../model/types.js';

/** Bytes an item takes in a request (its JSON), the unit every estimate starts from. */
export function itemBytes(item: ModelItem): number {
  return Buffer.byteLength(JSON.stringify(item));
}

/** Indices c in [1, items.length] where items[0, c) can be cut off without orphaning an output. */
export function validCuts(items: readonly ModelItem[]): number[] {
  const cuts: number[] = [];
  const open = new Set<string>();
  items.forEach((item, index) => {
    if (item.type === 'function_call') open.add(item.callId);
    if (item.type === 'function_call_output') open.delete(item.callId);
    const next = items[index + 1];
    if (open.size === 0 && next?.type !== 'function_call_output') cuts.push(index + 1);
  });
  return cuts;
}

/**
 * The cut that keeps the most recent items within `keepTokens` (at least the last valid group),
 * or undefined when nothing before it could be summarised.
 */
export function recentCut(
  items: readonly ModelItem[],
  keepTokens: number,
  tokensOf: (bytes: number) => number,
): number | undefined {
  const cuts = validCuts(items).filter((cut) => cut < items.length);
  if (cuts.length === 0) return undefined;
  const suffixBytes: number[] = new Array(items.length + 1).fill(0);
  for (let i = items.length - 1; i >= 0; i--) suffixBytes[i] = suffixBytes[i + 1]! + itemBytes(items[i]!);
  // The earliest cut whose suffix fits; when none fits, the latest cut (the smallest suffix).
  const fitting = cuts.find((cut) => tokensOf(suffixBytes[cut]!) <= keepTokens);
  return fitting ?? cuts.at(-1);
}

/**
 * The longest prefix of `items` (ending at a valid cut) whose size stays within `maxTokens`; at
 * least the first valid group even when it alone is larger. For summarising in chunks.
 */
export function prefixWithin(
  items: readonly ModelItem[],
  maxTokens: number,
  tokensOf: (bytes: number) => number,
): number {
  const cuts = validCuts(items);
  let bytes = 0;
  let best = cuts[0] ?? items.length;
  let index = 0;
  for (const cut of cuts) {
    while (index < cut) bytes += itemBytes(items[index++]!);
    if (tokensOf(bytes) > maxTokens) break;
    best = cut;
  }
  return best;
}
