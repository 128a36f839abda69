// resolveConfig: reads the layers, validates each, filters project files, merges them in order
// (defaults < command defaults < user < profile < project(s) < -c < flags), applies --oss and
// --add-dir, and builds the provider. Nothing here writes a file.
import os from 'node:os';
import path from 'node:path';
import { defaultTable } from './defaults.js';
import { ConfigError } from './errors.js';
import { flagsToTable } from './flags-layer.js';
import { renderKeyPath } from './key-path.js';
import { isTable, type Layer } from './layer.js';
import { type LegacyProfiles, legacyProfilesWarning, takeLegacyProfiles } from './legacy-profiles.js';
import {
  findProjectConfigFiles,
  findProjectRoot,
  isDirectory,
  listProfileNames,
  profileFile,
  readTomlFile,
  realpathOrSelf,
  resolveWorkingDir,
} from './load.js';
import { resolveMcpServers } from './mcp-servers.js';
import { type MergedConfig, mergeLayers, setMerged } from './merge.js';
import { overridesToTable } from './overrides.js';
import { checkProfileName } from './profile-name.js';
import { filterProjectTable, forbiddenWarning, untrustedWarning } from './project-filter.js';
import { buildProviderSettings, checkCustomProviders, type Locate } from './provider-settings.js';
import {
  BUILT_IN_PROVIDERS,
  DEFAULT_MIN_CONTEXT_WINDOW,
  isBuiltInProvider,
  RESERVED_PROVIDER_IDS,
} from './providers.js';
import { ancestorsOf, findTrust, type TrustDecision } from './trust.js';
import type { ModelFamilyConfig, ResolvedConfig, ResolveInput, Setting } from './types.js';
import type { UnknownKey } from './validate.js';
import { position, validateLayer } from './validate.js';

/** `$OSSA_HOME`, or `~/.ossa`. */
export function ossaHome(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.OSSA_HOME?.trim();
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(env.HOME?.trim() || os.homedir(), '.ossa');
}

export async function resolveConfig(input: ResolveInput): Promise<ResolvedConfig> {
  const { env, flags } = input;
  const checker = new LayerChecker(flags.strictConfig === true);
  const { warnings } = checker;
  const check = (layer: Layer) => checker.check(layer);

  const home = ossaHome(env);
  if (env.OSSA_HOME?.trim() && !(await isDirectory(home))) {
    warnings.push(`OSSA_HOME=${home} is not a directory: no config.toml or profile files are read`);
  }
  const cwd = await resolveWorkingDir(input.cwd, flags.cd);
  if (flags.profile !== undefined) checkProfileName(flags.profile);
  const userConfigPath = path.join(home, 'config.toml');
  const userLayers = await readUserLayers(home, userConfigPath, flags.profile, checker);
  const cliLayer = check({ origin: '-c', table: overridesToTable(flags.config) });

  const { projectRoot, trust, baseline } = await projectStanding(
    cwd,
    [...userLayers, cliLayer],
    input.commandDefaults,
  );
  const trusted = trust.level === 'trusted';

  const projectLayers = await readProjectLayers({
    projectRoot,
    cwd,
    home,
    trusted,
    baseline,
    userConfigPath,
    checker,
  });
  const flagLayer = check({ origin: 'flag', table: flagsToTable(flags) });
  const pickedLayer = check({
    origin: '/model',
    table: flags.sessionModel !== undefined ? { model: flags.sessionModel } : {},
  });
  if (flags.dangerouslyBypassApprovalsAndSandbox) {
    warnings.push(
      '--dangerously-bypass-approvals-and-sandbox: commands the model writes run WITHOUT a sandbox and WITHOUT asking. Use it only inside a container or VM that is itself the sandbox.',
    );
  }

  const merged = mergeLayers([
    { origin: 'default', table: defaultTable(trust.level) },
    { origin: 'default', table: input.commandDefaults ?? {} },
    ...userLayers,
    ...projectLayers,
    cliLayer,
    flagLayer,
    pickedLayer,
  ]);
  const locate = locator(merged, checker.checked);

  applyAddDir(merged, flags.addDir, cwd);
  const ossProvider = applyOssFlag(merged, flags.oss === true, userConfigPath);

  checkCustomProviders(merged, locate, checker.unknownKeys);
  const provider = buildProviderSettings(String(merged.table.model_provider), merged, env, locate);

  if (checker.codexIgnored.size > 0) {
    warnings.push(`ignored (Codex setting ossa does not use): ${[...checker.codexIgnored].join(', ')}`);
  }
  return buildResolved({
    merged,
    home,
    cwd,
    projectRoot,
    profile: flags.profile,
    provider,
    oss: flags.oss === true,
    ossProvider,
    trusted,
    warnings,
    mcpServers: resolveMcpServers(merged, locate),
    configFiles: [...userLayers, ...projectLayers].flatMap((layer) => (layer.file ? [layer.file] : [])),
  });
}

