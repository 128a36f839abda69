// The checks against the provider's server: it answers, base_url has the right shape (the missing
// `/v1` is the classic), the model is there, its context window is big enough, and which wire
// APIs answer. Each later check runs only when the ones it depends on passed.

import type { ResolvedConfig } from '../../config/index.js';
import { InterruptedError, OssaError } from '../../errors.js';
import { formatTokens } from '../../protocol/format-tokens.js';
import { checkContextWindow } from '../../servers/context-guard.js';
import { type ContextWindowInfo, detectContextWindow } from '../../servers/context-window.js';
import { BackendHttpError, BackendUnreachableError } from '../../servers/http.js';
import { identifyServer } from '../../servers/identify.js';
import { listOpenAiModels, type OpenAiModelEntry } from '../../servers/openai-models.js';
import { providerHeaders } from '../../servers/provider-headers.js';
import {
  howToStart,
  kindForProvider,
  portOf,
  SERVER_KINDS,
  type ServerKind,
} from '../../servers/server-kind.js';
import { joinUrl, serverRoot } from '../../servers/server-root.js';
import { type DoctorCheck, fail, pass, warn } from './check.js';
import { checkModel } from './model-check.js';
import { checkWires } from './wire-check.js';

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
  const reached = provider.isLocal ? await reachLocalServer(config, root, headers, input.signal) : {};
  if (reached.check) checks.push(reached.check);
  if (reached.unreachable) return done(false, provider.baseUrl);
  const { kind } = reached;

  // 2. base_url shape: GET {base_url}/models (the listing is reused by the later checks).
  const listing = await checkBaseUrl(config, headers, input.signal);
  checks.push(...listing.checks);
  const { baseUrl, models } = listing;
  if (listing.stop) return done(false, baseUrl);

  // 3. The model is there.
  const listed = models?.map((entry) => entry.id);
  const modelCheck = await checkModel({ kind, root, model, listed, headers, ...signal }).catch(
    (error: unknown) => serverFailure('model', error),
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
  checks.push(contextCheck(detected, model, input.minimum));

  // 5. Wire APIs.
  const wireCheck = await checkWires(config, baseUrl, model, headers, kind, input.signal).catch(
    (error: unknown) => ({ check: serverFailure('wire', error), configuredWorks: false }),
  );
  checks.push(wireCheck.check);
  return done(wireCheck.configuredWorks, baseUrl, detected);
}

/** A local server: who answers at `root` (a failed check when nothing does). */
async function reachLocalServer(
  config: ResolvedConfig,
  root: string,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<{ check?: DoctorCheck; kind?: ServerKind; unreachable?: true }> {
  const provider = config.provider;
  const started = performance.now();
  const identified = await identifyServer(root, { timeoutMs: 1000, ...(signal ? { signal } : {}), headers });
  const ms = Math.round(performance.now() - started);
  if (!identified.ok && identified.problem === 'unreachable') {
    const guess = kindForProvider(provider.id, root);
    const detail = `${SERVER_KINDS[guess].label} is not running at ${root} (${identified.cause.description})`;
    return {
      check: fail('server', detail, `${howToStart(guess, portOf(new URL(root)))}.`),
      unreachable: true,
    };
  }
  if (identified.ok) {
    const kind = identified.server.kind;
    const version = identified.server.version ? ` ${identified.server.version}` : '';
    const line = `${SERVER_KINDS[kind].label}${version} answers at ${root} (${ms} ms)`;
    return { check: pass('server', line, { kind, ms }), kind };
  }
  const detail = `something answers at ${root}, but not like a known model server: ${identified.detail}`;
  return { check: warn('server', detail) };
}

/** GET {base_url}/models: the listing, or the failed checks (a missing /v1 is found and corrected). */
async function checkBaseUrl(
  config: ResolvedConfig,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<{ checks: DoctorCheck[]; baseUrl: string; models?: OpenAiModelEntry[]; stop?: true }> {
  const provider = config.provider;
  const baseUrl = provider.baseUrl;
  try {
    const timeoutMs = provider.isLocal ? 3000 : 10_000;
    const models = await listOpenAiModels(baseUrl, { headers, timeoutMs, ...(signal ? { signal } : {}) });
    const checks = [
      ...(provider.isLocal ? [] : [pass('server', `${provider.name} answers at ${baseUrl}`)]),
      pass('base-url', `${joinUrl(baseUrl, '/models')} lists ${models.length} model(s)`),
    ];
    return { checks, baseUrl, models };
  } catch (error) {
    const corrected = await missingV1(baseUrl, headers, signal);
    if (corrected) {
      const detail = `${joinUrl(baseUrl, '/models')} is not found, but ${joinUrl(corrected.baseUrl, '/models')} answers: base_url lacks /v1`;
      return { checks: [fail('base-url', detail, baseUrlFix(config, corrected.baseUrl))], ...corrected };
    }
    if (error instanceof BackendUnreachableError) {
      const detail = `${provider.name} is not reachable at ${baseUrl} (${error.description})`;
      return { checks: [fail('server', detail, 'check base_url and the network')], baseUrl, stop: true };
    }
    if (error instanceof BackendHttpError && (error.status === 401 || error.status === 403)) {
      const fix = provider.envKey ? `check ${provider.envKey}` : 'set env_key for this provider';
      const check = fail('api-key', `the server refused the API key: ${error.message}`, fix);
      return { checks: [check], baseUrl, stop: true };
    }
    return {
      checks: [warn('base-url', `${joinUrl(baseUrl, '/models')}: ${(error as Error).message}`)],
      baseUrl,
    };
  }
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
