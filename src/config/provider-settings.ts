// The active provider: the built-in preset or the `[model_providers.<id>]` table, completed with
// defaults and the environment (API key, env headers, local endpoint overrides), plus the
// settings rows that show where each of its values came from.
import type { ProviderSettings, WireApi } from '../protocol/provider.js';
import { closestMatch } from './did-you-mean.js';
import { ConfigError, type ConfigErrorDetails } from './errors.js';
import { renderKeyPath } from './key-path.js';
import { isTable } from './layer.js';
import { localEndpoint, stripTrailingSlash } from './local-endpoints.js';
import { type MergedConfig, setMerged } from './merge.js';
import type { Table } from './parse-toml.js';
import {
  BUILT_IN_PROVIDERS,
  isBuiltInProvider,
  isLocalUrl,
  PROVIDER_DEFAULTS,
  type ProviderPreset,
} from './providers.js';
import { redactUrlCredentials } from './redact.js';
import type { Origin, ResolvedConfig } from './types.js';
import type { UnknownKey } from './validate.js';

/** Where a key path was written, for errors (file, line, column, source line). */
export type Locate = (
  path: readonly string[],
) => Pick<ConfigErrorDetails, 'file' | 'line' | 'column' | 'sourceLine'>;

/**
 * Every custom provider has a name and an http(s) base_url. `unknownKeys` are the keys validation
 * dropped: a missing `base_url` next to a dropped `base_ulr` is named as the misspelling it is.
 */
export function checkCustomProviders(
  merged: MergedConfig,
  locate: Locate,
  unknownKeys: readonly UnknownKey[] = [],
): void {
  const providers = merged.table.model_providers;
  if (!isTable(providers)) return;
  for (const [id, entry] of Object.entries(providers)) {
    const provider = isTable(entry) ? entry : {};
    for (const field of ['name', 'base_url'] as const) {
      const value = provider[field];
      if (typeof value === 'string' && value.trim() !== '') continue;
      const keyPath = renderKeyPath(['model_providers', id, field]);
      const example = field === 'name' ? '"My server"' : '"http://localhost:8000/v1"';
      const table = renderKeyPath(['model_providers', id]);
      const misspelt = unknownKeys.find(
        (key) =>
          key.suggestion === field &&
          key.path.length === 3 &&
          key.path[0] === 'model_providers' &&
          key.path[1] === id,
      );
      if (misspelt) {
        throw new ConfigError({
          ...locate(['model_providers', id]),
          keyPath,
          message: `provider \`${id}\` has \`${misspelt.path[2]}\` but no \`${field}\`: did you mean \`${field}\`?`,
          fix: `rename ${misspelt.path[2]} to ${field} under [${table}]`,
        });
      }
      throw new ConfigError({
        ...locate(['model_providers', id]),
        keyPath,
        message: `provider \`${id}\` needs a non-empty \`${field}\``,
        fix: `add ${field} = ${example} under [${table}]`,
      });
    }
    const baseUrl = String(provider.base_url);
    if (!/^https?:\/\/[^/]/i.test(baseUrl) || !URL.canParse(baseUrl)) {
      throw new ConfigError({
        ...locate(['model_providers', id, 'base_url']),
        keyPath: renderKeyPath(['model_providers', id, 'base_url']),
        message: `base_url of provider \`${id}\` must be an http(s) URL, found ${JSON.stringify(baseUrl)}`,
        fix: 'write the server’s OpenAI-compatible root, e.g. "http://localhost:8000/v1"',
      });
    }
  }
}

export function availableProviderIds(table: Table): string[] {
  const custom = isTable(table.model_providers) ? Object.keys(table.model_providers) : [];
  return [...Object.keys(BUILT_IN_PROVIDERS), ...custom.sort()];
}

