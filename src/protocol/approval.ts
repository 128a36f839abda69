// Questions the agent asks the user before acting, and their answers.

export type ApprovalRequest =
  | {
      kind: 'command';
      callId: string;
      command: string[];
      cwd: string;
      /** Why approval is needed (policy reason, or the model's justification). */
      reason: string;
      /** True when the command would run without the sandbox if approved. */
      unsandboxed: boolean;
    }
  | {
      kind: 'patch';
      callId: string;
      /** Unified diff of the whole change, shown once. */
      diff: string;
      files: string[];
      reason: string;
      /**
       * What "approve for this session" covers: the real paths written, each with whether it is
       * inside the writable roots. A later patch to a file that has become a symlink pointing
       * elsewhere (or that now lies outside) has another scope and is asked about again.
       */
      scope?: string[];
    }
  | {
      /** A tool that runs outside ossa's sandbox (an MCP server's). */
      kind: 'tool';
      callId: string;
      /** The tool as the model calls it, e.g. `github__create_issue`. */
      name: string;
      /** Who runs it, for the person deciding, e.g. "MCP server `github`". */
      target: string;
      /** The call's arguments as JSON text (bounded). */
      arguments: string;
      reason: string;
    };

export type ApprovalDecision =
  | { decision: 'approved' }
  /** Approved, and the same kind of request is approved for the rest of the session. */
  | { decision: 'approved-for-session' }
  | { decision: 'denied'; reason: string };
