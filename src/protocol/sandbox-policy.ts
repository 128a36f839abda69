// The sandbox and approval settings a session runs under, as plain data.

/** The sandbox modes, strictest first (the order is the order of permissiveness). */
export const SANDBOX_MODES = ['read-only', 'workspace-write', 'danger-full-access'] as const;
/** The approval policies, strictest first. */
export const APPROVAL_POLICIES = ['untrusted', 'on-failure', 'on-request', 'never'] as const;

export type SandboxMode = (typeof SANDBOX_MODES)[number];
export type ApprovalPolicy = (typeof APPROVAL_POLICIES)[number];

export interface SandboxPolicy {
  mode: SandboxMode;
  approval: ApprovalPolicy;
  /** Absolute, real paths that commands and patches may write (workspace-write only). */
  writableRoots: string[];
  networkAccess: boolean;
  /** True when nobody can answer a question (exec): `ask` decisions become rejections. */
  nonInteractive: boolean;
}

/** `[shell_environment_policy]`: which environment variables commands the model runs receive. */
export interface ShellEnvironmentPolicy {
  /** Starting set: every parent variable, the core ones, or none. */
  inherit: 'all' | 'core' | 'none';
  /** False (the default): drop names matching *KEY*, *SECRET*, *TOKEN*, *PASSWORD*, *CREDENTIAL*. */
  ignoreDefaultExcludes: boolean;
  /** Case-insensitive globs (`*`, `?`) of names to drop. */
  exclude: string[];
  /** Values forced into the environment (kept even when a default exclude matches). */
  set: Record<string, string>;
  /** When non-empty, only names matching one of these globs are kept (applied after `set`). */
  includeOnly: string[];
}