export function buildProviderSettings(
  id: string,
  merged: MergedConfig,
  env: NodeJS.ProcessEnv,
  locate: Locate,
): ProviderSettings {
  checkProviderDefined(id, merged, locate);
  const prefix = ['model_providers', id];
  /** Records a default (or preset) value in the settings unless the key was configured. */
  const record: RecordDefault = (field, value, origin) => {
    if (!merged.settings.has(renderKeyPath([...prefix, field])))
      setMerged(merged, [...prefix, field], value, origin);
  };
  const table = isBuiltInProvider(id)
    ? builtInProviderTable(id, merged, env, record)
    : ((merged.table.model_providers as Table)[id] as Table);

  const { url: baseUrl, basicAuth } = splitCredentials(stripTrailingSlash(String(table.base_url)));
  const isLocal = isLocalUrl(baseUrl);
  const defaults = transportDefaults(isLocal);
  const value = <K extends keyof typeof defaults>(field: K): (typeof defaults)[K] => {
    const configured = table[field];
    if (configured !== undefined) return configured as (typeof defaults)[K];
    record(field, defaults[field], 'default');
    return defaults[field];
  };

  const envKey = typeof table.env_key === 'string' && table.env_key !== '' ? table.env_key : undefined;
  const envValue = envKey ? env[envKey]?.trim() : undefined;
  const bearer =
    typeof table.experimental_bearer_token === 'string' ? table.experimental_bearer_token : undefined;
  const httpHeaders = providerHeaders(table, env);
  if (basicAuth) addBasicAuth(httpHeaders, basicAuth, { id, table, locate, hasKey: !!(envValue || bearer) });

  const settings: ProviderSettings = {
    id,
    name: String(table.name),
    baseUrl,
    wireApi: value('wire_api') as WireApi,
    httpHeaders,
    queryParams: { ...(table.query_params as Record<string, string> | undefined) },
    requestMaxRetries: value('request_max_retries'),
    streamMaxRetries: value('stream_max_retries'),
    streamIdleTimeoutMs: value('stream_idle_timeout_ms'),
    firstByteTimeoutMs: value('stream_first_byte_timeout_ms'),
    streamMaxReplyBytes: value('stream_max_reply_bytes'),
    streamMaxDurationMs: value('stream_max_duration_ms'),
    isLocal,
    builtIn: isBuiltInProvider(id),
  };
  // Unset means "not chosen": the session then uses what the model family's template reads.
  // The default is still recorded, so `debug config` shows the value the wire falls back to.
  if (table.chat_reasoning_field !== undefined) {
    settings.chatReasoningField = table.chat_reasoning_field as ProviderSettings['chatReasoningField'];
  } else {
    record('chat_reasoning_field', PROVIDER_DEFAULTS.chatReasoningField, 'default');
  }
  if (isBuiltInProvider(id) && 'familySampling' in BUILT_IN_PROVIDERS[id]) settings.familySampling = false;
  if (envKey) settings.envKey = envKey;
  if (typeof table.env_key_instructions === 'string')
    settings.envKeyInstructions = table.env_key_instructions;
  const apiKey = envValue || bearer;
  if (apiKey) settings.apiKey = apiKey;
  return settings;
}

type RecordDefault = (field: string, value: unknown, origin: Origin) => void;

function checkProviderDefined(id: string, merged: MergedConfig, locate: Locate): void {
  const available = availableProviderIds(merged.table);
  if (available.includes(id)) return;
  const suggestion = closestMatch(id, available);
  throw new ConfigError({
    ...locate(['model_provider']),
    keyPath: 'model_provider',
    message:
      `model_provider \`${id}\` is not defined; available: ${available.join(', ')}` +
      (suggestion ? ` (did you mean \`${suggestion}\`?)` : ''),
    fix: `define [model_providers.${renderKeyPath([id])}] with name and base_url, or choose one of the available ids`,
  });
}

/**
 * A built-in provider's table: its preset, the base URL (`openai_base_url`, or the local server's
 * environment override) and OpenAI's organisation/project headers — each recorded in the settings
 * with its origin, so `debug config` shows (and redacts) them like configured values.
 */
function builtInProviderTable(
  id: keyof typeof BUILT_IN_PROVIDERS,
  merged: MergedConfig,
  env: NodeJS.ProcessEnv,
  record: RecordDefault,
): Table {
  const prefix = ['model_providers', id];
  const preset: ProviderPreset = BUILT_IN_PROVIDERS[id];
  const table: Table = { name: preset.name, wire_api: preset.wireApi };
  if (preset.envKey) table.env_key = preset.envKey;
  if (preset.envKeyInstructions) table.env_key_instructions = preset.envKeyInstructions;
  let baseUrl: string = preset.baseUrl;
  let baseUrlOrigin: Origin = 'default';
  let baseUrlFile: string | undefined;
  if (id === 'openai') {
    const override = merged.settings.get('openai_base_url');
    if (override && typeof override.value === 'string') {
      baseUrl = override.value;
      baseUrlOrigin = override.origin;
      baseUrlFile = override.file;
    }
    const headers: Record<string, string> = {};
    if (env.OPENAI_ORGANIZATION?.trim()) headers['OpenAI-Organization'] = env.OPENAI_ORGANIZATION.trim();
    if (env.OPENAI_PROJECT?.trim()) headers['OpenAI-Project'] = env.OPENAI_PROJECT.trim();
    table.http_headers = headers;
  } else {
    const endpoint = localEndpoint(id, env);
    baseUrl = endpoint.baseUrl;
    if (endpoint.envVar) baseUrlOrigin = 'env';
  }
  table.base_url = baseUrl;
  for (const [field, value] of Object.entries(table)) {
    if (field === 'http_headers') {
      for (const [header, headerValue] of Object.entries(value as Table)) {
        setMerged(merged, [...prefix, field, header], headerValue, 'env');
      }
    } else if (field === 'base_url') {
      setMerged(merged, [...prefix, field], value, baseUrlOrigin, baseUrlFile);
    } else {
      record(field, value, 'default');
    }
  }
  return table;
}

