// What a project's `.ossa/config.toml` may set. Project files come with repository contents, so
// they may never choose where requests and credentials go or which profile applies, and they may
// loosen safety (no sandbox, no questions, MCP commands, environment exposure) only when the user
// has trusted the project in their own config.
import { renderKeyPath } from './key-path.js';
import { isTable } from './layer.js';
import type { Table } from './parse-toml.js';

/** Top-level keys a project file may never set. */
export const PROJECT_FORBIDDEN_KEYS = [
  'model_provider',
  'model_providers',
  'profile',
  'profiles',
  'openai_base_url',
  'chatgpt_base_url',
  'notify',
  'otel',
  'apps_mcp_product_sku',
  // Trust is the user's decision: a project cannot declare itself (or anything else) trusted.
  'projects',
] as const;

/** Keys an untrusted project may not set at all: they loosen safety or change the model server. */
export const PROJECT_UNTRUSTED_KEYS = [
  'sandbox_workspace_write',
  'shell_environment_policy',
  'mcp_servers',
  // Creates or reloads a model on the user's Ollama / LM Studio without asking.
  'oss_fix_context',
  'min_context_window',
] as const;

// Stricter first: a project may move down these lists (or stay), never up, unless trusted.
const SANDBOX_RANK: Record<string, number> = {
  'read-only': 0,
  'workspace-write': 1,
  'danger-full-access': 2,
};
const APPROVAL_RANK: Record<string, number> = { untrusted: 0, 'on-request': 1, 'on-failure': 1, never: 2 };

/** The user's own choice before project files: what an untrusted project may only tighten. */
export interface ProjectBaseline {
  sandboxMode: string;
  approvalPolicy: string;
}

/** Keys forbidden at any depth: they redirect traffic or pick credentials. */
export const PROJECT_FORBIDDEN_SUFFIXES = [
  'base_url',
  'env_key',
  'http_headers',
  'env_http_headers',
  'experimental_bearer_token',
  'bearer_token_env_var',
] as const;

export interface ProjectFilterResult {
  table: Table;
  /** Dotted paths dropped whatever the trust. */
  forbidden: string[];
  /** Settings dropped because the project is not trusted, as `key` or `key = value`. */
  untrusted: string[];
}

export function filterProjectTable(
  source: Table,
  trusted: boolean,
  baseline: ProjectBaseline = { sandboxMode: 'read-only', approvalPolicy: 'untrusted' },
): ProjectFilterResult {
  const table = structuredClone(source);
  const forbidden: string[] = [];
  const untrusted: string[] = [];
  for (const key of PROJECT_FORBIDDEN_KEYS) {
    if (key in table) {
      forbidden.push(renderKeyPath([key]));
      delete table[key];
    }
  }
  dropSuffixKeys(table, [], forbidden);

  if (!trusted) {
    dropLooser(table, 'sandbox_mode', SANDBOX_RANK, baseline.sandboxMode, untrusted);
    dropLooser(table, 'approval_policy', APPROVAL_RANK, baseline.approvalPolicy, untrusted);
    for (const key of PROJECT_UNTRUSTED_KEYS) {
      if (key in table) {
        untrusted.push(key);
        delete table[key];
      }
    }
  }
  return { table, forbidden, untrusted };
}

/** Drops `key` when its value ranks looser than the user's `current` (unknown values are left to validation). */
function dropLooser(
  table: Table,
  key: string,
  rank: Record<string, number>,
  current: string,
  dropped: string[],
): void {
  const value = table[key];
  if (typeof value !== 'string' || rank[value] === undefined) return;
  if (rank[value] > (rank[current] ?? 0)) {
    dropped.push(`${key} = ${JSON.stringify(value)} (looser than your ${JSON.stringify(current)})`);
    delete table[key];
  }
}

function dropSuffixKeys(table: Table, prefix: string[], dropped: string[]): void {
  for (const [key, value] of Object.entries(table)) {
    if (PROJECT_FORBIDDEN_SUFFIXES.some((suffix) => key.endsWith(suffix))) {
      dropped.push(renderKeyPath([...prefix, key]));
      delete table[key];
    } else if (isTable(value)) {
      dropSuffixKeys(value, [...prefix, key], dropped);
    }
  }
}

export function forbiddenWarning(file: string, keys: readonly string[], userConfig: string): string {
  return (
    `ignored in ${file}: ${keys.join(', ')} (a project file may not choose providers, URLs, ` +
    `credentials, headers, profiles or notify commands; set them in ${userConfig} if you want them)`
  );
}

export function untrustedWarning(
  file: string,
  settings: readonly string[],
  projectDir: string,
  userConfig: string,
): string {
  return (
    `ignored in ${file} because the project is not trusted: ${settings.join(', ')}. ` +
    `To trust ${projectDir}, add to ${userConfig}:\n` +
    `  [projects.${JSON.stringify(projectDir)}]\n  trust_level = "trusted"`
  );
}
