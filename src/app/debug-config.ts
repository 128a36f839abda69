// The `ossa debug config` report (and `/debug-config` in the TUI): every effective setting with
// its value and origin, the active provider, and the warnings. Secrets are never printed: header values and tokens show as
// "<redacted>", and for the API key only whether its variable is set.
import { REDACTED, redactQueryParams, redactSettings, redactUrlCredentials } from '../config/redact.js';
import type { ResolvedConfig, Setting } from '../config/types.js';

export interface DebugConfigReport {
  model: string | null;
  model_provider: string;
  provider: {
    id: string;
    name: string;
    base_url: string;
    wire_api: string;
    env_key: string | null;
    env_key_set: boolean;
    is_local: boolean;
    built_in: boolean;
    http_headers: Record<string, string>;
    query_params: Record<string, string>;
  };
  profile: string | null;
  sandbox_mode: string;
  approval_policy: string;
  context_window: { value: number; source: string } | null;
  oss: boolean;
  oss_provider: string | null;
  home: string;
  cwd: string;
  project_root: string | null;
  trusted: boolean;
  settings: Record<string, Setting>;
  warnings: string[];
}

export function debugConfigReport(config: ResolvedConfig, env: NodeJS.ProcessEnv): DebugConfigReport {
  const { provider } = config;
  const contextSetting = config.settings.model_context_window;
  return {
    model: config.model ?? null,
    model_provider: provider.id,
    provider: {
      id: provider.id,
      name: provider.name,
      base_url: redactUrlCredentials(provider.baseUrl),
      wire_api: provider.wireApi,
      env_key: provider.envKey ?? null,
      env_key_set: provider.envKey ? Boolean(env[provider.envKey]?.trim()) : false,
      is_local: provider.isLocal,
      built_in: provider.builtIn,
      http_headers: Object.fromEntries(Object.keys(provider.httpHeaders).map((name) => [name, REDACTED])),
      query_params: redactQueryParams(provider.queryParams),
    },
    profile: config.profile ?? null,
    sandbox_mode: config.sandboxMode,
    approval_policy: config.approvalPolicy,
    context_window:
      config.contextWindow !== undefined && contextSetting
        ? { value: config.contextWindow, source: contextSetting.origin }
        : null,
    oss: config.oss,
    oss_provider: config.ossProvider ?? null,
    home: config.home,
    cwd: config.cwd,
    project_root: config.projectRoot ?? null,
    trusted: config.trusted,
    settings: redactSettings(config.settings),
    warnings: config.warnings,
  };
}

export function renderDebugConfigText(report: DebugConfigReport): string {
  const lines: string[] = [];
  const { provider } = report;
  const originOf = (key: string) => {
    const setting = report.settings[key];
    return setting ? describeOrigin(setting) : '';
  };
  const providerKey = (field: string) => `model_providers.${provider.id}.${field}`;
  lines.push(`provider  ${provider.id} (${provider.name})  ${originOf('model_provider')}`);
  lines.push(`  base_url  ${provider.base_url}  ${originOf(providerKey('base_url'))}`);
  lines.push(`  wire_api  ${provider.wire_api}`);
  lines.push(
    `  env_key   ${provider.env_key ? `${provider.env_key} (${provider.env_key_set ? 'set' : 'NOT set'})` : '(none)'}`,
  );
  lines.push(`model     ${report.model ?? '(not set)'}  ${originOf('model')}`);
  lines.push(`profile   ${report.profile ?? '(none)'}`);
  lines.push(`sandbox   ${report.sandbox_mode}  ${originOf('sandbox_mode')}`);
  lines.push(`approval  ${report.approval_policy}  ${originOf('approval_policy')}`);
  lines.push(`home      ${report.home}`);
  const project = report.project_root ? `project root ${report.project_root}` : 'no project root';
  lines.push(`cwd       ${report.cwd}  (${project}, ${report.trusted ? 'trusted' : 'not trusted'})`);
  lines.push('', 'settings:');
  const entries = Object.entries(report.settings).map(([key, setting]) => [
    key,
    JSON.stringify(setting.value),
    setting,
  ]);
  const keyWidth = Math.max(...entries.map(([key]) => String(key).length));
  const valueWidth = Math.min(48, Math.max(...entries.map(([, value]) => String(value).length)));
  for (const [key, value, setting] of entries as [string, string, Setting][]) {
    const line = `  ${key.padEnd(keyWidth)} = ${value.padEnd(valueWidth)}  ${describeOrigin(setting)}`;
    // A long origin (a deep file path) goes on its own line instead of wrapping mid-path.
    if (!setting.file || line.length <= ORIGIN_LINE_WIDTH) lines.push(line);
    else lines.push(`  ${key} = ${value}`, `      ${describeOrigin(setting)}`);
  }
  if (report.warnings.length > 0) {
    lines.push('', 'warnings:');
    for (const warning of report.warnings) lines.push(`  warning: ${warning.replace(/\n/g, '\n    ')}`);
  }
  return `${lines.map((line) => line.trimEnd()).join('\n')}\n`;
}

/** A settings line longer than this puts its file origin on the next line (terminals and the UI's panel). */
const ORIGIN_LINE_WIDTH = 100;

function describeOrigin(setting: Setting): string {
  return setting.file ? `(${setting.origin}: ${setting.file})` : `(${setting.origin})`;
}