function transportDefaults(isLocal: boolean) {
  return {
    wire_api: 'responses',
    request_max_retries: PROVIDER_DEFAULTS.requestMaxRetries,
    stream_max_retries: PROVIDER_DEFAULTS.streamMaxRetries,
    stream_idle_timeout_ms: PROVIDER_DEFAULTS.streamIdleTimeoutMs,
    stream_first_byte_timeout_ms: isLocal
      ? PROVIDER_DEFAULTS.localFirstByteTimeoutMs
      : PROVIDER_DEFAULTS.remoteFirstByteTimeoutMs,
    stream_max_reply_bytes: PROVIDER_DEFAULTS.streamMaxReplyBytes,
    stream_max_duration_ms: PROVIDER_DEFAULTS.streamMaxDurationMs,
  };
}

/** `http_headers` plus `env_http_headers` whose variables are set. */
function providerHeaders(table: Table, env: NodeJS.ProcessEnv): Record<string, string> {
  const httpHeaders: Record<string, string> = {
    ...(table.http_headers as Record<string, string> | undefined),
  };
  for (const [header, variable] of Object.entries((table.env_http_headers as Record<string, string>) ?? {})) {
    const headerValue = env[variable]?.trim();
    if (headerValue) httpHeaders[header] = headerValue;
  }
  return httpHeaders;
}

/**
 * The HTTP client refuses URLs with credentials: send `user:password@` the way the URL meant, as
 * Basic auth — unless the provider also sends a key or an Authorization header (one must go).
 */
function addBasicAuth(
  httpHeaders: Record<string, string>,
  basicAuth: string,
  from: { id: string; table: Table; locate: Locate; hasKey: boolean },
): void {
  const { id, table, locate } = from;
  const hasAuthorization = Object.keys(httpHeaders).some((name) => name.toLowerCase() === 'authorization');
  if (hasAuthorization || from.hasKey) {
    throw new ConfigError({
      ...locate(builtInKeyPath(id, 'base_url')),
      keyPath: renderKeyPath(builtInKeyPath(id, 'base_url')),
      message: `base_url of provider \`${id}\` contains a user name and password (${redactUrlCredentials(String(table.base_url))}) and the provider also sends ${hasAuthorization ? 'an Authorization header' : 'an API key'}; only one of them can be used`,
      fix: 'remove the user:password@ part from base_url, or the API key / Authorization header',
    });
  }
  httpHeaders.Authorization = `Basic ${basicAuth}`;
}

/**
 * The settings another configured provider gets, from an already resolved config without reading
 * any file again: the provider `-c model_provider=<id>` would give.
 */
export function providerSettingsFor(
  config: Pick<ResolvedConfig, 'table' | 'settings'>,
  id: string,
  env: NodeJS.ProcessEnv,
): ProviderSettings {
  const merged: MergedConfig = {
    table: structuredClone(config.table),
    settings: new Map(Object.entries(config.settings)),
  };
  return buildProviderSettings(id, merged, env, () => ({}));
}

/**
 * The API key for a request. Throws a ConfigError when the provider names an `env_key` whose
 * variable is unset or blank: it names the variable, the provider and `env_key_instructions`.
 */
export function requireApiKey(provider: ProviderSettings): string | undefined {
  if (provider.apiKey) return provider.apiKey;
  if (!provider.envKey) return undefined;
  throw new ConfigError({
    keyPath: renderKeyPath(['model_providers', provider.id, 'env_key']),
    message: `the environment variable ${provider.envKey} is not set (or is blank); provider \`${provider.id}\` (${provider.name}) reads its API key from it`,
    fix: provider.envKeyInstructions ?? `export ${provider.envKey}=<your key> and run again`,
  });
}

/** The key path of a provider field: built-in ones may come from `openai_base_url` or the env. */
function builtInKeyPath(id: string, field: string): string[] {
  return ['model_providers', id, field];
}

/** Moves `user:password@` out of a URL: the URL without it, and the Basic credentials (base64). */
function splitCredentials(raw: string): { url: string; basicAuth?: string } {
  if (!URL.canParse(raw)) return { url: raw };
  const parsed = new URL(raw);
  if (!parsed.username && !parsed.password) return { url: raw };
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part; // a stray % is taken literally
    }
  };
  const user = decode(parsed.username);
  const password = decode(parsed.password);
  parsed.username = '';
  parsed.password = '';
  const url = stripTrailingSlash(parsed.toString());
  return { url, basicAuth: Buffer.from(`${user}:${password}`).toString('base64') };
}
