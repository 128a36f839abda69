// Session files store each text once. An event that repeats what the item written just before it
// says — a tool call's output (`tool-call-end`), its arguments (`tool-call-begin`), the answer
// (`message`), the prompt (`turn-begin`) — is written without that field and a `same` marker;
// loading fills it back in from the item. Files written before this (no marker) load unchanged.
import type { ModelItem } from '../model/types.js';
import type { AgentEvent } from '../protocol/events.js';

/** The event field that the matching item holds instead. */
export type SameField = 'output' | 'arguments' | 'text' | 'prompt';

export type EventRecord = {
  type: 'event';
  event: AgentEvent;
  same?: SameField;
  /** With `same`: the field is the last this many characters of the item's text (the prompt after ossa's environment block). */
  tail?: number;
};
type ItemRecord = { type: 'item'; item: ModelItem };
type AnyRecord = { type: string };

/**
 * Write side. Items come before the events that repeat them, except the prompt: `turn-begin` is
 * emitted before the user message is appended, so it is held until the next record (written in
 * the same tick) and then written after that message, slimmed when it repeats it.
 */
export class RecordSlimmer {
  private lastOutput: { callId: string; output: string } | undefined;
  private readonly pendingArguments = new Map<string, string>();
  private lastAssistantText: string | undefined;
  private heldTurnBegin: EventRecord | undefined;

  /** The records to write now, in order (none while a `turn-begin` is held). */
  slim(record: AnyRecord): AnyRecord[] {
    const out: AnyRecord[] = [];
    const held = this.heldTurnBegin;
    this.heldTurnBegin = undefined;
    if (isEvent(record) && record.event.type === 'turn-begin') {
      if (held) out.push(held);
      this.heldTurnBegin = record;
      return out;
    }
    if (isItem(record)) {
      this.noteItem(record.item);
      const { item } = record;
      if (held && item.type === 'message' && item.role === 'user') {
        return [record, slimPrompt(held, item.text)];
      }
    }
    if (held) out.push(held);
    out.push(isEvent(record) ? this.slimEvent(record) : record);
    return out;
  }

  private noteItem(item: ModelItem): void {
    if (item.type === 'function_call_output') {
      this.lastOutput = { callId: item.callId, output: item.output };
      // Its begin event came before (or never will: an interrupted call): nothing more to match.
      this.pendingArguments.delete(item.callId);
    } else if (item.type === 'function_call') this.pendingArguments.set(item.callId, item.arguments);
    else if (item.type === 'message' && item.role === 'assistant') this.lastAssistantText = item.text;
  }

  private slimEvent(record: EventRecord): EventRecord {
    const { event } = record;
    if (event.type === 'tool-call-end') {
      const last = this.lastOutput;
      if (last && last.callId === event.callId && last.output === event.output) {
        this.lastOutput = undefined;
        return withoutField(record, 'output');
      }
    } else if (event.type === 'tool-call-begin') {
      const args = this.pendingArguments.get(event.callId);
      this.pendingArguments.delete(event.callId);
      if (args !== undefined && args === event.arguments) return withoutField(record, 'arguments');
    } else if (event.type === 'message' && event.text === this.lastAssistantText) {
      this.lastAssistantText = undefined;
      return withoutField(record, 'text');
    }
    return record;
  }
}

/** Load side: fills slimmed events back in from the items read so far (compacted ones included). */
export class RecordFiller {
  private readonly outputs = new Map<string, string>();
  private readonly callArguments = new Map<string, string>();
  private lastAssistantText = '';
  private lastUserText = '';

  noteItem(item: ModelItem): void {
    if (item.type === 'function_call_output') this.outputs.set(item.callId, item.output);
    else if (item.type === 'function_call') this.callArguments.set(item.callId, item.arguments);
    else if (item.type === 'message' && item.role === 'assistant') this.lastAssistantText = item.text;
    else if (item.type === 'message' && item.role === 'user') this.lastUserText = item.text;
  }

  fill(record: EventRecord): AgentEvent {
    const { event, same, tail } = record;
    if (same === undefined) return event;
    let value = this.valueFor(event, same);
    if (value !== undefined && tail !== undefined) value = value.slice(Math.max(0, value.length - tail));
    return { ...event, [same]: value ?? '' } as AgentEvent;
  }

  private valueFor(event: AgentEvent, same: SameField): string | undefined {
    if (same === 'output' && 'callId' in event) return this.outputs.get(event.callId);
    if (same === 'arguments' && 'callId' in event) return this.callArguments.get(event.callId);
    if (same === 'text') return this.lastAssistantText;
    if (same === 'prompt') return this.lastUserText;
    return undefined;
  }
}

function isEvent(record: AnyRecord): record is EventRecord {
  return record.type === 'event';
}

function isItem(record: AnyRecord): record is ItemRecord {
  return record.type === 'item';
}

function promptOf(record: EventRecord): string | undefined {
  return record.event.type === 'turn-begin' ? record.event.prompt : undefined;
}

/** A held `turn-begin` after its user message: slimmed when the message is the prompt, or ends with it. */
function slimPrompt(held: EventRecord, text: string): EventRecord {
  const prompt = promptOf(held);
  if (prompt === undefined) return held;
  if (text === prompt) return withoutField(held, 'prompt');
  // The first message of a session (or after a change) starts with ossa's environment block.
  if (prompt !== '' && text.endsWith(`\n\n${prompt}`))
    return { ...withoutField(held, 'prompt'), tail: prompt.length };
  return held;
}

function withoutField(record: EventRecord, field: SameField): EventRecord {
  const { [field as keyof AgentEvent]: _dropped, ...rest } = record.event as unknown as Record<
    string,
    unknown
  >;
  return { type: 'event', event: rest as unknown as AgentEvent, same: field };
}
