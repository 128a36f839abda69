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

/** Where a setting came from; `/model` is a model picked in the interactive UI. */
export type Origin = 'default' | 'user' | 'profile' | 'project' | '-c' | 'flag' | '/model' | 'env';

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
  /** `model_auto_compact_token_limit`: summarise past this many prompt tokens. */
  autoCompactTokenLimit?: number;
  /** `tool_output_token_limit`: tokens one tool output may take in history. */
  toolOutputTokenLimit?: number;
  sandboxWorkspaceWrite: SandboxWorkspaceWrite;
  shellEnvironmentPolicy: ShellEnvironmentPolicy;
  /** `[mcp_servers.<id>]`, checked and typed (config/mcp-servers.ts). */
  mcpServers: Record<string, McpServerConfig>;
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
  /** `oss_pull_models`: download a model the local server lacks without asking (true), never (false), or ask. */
  ossPullModels?: boolean;
  /** `agent_max_steps`: model requests allowed in one turn. */
  agentMaxSteps?: number;
  /** `[model_families.<id>]`, typed. */
  modelFamilies: Record<string, ModelFamilyConfig>;
  /** Ids of the user's own `[model_providers.<id>]` (not the built-in ones). */
  customProviderIds: string[];
  /**
   * Every config file read, in layer order: config.toml, the profile file, each project
   * `.ossa/config.toml` — also those whose keys the project filter dropped.
   */
  configFiles: string[];
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

export type McpApprovalMode = 'auto' | 'prompt' | 'approve';

export type McpTransportConfig =
  | {
      kind: 'stdio';
      command: string;
      args: string[];
      /** Variables set for the server (secrets allowed; never printed). */
      env: Record<string, string>;
      /** Names of variables passed through from ossa's environment. */
      envVars: string[];
      /** As written (relative to the workspace). */
      cwd?: string;
    }
  | {
      kind: 'http';
      url: string;
      bearerTokenEnvVar?: string;
      httpHeaders: Record<string, string>;
      /** header → variable name. */
      envHttpHeaders: Record<string, string>;
    };

/** One `[mcp_servers.<id>]`. */
export interface McpServerConfig {
  id: string;
  transport: McpTransportConfig;
  enabled: boolean;
  required: boolean;
  startupTimeoutMs: number;
  toolTimeoutMs: number;
  /** Only these tools are offered (and they come first when the budget is short). */
  enabledTools?: string[];
  disabledTools: string[];
  defaultApproval: McpApprovalMode;
  /** Per-tool `approval_mode`, by the server's tool name. */
  toolApproval: Record<string, McpApprovalMode>;
  /** `project`: some key of it came from a project's `.ossa/config.toml`. */
  definedIn: 'user' | 'project';
  /** The file that defined it (the project file for `project`). */
  definitionFile?: string;
}
