// Streamed deltas joined before they reach the reducer (ui-store.ts): a reply's text delta
// followed by another of the same turn is the same as one delta with both texts, and so is a
// reasoning delta followed by another. Anything else — another stream, another turn, another
// event — is not joined, so the order of what the reducer sees is kept. Pure.
import type { AgentEvent } from '../protocol/events.js';
import type { Action } from './reducer.js';

type DeltaEvent = Extract<AgentEvent, { type: 'text-delta' | 'reasoning-delta' }>;
export type DeltaAction = Extract<Action, { type: 'agent-event' }> & { event: DeltaEvent };

export function isDeltaAction(action: Action): action is DeltaAction {
  return (
    action.type === 'agent-event' &&
    (action.event.type === 'text-delta' || action.event.type === 'reasoning-delta')
  );
}

/** `first` then `second` as one action, or undefined when they are not of one stream. */
export function mergeDeltas(first: DeltaAction, second: DeltaAction): DeltaAction | undefined {
  if (first.event.type !== second.event.type || first.event.turnId !== second.event.turnId) return undefined;
  return { ...second, event: { ...second.event, text: first.event.text + second.event.text } };
}
