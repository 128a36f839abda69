// What a tool result tells front-ends, typed per tool (public via `exec --json`, see
// docs/exec-json.md). Front-ends render these — never the text written for the model, which is a
// separate `output` string whose wording may change. Each kind is the tool's own; a tool that
// has nothing to show beyond its output returns no details.

/** One step of an `update_plan` list. */
export interface PlanStep {
  step: string;
  status: 'pending' | 'in_progress' | 'completed';
}

export interface ShellDetails {
  kind: 'shell';
  /** The argv that ran (or would have run, when rejected). */
  argv: string[];
  cwd: string;
  /** Null when the command did not exit by itself (signal, timeout, interrupt) or did not run. */
  exitCode: number | null;
  /** The signal that ended it, when one did. */
  signal?: string;
  durationMs: number;
  /** stdout and stderr interleaved as received, capped (head and tail kept). */
  output: string;
  /** Output bytes received but left out of `output`. */
  truncatedBytes: number;
  sandboxed: boolean;
  timedOut: boolean;
  interrupted: boolean;
  /** Set when the command did not run: the policy's or the user's reason. */
  rejected?: { by: 'policy' | 'user'; reason: string };
}

export interface PatchFile {
  path: string;
  kind: 'add' | 'update' | 'delete';
  /** The old path of a moved file. */
  movedFrom?: string;
}

export interface PatchDetails {
  kind: 'apply_patch';
  files: PatchFile[];
  /** Unified diff of the whole patch. */
  diff: string;
  /** True when the files were written; false when the patch was rejected, declined or failed. */
  applied: boolean;
  /** Set when the patch was not applied because of the policy or the user. */
  rejected?: { by: 'policy' | 'user'; reason: string };
}

export interface PlanDetails {
  kind: 'plan';
  plan: PlanStep[];
  explanation?: string;
}

/** A tool of an MCP server (`<server>__<tool>` to the model). */
export interface McpCallDetails {
  kind: 'mcp';
  server: string;
  /** The server's own name for the tool. */
  tool: string;
  /** The user declined the call. */
  declined?: boolean;
  /** Bytes of the result dropped by the output cap. */
  omittedBytes?: number;
}

export type ToolDetails = ShellDetails | PatchDetails | PlanDetails | McpCallDetails;