/**
 * The project root, whether the project is trusted, and the user's own sandbox and approval choice
 * (what an untrusted project may only tighten) — from the user's own layers only, never from
 * project files.
 */
async function projectStanding(
  cwd: string,
  ownLayers: Layer[],
  commandDefaults: ResolveInput['commandDefaults'],
) {
  const early = mergeLayers([{ origin: 'default', table: defaultTable(undefined) }, ...ownLayers]);
  const markers = early.table.project_root_markers as string[];
  const projectRoot = await findProjectRoot(cwd, markers);
  const trust = await decideTrust(early.table.projects, cwd);
  const userChoice = mergeLayers([
    { origin: 'default', table: defaultTable(trust.level) },
    { origin: 'default', table: commandDefaults ?? {} },
    ...ownLayers,
  ]).table;
  const baseline = {
    sandboxMode: String(userChoice.sandbox_mode),
    approvalPolicy: String(userChoice.approval_policy),
  };
  return { projectRoot, trust, baseline };
}

/** `--add-dir`: more writable roots for workspace-write, applied once, here. */
function applyAddDir(merged: MergedConfig, addDir: readonly string[], cwd: string): void {
  if (addDir.length > 0) {
    const configured = (merged.table.sandbox_workspace_write as { writable_roots: string[] }).writable_roots;
    const added = addDir.map((dir) => path.resolve(cwd, dir));
    setMerged(merged, ['sandbox_workspace_write', 'writable_roots'], [...configured, ...added], 'flag');
  }
}

/** `--oss`: the provider is the configured (or `--local-provider`) local server, with its default model. */
function applyOssFlag(merged: MergedConfig, oss: boolean, userConfigPath: string) {
  const ossProvider = merged.table.oss_provider as 'ollama' | 'lmstudio' | undefined;
  if (oss) {
    if (!ossProvider) {
      throw new ConfigError({
        file: '--oss',
        message:
          'No default OSS provider configured. Use --local-provider ollama|lmstudio or set oss_provider = "ollama" (or "lmstudio") in config.toml',
        fix: `add oss_provider = "ollama" to ${userConfigPath}, or pass --local-provider lmstudio`,
      });
    }
    setMerged(merged, ['model_provider'], ossProvider, 'flag');
    if (merged.table.model === undefined) {
      setMerged(merged, ['model'], BUILT_IN_PROVIDERS[ossProvider].defaultOssModel, 'default');
    }
  }
  return ossProvider;
}

/** Validates each layer as it is read and collects warnings, ignored Codex keys and unknown keys. */
class LayerChecker {
  readonly warnings: string[] = [];
  readonly codexIgnored = new Set<string>();
  readonly unknownKeys: UnknownKey[] = [];
  readonly checked: Layer[] = [];

  constructor(private readonly strict: boolean) {}

  check(layer: Layer): Layer {
    rejectReservedProviderIds(layer);
    const result = validateLayer(layer, { strict: this.strict });
    this.warnings.push(...result.warnings);
    for (const key of result.codexIgnored) this.codexIgnored.add(key);
    this.unknownKeys.push(...result.unknownKeys);
    const validated = { ...layer, table: result.table };
    this.checked.push(validated);
    return validated;
  }
}

/** config.toml, then the profile file; legacy `[profiles.*]` tables are set aside with a warning. */
async function readUserLayers(
  home: string,
  userConfigPath: string,
  profile: string | undefined,
  checker: LayerChecker,
): Promise<Layer[]> {
  const layers: Layer[] = [];
  let legacy: LegacyProfiles | undefined;
  const userFile = await readTomlFile(userConfigPath);
  if (userFile) {
    const split = takeLegacyProfiles(userFile.table);
    legacy = split.legacy;
    if (legacy) checker.warnings.push(legacyProfilesWarning(userFile.file, legacy));
    layers.push(
      checker.check({ origin: 'user', file: userFile.file, text: userFile.text, table: split.table }),
    );
  }
  if (profile !== undefined) {
    const file = profileFile(home, profile);
    const loaded = await readTomlFile(file);
    if (!loaded) throw await unknownProfileError(profile, home, legacy);
    const split = takeLegacyProfiles(loaded.table);
    if (split.legacy) checker.warnings.push(legacyProfilesWarning(loaded.file, split.legacy));
    layers.push(
      checker.check({ origin: 'profile', file: loaded.file, text: loaded.text, table: split.table }),
    );
  }
  return layers;
}

