// A resumed history whose last tool calls never got an output (ossa was killed while a command
// ran): every such call gets one, right after the calls of its step, before the next request.
// Strict servers (OpenAI, vLLM's validators) reject a function call without its output, on the
// Responses wire and on Chat Completions alike.
import type { ModelItem } from '../model/types.js';

export const CRASHED_OUTPUT = 'Interrupted: ossa stopped before this finished.';

export function closeDanglingCalls(items: readonly ModelItem[]): ModelItem[] {
  const answered = new Set<string>();
  for (const item of items) if (item.type === 'function_call_output') answered.add(item.callId);
  const out: ModelItem[] = [];
  let open: string[] = [];
  const close = () => {
    for (const callId of open) out.push({ type: 'function_call_output', callId, output: CRASHED_OUTPUT });
    open = [];
  };
  for (const item of items) {
    // A step's calls and outputs sit together; anything else after them ends the step.
    if (item.type !== 'function_call' && item.type !== 'function_call_output') close();
    out.push(item);
    if (item.type === 'function_call' && !answered.has(item.callId)) open.push(item.callId);
  }
  close();
  return out;
}
