// The settings a Session is made with, and the per-turn options and outcome of its turns.
import type { ModelItem, ResponseFormat } from '../model/types.js';
import type { TokenUsage, TurnStatus } from '../protocol/events.js';
import type { SandboxPolicy } from '../protocol/sandbox-policy.js';
import type { ModelFamily } from '../repair/families.js';
import type { SessionFile } from '../store/session-file.js';
import type { ContextSettings } from './context/context-manager.js';
import type { ModelClientLike } from './model-step.js';
import type { ToolRegistryLike } from './tool-runner.js';

export interface SessionOptions {
  id?: string;
  model: string;
  providerId: string;
  client: ModelClientLike;
  tools: ToolRegistryLike;
  instructions: string;
  /**
   * The environment block (instructions.ts describeEnvironment): sent at the start of the first
   * user message, and again when the history's last block differs (a resume with other flags).
   */
  environment?: string;
  sandbox: SandboxPolicy;
  cwd: string;
  commandEnv: Record<string, string>;
  reasoningEffort?: string;
  /** History to continue (resume). */
  history?: ModelItem[];
  store?: SessionFile;
  /** Model requests allowed per turn before the turn stops. */
  maxSteps?: number;
  /** Identical failing calls in a row before the turn stops. */
  maxRepeatedFailures?: number;
  /** Extra request body fields (e.g. sampling settings). */
  extraBody?: Record<string, unknown>;
  /**
   * The model's family: which misformatted tool calls to recover from its text and whether its
   * reasoning goes back into history. Without it responses are taken as they come.
   */
  family?: ModelFamily;
  /**
   * Returns a warning when the server reports far fewer prompt tokens than were sent (ossa's
   * estimate) or sits at the window: it cut the prompt.
   */
  detectTruncation?: (sentTokens: number, reportedPromptTokens: number, window: number) => string | undefined;
  /** The real window and the budget settings (docs/local-models.md, "How ossa manages the window"). */
  context?: ContextSettings;
  /**
   * Snapshot the workspace around tool calls to learn which files they changed (the ledger's
   * files modified). Default true; bounded in cost (context/workspace-changes.ts).
   */
  watchWorkspace?: boolean;
  /** What ossa tracked before the last compaction (resume; read from the session file, checked here). */
  ledger?: unknown;
}

export interface TurnOutcome {
  status: TurnStatus;
  lastMessage?: string;
  error?: string;
  usage: TokenUsage;
}

/** Per-turn request settings (review: structured output, a final answer without tools). */
export interface TurnOptions {
  /**
   * Ask for JSON in this shape. Sent only on requests that offer no tools, unless
   * `responseFormatWithTools`: local servers constrain the whole reply to the schema (llama.cpp
   * refuses tools plus a grammar), which would leave the model no way to call a tool.
   */
  responseFormat?: ResponseFormat;
  /** The server takes a response format and tools in one request (OpenAI). */
  responseFormatWithTools?: boolean;
  /** Offer no tools in this turn: the model must answer in text. */
  withoutTools?: boolean;
}