/** The project's `.ossa/config.toml` files, filtered: never providers or credentials; safety only tightened unless trusted. */
async function readProjectLayers(input: {
  projectRoot: string | undefined;
  cwd: string;
  home: string;
  trusted: boolean;
  baseline: { sandboxMode: string; approvalPolicy: string };
  userConfigPath: string;
  checker: LayerChecker;
}): Promise<Layer[]> {
  const { projectRoot, cwd, checker, userConfigPath } = input;
  const layers: Layer[] = [];
  for (const file of await findProjectConfigFiles(projectRoot, cwd, input.home)) {
    const loaded = await readTomlFile(file);
    if (!loaded) continue;
    const filtered = filterProjectTable(loaded.table, input.trusted, input.baseline);
    if (filtered.forbidden.length > 0)
      checker.warnings.push(forbiddenWarning(file, filtered.forbidden, userConfigPath));
    if (filtered.untrusted.length > 0) {
      checker.warnings.push(untrustedWarning(file, filtered.untrusted, projectRoot ?? cwd, userConfigPath));
    }
    layers.push(checker.check({ origin: 'project', file, text: loaded.text, table: filtered.table }));
  }
  return layers;
}

function buildResolved(parts: {
  merged: MergedConfig;
  home: string;
  cwd: string;
  projectRoot: string | undefined;
  profile: string | undefined;
  provider: ResolvedConfig['provider'];
  oss: boolean;
  ossProvider: ResolvedConfig['ossProvider'];
  trusted: boolean;
  warnings: string[];
  mcpServers: ResolvedConfig['mcpServers'];
  configFiles: string[];
}): ResolvedConfig {
  const table = parts.merged.table;
  const sww = table.sandbox_workspace_write as Record<string, unknown>;
  const sep = table.shell_environment_policy as Record<string, unknown>;
  const settings: Record<string, Setting> = {};
  for (const key of [...parts.merged.settings.keys()].sort()) settings[key] = parts.merged.settings.get(key)!;
  const resolved: ResolvedConfig = {
    home: parts.home,
    cwd: parts.cwd,
    provider: parts.provider,
    oss: parts.oss,
    sandboxMode: table.sandbox_mode as ResolvedConfig['sandboxMode'],
    approvalPolicy: table.approval_policy as ResolvedConfig['approvalPolicy'],
    sandboxWorkspaceWrite: {
      writableRoots: (sww.writable_roots as string[]).map((dir) => path.resolve(parts.cwd, dir)),
      networkAccess: sww.network_access as boolean,
      excludeTmpdirEnvVar: sww.exclude_tmpdir_env_var as boolean,
      excludeSlashTmp: sww.exclude_slash_tmp as boolean,
    },
    shellEnvironmentPolicy: {
      inherit: sep.inherit as ResolvedConfig['shellEnvironmentPolicy']['inherit'],
      ignoreDefaultExcludes: sep.ignore_default_excludes as boolean,
      exclude: sep.exclude as string[],
      set: (sep.set as Record<string, string> | undefined) ?? {},
      includeOnly: sep.include_only as string[],
    },
    mcpServers: parts.mcpServers,
    projectDocMaxBytes: table.project_doc_max_bytes as number,
    projectDocFallbackFilenames: table.project_doc_fallback_filenames as string[],
    projectRootMarkers: table.project_root_markers as string[],
    trusted: parts.trusted,
    minContextWindow: (table.min_context_window as number | undefined) ?? DEFAULT_MIN_CONTEXT_WINDOW,
    modelFamilies: modelFamiliesOf(table.model_families),
    customProviderIds: Object.keys(
      (table.model_providers as Record<string, unknown> | undefined) ?? {},
    ).filter((id) => !isBuiltInProvider(id)),
    settings,
    warnings: parts.warnings,
    configFiles: parts.configFiles,
    table,
  };
  if (parts.projectRoot !== undefined) resolved.projectRoot = parts.projectRoot;
  if (parts.profile !== undefined) resolved.profile = parts.profile;
  if (typeof table.model === 'string') resolved.model = table.model;
  if (parts.ossProvider !== undefined) resolved.ossProvider = parts.ossProvider;
  if (typeof table.model_reasoning_effort === 'string')
    resolved.reasoningEffort = table.model_reasoning_effort;
  if (typeof table.model_context_window === 'number') resolved.contextWindow = table.model_context_window;
  if (typeof table.model_auto_compact_token_limit === 'number') {
    resolved.autoCompactTokenLimit = table.model_auto_compact_token_limit;
  }
  if (typeof table.tool_output_token_limit === 'number') {
    resolved.toolOutputTokenLimit = table.tool_output_token_limit;
  }
  if (typeof table.oss_fix_context === 'boolean') resolved.ossFixContext = table.oss_fix_context;
  if (typeof table.oss_pull_models === 'boolean') resolved.ossPullModels = table.oss_pull_models;
  if (typeof table.agent_max_steps === 'number') resolved.agentMaxSteps = table.agent_max_steps;
  if (typeof table.developer_instructions === 'string') {
    resolved.developerInstructions = table.developer_instructions;
  }
  return resolved;
}

