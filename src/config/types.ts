// The public shape of a resolved configuration: what every command gets from resolveConfig().

import type { ProviderSettings } from '../protocol/provider.js';
import type { ApprovalPolicy, SandboxMode } from '../protocol/sandbox-policy.js';
import type { ToolCallFormat } from '../protocol/tool-call-formats.js';
import type { GlobalFlags } from './flags.js';

export interface ResolveInput {
  cwd: string;
  env: NodeJS.ProcessEnv;
  flags: GlobalFlags;
  /** Defaults a command implies, below every config layer (exec: { approval_policy: 'never', sandbox_mode: 'read-only' }) */
  commandDefaults?: Record<string, unknown>;
}

export type Origin = 'default' | 'user' | 'profile' | 'project' | '-c' | 'flag' | 'env';

export interface Setting {
  value: unknown;
  origin: Origin;
  /** The file the value came from (user, profile and project origins). */
  file?: string;
}

import type { ShellEnvironmentPolicy } from '../protocol/sandbox-policy.js';

export type { ShellEnvironmentPolicy } from '../protocol/sandbox-policy.js';

export interface SandboxWorkspaceWrite {
  /** Absolute paths: config values resolved against the cwd, then `--add-dir` ones. */
  writableRoots: string[];
  networkAccess: boolean;
  excludeTmpdirEnvVar: boolean;
  excludeSlashTmp: boolean;
}

export interface ResolvedConfig {
  /** $OSSA_HOME or ~/.ossa. */
  home: string;
  /** -C applied, absolute. */
  cwd: string;
  /** Nearest ancestor of cwd holding a `project_root_markers` entry. */
  projectRoot?: string;
  profile?: string;
  model?: string;
  provider: ProviderSettings;
  oss: boolean;
  ossProvider?: 'ollama' | 'lmstudio';
  sandboxMode: SandboxMode;
  approvalPolicy: ApprovalPolicy;
  reasoningEffort?: string;
  contextWindow?: number;
  autoCompactTokenLimit?: number;
  sandboxWorkspaceWrite: SandboxWorkspaceWrite;
  shellEnvironmentPolicy: ShellEnvironmentPolicy;
  mcpServers: Record<string, Record<string, unknown>>;
  projectDocMaxBytes: number;
  projectDocFallbackFilenames: string[];
  projectRootMarkers: string[];
  developerInstructions?: string;
  /** The project (root or cwd) has `trust_level = "trusted"` in the user's config. */
  trusted: boolean;
  /** Every effective key (dotted TOML path) with its value and the layer it came from. */
  settings: Record<string, Setting>;
  warnings: string[];
  /** `min_context_window`: the smallest window accepted for agent work without a warning (64K). */
  minContextWindow: number;
  /** `oss_fix_context`: fix a too-small local window without asking (true), never (false), or ask. */
  ossFixContext?: boolean;
  /** `agent_max_steps`: model requests allowed in one turn. */
  agentMaxSteps?: number;
  /** `[model_families.<id>]`, typed. */
  modelFamilies: Record<string, ModelFamilyConfig>;
  /** Ids of the user's own `[model_providers.<id>]` (not the built-in ones). */
  customProviderIds: string[];
  /**
   * The merged table. Only config/ reads it (`providerSettingsFor`); everyone else uses the typed
   * fields above (test/architecture.test.ts checks).
   */
  table: Record<string, unknown>;
}

/** `[model_families.<id>]`: overrides of the repair stage's per-family data. */
export interface ModelFamilyConfig {
  /** Regular expression over the model name; required for a new family id. */
  match?: string;
  toolCallFormats?: ToolCallFormat[];
  sendReasoningBack?: boolean;
  reasoningField?: 'reasoning_content' | 'reasoning';
  sampling?: { temperature?: number; top_p?: number; top_k?: number };
}
