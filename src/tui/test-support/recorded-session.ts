// A stand-in session for UI tests: plays AgentEvents to the app and records the ops it sends back.
import type { AgentEvent, SessionOp } from '../../protocol/events.js';
import type { SessionLike } from '../host.js';

export class RecordedSession implements SessionLike {
  readonly ops: SessionOp[] = [];
  started = 0;
  private readonly listeners = new Set<(event: AgentEvent) => void>();
  constructor(readonly id: string) {}
  subscribe(listener: (event: AgentEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  start() {
    this.started += 1;
  }
  submit(op: SessionOp) {
    this.ops.push(op);
  }
  emit(...events: AgentEvent[]) {
    for (const event of events) for (const listener of this.listeners) listener(event);
  }
}
