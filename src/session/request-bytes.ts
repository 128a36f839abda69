// The size of a model request as the client will send it, without serialising the whole history
// again each step: every history item is measured once (items never change after they are
// appended) and the rest of the request (model, instructions, tools) is small and fixed.
import type { ModelItem, ModelRequest } from '../model/types.js';

const itemBytes = new WeakMap<ModelItem, number>();

/**
 * Exactly Buffer.byteLength(JSON.stringify(request)) with each item as the wires send it (without
 * ossa's own `modifiedFiles`), at a cost that does not grow with history.
 */
export function requestBytes(request: ModelRequest): number {
  // `"input":[]` in the frame; the items go between the brackets, joined by commas.
  const frame = Buffer.byteLength(JSON.stringify({ ...request, input: [] }));
  let items = 0;
  for (const item of request.input) {
    let size = itemBytes.get(item);
    if (size === undefined) {
      size = Buffer.byteLength(JSON.stringify(asSent(item)));
      itemBytes.set(item, size);
    }
    items += size;
  }
  return frame + items + Math.max(0, request.input.length - 1);
}

/** The item without what ossa keeps only for itself (the wires never send it). */
function asSent(item: ModelItem): ModelItem {
  if (item.type !== 'function_call_output' || !item.modifiedFiles) return item;
  const { modifiedFiles: _kept, ...sent } = item;
  return sent;
}
