// `ossa exec --json`: one AgentEvent per line on stdout (schema: docs/exec-json.md). Streaming
// deltas (and tool-call progress) are left out; the complete `message` and `reasoning` events carry the same text.
import type { AgentEvent } from '../protocol/events.js';

export function createJsonlRenderer(out: NodeJS.WritableStream): (event: AgentEvent) => void {
  return (event) => {
    if (event.type === 'text-delta' || event.type === 'reasoning-delta' || event.type === 'tool-call-delta')
      return;
    out.write(`${JSON.stringify(event)}\n`);
  };
}
