// The repair stage's vocabulary. It sits between the wire adapters and the agent loop: a
// collected model response goes in, tool calls that are safe to run (or refusals the model can
// act on) and the visible text come out. Everything here is data; the functions are pure.

/** A declared tool as the repair stage needs it (`ToolSpec` fits). `parameters` is a JSON Schema object. */
export interface RepairToolSchema {
  name: string;
  parameters: Record<string, unknown>;
}

/** A tool call as the wire adapter delivered it: `arguments` is the raw text the model produced. */
export interface RawToolCall {
  callId: string;
  name: string;
  arguments: string;
}

export interface RawResponse {
  text: string;
  toolCalls: RawToolCall[];
}

/** A call that may run: `arguments` is valid JSON text that satisfies the tool's schema. */
export interface OkCall {
  ok: true;
  callId: string;
  name: string;
  arguments: string;
  /** What was repaired (empty for a clean native call), e.g. `extracted:harmony`, `json-repaired`. */
  repairedKinds: string[];
  /** What the model actually sent: the markup for extracted calls, `name arguments` for native ones. */
  original: string;
}

/** A call that must not run; `refused` is the tool output to send back so the model can retry. */
export interface RefusedCall {
  ok: false;
  callId: string;
  /** The tool name as resolved, or as the model wrote it when it matched no declared tool. */
  name: string;
  refused: string;
  repairedKinds: string[];
  original: string;
}

export type RepairedCall = OkCall | RefusedCall;

/** One entry per repaired or refused call: the `tool-call-repair` AgentEvent without its turn id. */
export interface RepairRecord {
  callId: string;
  kinds: string[];
  original: string;
  repaired?: { name: string; arguments: string };
  refused?: string;
}

export interface RepairResult {
  /** Visible text: tool-call markup, harmony markers and `<think>` blocks removed. */
  text: string;
  /** Reasoning recovered from the text (`<think>`, harmony `analysis`), if any. */
  reasoning?: string;
  toolCalls: RepairedCall[];
  repairs: RepairRecord[];
  /** Repairs to the text itself (e.g. `harmony-parsed`, `think-extracted`), for logs. */
  textKinds: string[];
}

export interface RepairOptions {
  /** Prefix of generated call ids (`<prefix>_<n>`); pass something unique per request. Default `repair`. */
  callIdPrefix?: string;
  /**
   * The response hit the output token limit (finish reason `length`). Then a call whose markup or
   * JSON had to be closed is refused: what is missing may be more arguments, not just brackets.
   * Otherwise such a call is taken as a formatting slip of a model that stopped on its own.
   */
  truncated?: boolean;
}
