// The checks against the provider's server: it answers, base_url has the right shape (the missing
// `/v1` is the classic), the model is there, its context window is big enough, and which wire
// APIs answer. Each later check runs only when the ones it depends on passed.

import type { ResolvedConfig } from '../../config/index.js';
import { InterruptedError, OssaError } from '../../errors.js';
import { formatTokens } from '../../protocol/format-tokens.js';
import type { WireApi } from '../../protocol/provider.js';
import { checkContextWindow } from '../../servers/context-guard.js';
import { type ContextWindowInfo, detectContextWindow } from '../../servers/context-window.js';
import { BackendHttpError, BackendUnreachableError } from '../../servers/http.js';
import { identifyServer } from '../../servers/identify.js';
import { LlamaCppClient } from '../../servers/llamacpp.js';
import { LmStudioClient } from '../../servers/lmstudio.js';
import { OllamaClient, sameOllamaModel } from '../../servers/ollama.js';
import { listOpenAiModels, type OpenAiModelEntry } from '../../servers/openai-models.js';
import { providerHeaders } from '../../servers/provider-headers.js';
import { howToStart, kindByPort, SERVER_KINDS, type ServerKind } from '../../servers/server-kind.js';
import { joinUrl, serverRoot } from '../../servers/server-root.js';
import { probeWire, type WireProbe } from '../../servers/wire-probe.js';
import { type DoctorCheck, fail, pass, warn } from './check.js';

export interface ServerCheckResult {
  checks: DoctorCheck[];
  /** The server answers the configured wire with the model: the smoke test can run. */
  ready: boolean;
  /** base_url to use for the rest (corrected when only the `/v1` was missing). */
  baseUrl: string;
  contextWindow?: ContextWindowInfo;
}

export interface ServerCheckInput {
  config: ResolvedConfig;
  minimum: number;
  signal?: AbortSignal;
}

export async function serverChecks(input: ServerCheckInput): Promise<ServerCheckResult> {
  const { config } = input;
  const provider = config.provider;
  const model = config.model ?? '';
  const headers = providerHeaders(provider);
  const signal = input.signal ? { signal: input.signal } : {};
  const checks: DoctorCheck[] = [];
  const done = (ready: boolean, baseUrl: string, contextWindow?: ContextWindowInfo): ServerCheckResult => ({
    checks,
    ready,
    baseUrl,
    ...(contextWindow ? { contextWindow } : {}),
  });

  // 1. Reachable, and which server it is.
  const root = serverRoot(provider.baseUrl);
  let kind: ServerKind | undefined;
  const started = performance.now();
  if (provider.isLocal) {
    const identified = await identifyServer(root, { timeoutMs: 1000, ...signal, headers });
    const ms = Math.round(performance.now() - started);
    if (!identified.ok && identified.problem === 'unreachable') {
      const guess = provider.id === 'ollama' || provider.id === 'lmstudio' ? provider.id : kindByPort(root);
      checks.push(
        fail(
          'server',
          `${SERVER_KINDS[guess].label} is not running at ${root} (${identified.cause.description})`,
          `${howToStart(guess)}.`,
        ),
      );
      return done(false, provider.baseUrl);
    }
    if (identified.ok) {
      kind = identified.server.kind;
      const version = identified.server.version ? ` ${identified.server.version}` : '';
      checks.push(
        pass('server', `${SERVER_KINDS[kind].label}${version} answers at ${root} (${ms} ms)`, { kind, ms }),
      );
    } else {
      checks.push(
        warn(
          'server',
          `something answers at ${root}, but not like a known model server: ${identified.detail}`,
        ),
      );
    }
  }

  // 2. base_url shape: GET {base_url}/models.
  let baseUrl = provider.baseUrl;
  // The listing of {baseUrl}/models, reused by the model and context-window checks.
  let models: OpenAiModelEntry[] | undefined;
  try {
    models = await listOpenAiModels(baseUrl, {
      headers,
      timeoutMs: provider.isLocal ? 3000 : 10_000,
      ...signal,
    });
    if (!provider.isLocal) checks.push(pass('server', `${provider.name} answers at ${baseUrl}`));
    checks.push(pass('base-url', `${joinUrl(baseUrl, '/models')} lists ${models.length} model(s)`));
  } catch (error) {
    const corrected = await missingV1(baseUrl, headers, input.signal);
    if (corrected) {
      checks.push(
        fail(
          'base-url',
          `${joinUrl(baseUrl, '/models')} is not found, but ${joinUrl(corrected.baseUrl, '/models')} answers: base_url lacks /v1`,
          baseUrlFix(config, corrected.baseUrl),
        ),
      );
      baseUrl = corrected.baseUrl;
      models = corrected.models;
    } else if (error instanceof BackendUnreachableError) {
      checks.push(
        fail(
          'server',
          `${provider.name} is not reachable at ${baseUrl} (${error.description})`,
          'check base_url and the network',
        ),
      );
      return done(false, baseUrl);
    } else if (error instanceof BackendHttpError && (error.status === 401 || error.status === 403)) {
      checks.push(
        fail(
          'api-key',
          `the server refused the API key: ${error.message}`,
          provider.envKey ? `check ${provider.envKey}` : 'set env_key for this provider',
        ),
      );
      return done(false, baseUrl);
    } else {
      checks.push(warn('base-url', `${joinUrl(baseUrl, '/models')}: ${(error as Error).message}`));
    }
  }

  // 3. The model is there.
  const listed = models?.map((entry) => entry.id);
  const modelCheck = await failedOnError(
    'model',
    checkModel({ kind, root, model, listed, headers, ...signal }),
  );
  checks.push(modelCheck);
  if (modelCheck.status === 'fail') return done(false, baseUrl);

  // 4. Context window, as the server will use it.
  const detected = await detectContextWindow({
    providerId: provider.id,
    baseUrl,
    model,
    load: kind === 'ollama',
    headers,
    ...(models ? { models } : {}),
    ...(kind ? { serverKind: kind } : {}),
    ...(config.contextWindow !== undefined ? { configured: config.contextWindow } : {}),
    ...signal,
  }).catch((error: unknown) => serverFailure('context-window', error));
  if ('status' in detected) {
    checks.push(detected);
    return done(false, baseUrl);
  }
  const window = detected;
  checks.push(contextCheck(window, model, input.minimum));

  // 5. Wire APIs.
  const wireCheck = await checkWires(config, baseUrl, model, headers, kind, input.signal).catch(
    (error: unknown) => ({ check: serverFailure('wire', error), configuredWorks: false }),
  );
  checks.push(wireCheck.check);
  return done(wireCheck.configuredWorks, baseUrl, window);
}