interface FamilyTable {
  match?: string;
  tool_call_formats?: ModelFamilyConfig['toolCallFormats'];
  send_reasoning_back?: boolean;
  reasoning_field?: 'reasoning_content' | 'reasoning';
  sampling?: { temperature?: number; top_p?: number; top_k?: number };
}

/** `[model_families.<id>]` (validated by the schema) in camelCase. */
function modelFamiliesOf(value: unknown): Record<string, ModelFamilyConfig> {
  const families: Record<string, ModelFamilyConfig> = {};
  for (const [id, family] of Object.entries((value ?? {}) as Record<string, FamilyTable>)) {
    families[id] = {
      ...(family.match !== undefined ? { match: family.match } : {}),
      ...(family.tool_call_formats ? { toolCallFormats: family.tool_call_formats } : {}),
      ...(family.send_reasoning_back !== undefined ? { sendReasoningBack: family.send_reasoning_back } : {}),
      ...(family.reasoning_field ? { reasoningField: family.reasoning_field } : {}),
      ...(family.sampling ? { sampling: family.sampling } : {}),
    };
  }
  return families;
}

async function decideTrust(projects: unknown, cwd: string): Promise<TrustDecision> {
  const decision = findTrust(projects, ancestorsOf(cwd));
  if (decision.level) return decision;
  return findTrust(projects, ancestorsOf(await realpathOrSelf(cwd)));
}

function rejectReservedProviderIds(layer: Layer): void {
  const providers = layer.table.model_providers;
  if (!isTable(providers)) return;
  const reserved = RESERVED_PROVIDER_IDS.filter((id) => id in providers);
  if (reserved.length === 0) return;
  const first = reserved[0]!;
  throw new ConfigError({
    ...position(layer, ['model_providers', first]),
    keyPath: renderKeyPath(['model_providers', first]),
    message:
      `model_providers contains reserved built-in provider ids: ${reserved.map((id) => `\`${id}\``).join(', ')}. ` +
      'Built-in providers cannot be redefined',
    fix:
      `rename yours, e.g. [model_providers.${first}-custom], and set model_provider = "${first}-custom"` +
      (first === 'openai' ? '' : ` (to only move the built-in ${first}, set OSSA_OSS_BASE_URL instead)`),
  });
}

async function unknownProfileError(
  name: string,
  home: string,
  legacy: LegacyProfiles | undefined,
): Promise<ConfigError> {
  const existing = await listProfileNames(home);
  const list =
    existing.length > 0
      ? `existing profiles: ${existing.join(', ')}`
      : `there are no profile files in ${home}`;
  const fix = legacy?.names.includes(name)
    ? `config.toml still has a legacy [profiles.${name}] table: run \`ossa profiles migrate\` to turn it into ${profileFile(home, name)}`
    : `create ${profileFile(home, name)} with the keys to layer over config.toml, or use one of the existing profiles`;
  return new ConfigError({ file: '-p', message: `profile \`${name}\` not found (${list})`, fix });
}

/** Finds the file and line where the merged value at a path was last set. */
function locator(merged: MergedConfig, layers: readonly Layer[]): Locate {
  return (keyPath) => {
    const key = renderKeyPath(keyPath);
    let setting = merged.settings.get(key);
    if (!setting) {
      for (const [other, candidate] of merged.settings) {
        if (other.startsWith(`${key}.`) && candidate.origin !== 'default') setting = candidate;
      }
    }
    if (!setting) return {};
    const layer = layers.find((candidate) =>
      setting.file ? candidate.file === setting.file : candidate.origin === setting.origin,
    );
    return layer ? position(layer, keyPath) : {};
  };
}