/**
 * A server answer no check foresaw (an API of another version, a body of another shape) fails
 * that one check with the server's words; the report still prints. Cancelling still cancels.
 */
function serverFailure(id: string, error: unknown): DoctorCheck {
  if (error instanceof InterruptedError || !(error instanceof OssaError)) throw error;
  return fail(
    id,
    error.message,
    'check that the server at base_url is the one configured, and update it if it is old',
  );
}

function failedOnError(id: string, check: Promise<DoctorCheck>): Promise<DoctorCheck> {
  return check.catch((error: unknown) => serverFailure(id, error));
}

/** `base_url + /v1` answers `/models` where `base_url/models` was not found: that URL and its listing. */
async function missingV1(
  baseUrl: string,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<{ baseUrl: string; models: OpenAiModelEntry[] } | undefined> {
  if (/\/v1\/?$/.test(baseUrl)) return undefined;
  const candidate = joinUrl(baseUrl, '/v1');
  try {
    const models = await listOpenAiModels(candidate, {
      headers,
      timeoutMs: 3000,
      ...(signal ? { signal } : {}),
    });
    return { baseUrl: candidate, models };
  } catch {
    return undefined;
  }
}

function baseUrlFix(config: ResolvedConfig, corrected: string): string {
  if (config.provider.builtIn) return `set OSSA_OSS_BASE_URL=${corrected} (or unset it to use the default)`;
  return `set base_url = "${corrected}" under [model_providers.${config.provider.id}]`;
}

async function checkModel(input: {
  kind: ServerKind | undefined;
  root: string;
  model: string;
  listed: string[] | undefined;
  headers: Record<string, string>;
  signal?: AbortSignal;
}): Promise<DoctorCheck> {
  const { kind, model } = input;
  if (!model) return fail('model', 'no model configured', 'pass -m MODEL or set model = "…" in config');
  if (kind === 'ollama') {
    const tags = await new OllamaClient(input.root).tags(input.signal);
    if (tags.some((tag) => sameOllamaModel(tag.name, model))) return pass('model', `Ollama has ${model}`);
    return fail(
      'model',
      `Ollama at ${input.root} does not have ${model}${tags.length ? ` (it has ${tags.map((tag) => tag.name).join(', ')})` : ''}`,
      `ollama pull ${model} (or run with --oss: ossa pulls it with progress)`,
    );
  }
  if (kind === 'lmstudio') {
    const models = await new LmStudioClient(input.root).listModels(input.signal);
    const found = models.find((entry) => entry.id === model);
    if (found)
      return pass('model', `LM Studio has ${model}${found.loaded ? ' (loaded)' : ' (not loaded yet)'}`);
    return fail(
      'model',
      `LM Studio does not have ${model}`,
      `lms get ${model}, or download it in LM Studio (Discover)`,
    );
  }
  if (kind === 'llamacpp') {
    const props = await new LlamaCppClient(input.root, { headers: input.headers })
      .props(input.signal)
      .catch(() => undefined);
    // Router mode (--models-dir) answers only to the names it lists; one model answers to any name.
    if (!props?.router) {
      return pass(
        'model',
        `llama.cpp serves one model and answers to any name (${input.listed?.join(', ') ?? '?'})`,
      );
    }
  }
  if (!input.listed)
    return warn('model', `cannot check that ${model} exists: the server does not list models`);
  if (input.listed.includes(model)) return pass('model', `${model} is listed`);
  const sample = input.listed.slice(0, 8).join(', ');
  return fail(
    'model',
    `${model} is not among the server's models (${sample}${input.listed.length > 8 ? ', …' : ''})`,
    'pick one of those with -m, or fix `model` in config',
  );
}

function contextCheck(window: ContextWindowInfo, model: string, minimum: number): DoctorCheck {
  const check = checkContextWindow({ info: window, model, minimum });
  const data = { value: window.value, source: window.source, trained_max: window.trainedMax, minimum };
  if (check.status === 'ok') {
    return pass(
      'context-window',
      `${window.value} tokens (${window.source})${window.note ? `; ${window.note}` : ''}`,
      data,
    );
  }
  if (check.status === 'unknown') {
    return warn(
      'context-window',
      `unknown (${window.note ?? 'the server does not say'})`,
      check.fixes.join('; '),
      data,
    );
  }
  return fail(
    'context-window',
    `${window.value} tokens (${window.source}), below the ${minimum} (${formatTokens(minimum)}) agent work needs`,
    [check.fixes.join('; '), check.memoryNote].filter(Boolean).join('. '),
    data,
  );
}

async function checkWires(
  config: ResolvedConfig,
  baseUrl: string,
  model: string,
  headers: Record<string, string>,
  kind: ServerKind | undefined,
  signal?: AbortSignal,
): Promise<{ check: DoctorCheck; configuredWorks: boolean }> {
  const configured = config.provider.wireApi;
  const other: WireApi = configured === 'responses' ? 'chat' : 'responses';
  const options = { headers, ...(signal ? { signal } : {}) };
  const [mine, theirs] = [
    await probeWire(baseUrl, configured, model, options),
    await probeWire(baseUrl, other, model, options),
  ];
  const data = { [configured]: summary(mine), [other]: summary(theirs) };
  const line = `${describe(mine)}; ${describe(theirs)}`;
  if (mine.outcome === 'ok') return { check: pass('wire', line, data), configuredWorks: true };
  const fix =
    theirs.outcome === 'ok'
      ? switchWireFix(config, other, kind)
      : `the server answers neither wire: ${mine.detail}`;
  return { check: fail('wire', line, fix, data), configuredWorks: false };
}

function describe(probe: WireProbe): string {
  const name = probe.wire === 'responses' ? 'responses' : 'chat/completions';
  switch (probe.outcome) {
    case 'ok':
      return `${name} answers (${probe.elapsedMs} ms)`;
    case 'missing':
      return `${name} not available (HTTP ${probe.status})`;
    default:
      return `${name} fails: ${probe.detail}`;
  }
}

function summary(probe: WireProbe) {
  return { outcome: probe.outcome, status: probe.status, ms: probe.elapsedMs };
}

function switchWireFix(config: ResolvedConfig, wire: WireApi, kind: ServerKind | undefined): string {
  if (config.provider.builtIn && kind === 'ollama' && wire === 'chat') {
    return 'this Ollama has no /v1/responses (added in 0.13.3): upgrade Ollama, or use a custom provider with wire_api = "chat" ([model_providers.ollama-chat] base_url = "…/v1", wire_api = "chat")';
  }
  if (config.provider.builtIn)
    return `the server answers only the ${wire} wire: use a custom provider with wire_api = "${wire}"`;
  return `set wire_api = "${wire}" under [model_providers.${config.provider.id}]`;
}
