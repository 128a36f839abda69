// Gets an Ollama server ready for a session: it answers, is new enough for the wire API, has the
// model (pulling it with progress when missing), and gives the model a context window big enough
// for agent work (creating `<model>-64k` with num_ctx through /api/create when allowed).

import { InterruptedError, OssaError } from '../../errors.js';
import { formatTokens } from '../../protocol/format-tokens.js';
import type { WireApi } from '../../protocol/provider.js';
import { checkContextWindow, derivedModelName } from '../context-guard.js';
import { type ContextWindowInfo, detectContextWindow } from '../context-window.js';
import { BackendHttpError } from '../http.js';
import { OllamaClient, OllamaStreamError, sameOllamaModel } from '../ollama.js';
import { ollamaModelFacts } from '../ollama-model-facts.js';
import { compareVersions } from '../semver.js';
import { LocalServerNotRunningError, ServerTooOldError, whenRunning } from '../server-errors.js';
import { consentToDownload, type DownloadPolicy } from './download-consent.js';
import { type Confirm, type NoticeSink, type PullProgressFactory, silentProgress } from './io.js';

/** The first Ollama with /v1/responses (0.13.3, ollama/ollama#13351); the chat wire works on older. */
export const OLLAMA_MIN_VERSION_RESPONSES = '0.13.3';

export type FixPolicy = 'yes' | 'ask' | 'no';

export interface OllamaReadyInput {
  root: string;
  model: string;
  wireApi: WireApi;
  minimum: number;
  configuredWindow?: number;
  fix: FixPolicy;
  /** May a missing model be downloaded: yes (--yes, oss_pull_models), ask (a terminal), no. */
  download: DownloadPolicy;
  confirm?: Confirm;
  /** Shows pull progress; default: nothing shown. */
  progress?: PullProgressFactory;
  stderr: NoticeSink;
  isTTY: boolean;
  signal?: AbortSignal;
  /** Where the URL came from, for the not-running message. */
  locationHint?: string;
  /** The server's version when it told us a moment ago (server-facts-cache.ts): not asked again. */
  knownVersion?: string;
}

export interface ServerReady {
  /** The model to use: the requested one, or the derived `<model>-64k`. */
  model: string;
  contextWindow: ContextWindowInfo;
  warnings: string[];
}

export async function ensureOllamaReady(input: OllamaReadyInput): Promise<ServerReady & { version: string }> {
  const client = new OllamaClient(input.root, { timeoutMs: 1000 });
  const slow = new OllamaClient(input.root, { timeoutMs: 5000 });
  const running = <T>(request: Promise<T>) => whenRunning('ollama', input.root, input.locationHint, request);
  // Independent questions, asked together: the version (unless the cache knows it), the model
  // (404: not installed) and what is loaded.
  const [version, shown, loaded] = await Promise.all([
    input.knownVersion ?? running(client.version(input.signal)),
    running(slow.show(input.model, input.signal)).catch((error: unknown) => {
      if (error instanceof BackendHttpError && error.status === 404) return null;
      throw error;
    }),
    running(client.ps(input.signal)).catch((error: unknown) => {
      if (error instanceof LocalServerNotRunningError) throw error;
      return [];
    }),
  ]);
  if (input.wireApi === 'responses' && compareVersions(version, OLLAMA_MIN_VERSION_RESPONSES) < 0) {
    throw new ServerTooOldError(
      `Ollama ${version} at ${input.root} is too old for the Responses API (/v1/responses needs Ollama ${OLLAMA_MIN_VERSION_RESPONSES} or newer). Upgrade Ollama (https://ollama.com/download), or use the chat wire with a custom provider: [model_providers.ollama-chat] base_url = "${input.root}/v1", wire_api = "chat", then -c model_provider=ollama-chat.`,
    );
  }

  const pulled = shown === null;
  if (pulled) {
    // Only a missing model costs the listing: for "did you mean" before asking to download.
    const installed = await slow.tags(input.signal).catch(() => []);
    await consentToDownload({
      server: `Ollama at ${input.root}`,
      model: input.model,
      installed: installed.map((entry) => entry.name),
      policy: input.download,
      ...(input.confirm ? { confirm: input.confirm } : {}),
      stderr: input.stderr,
      manualCommand: `ollama pull ${input.model}`,
    });
    await pullModel(client, input);
  }

  const warnings: string[] = [];
  if (!loaded.some((entry) => sameOllamaModel(entry.name, input.model)))
    input.stderr.write(`Loading ${input.model} in Ollama to read its context window…\n`);
  const window = await detectContextWindow({
    providerId: 'ollama',
    serverKind: 'ollama',
    baseUrl: `${input.root}/v1`,
    model: input.model,
    load: true,
    timeoutMs: 5000,
    // After a pull the model is new: its /api/show is asked for again.
    ...(pulled ? {} : { known: { ollamaShow: shown, ollamaPs: loaded } }),
    ...(input.configuredWindow !== undefined ? { configured: input.configuredWindow } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  if (window.supportsTools === false) {
    warnings.push(
      `Ollama says ${input.model} does not support tool calling (no "tools" capability): ossa's tools will not work with it. Choose a model with tool support (\`ossa models\` shows which).`,
    );
  }
  const check = checkContextWindow({ info: window, model: input.model, minimum: input.minimum });
  if (check.status !== 'small') return { model: input.model, contextWindow: window, warnings, version };

  const target = check.target;
  const derived = derivedModelName(input.model, target);
  let agreed = input.fix === 'yes';
  if (input.fix === 'ask' && input.confirm) {
    input.stderr.write(`${check.message}\n`);
    agreed = await input.confirm(
      `Create ${derived} (${input.model} with a ${formatTokens(target)} window) and use it?`,
      true,
    );
    if (!agreed) {
      warnings.push(`Continuing with a ${window.value}-token window: Ollama will cut longer conversations.`);
    }
  } else if (!agreed) {
    warnings.push(check.message!);
  }
  if (!agreed) return { model: input.model, contextWindow: window, warnings, version };
  const created = await createDerivedModel(client, input, derived, target);
  return { model: derived, contextWindow: created, warnings, version };
}

async function pullModel(client: OllamaClient, input: OllamaReadyInput): Promise<void> {
  input.stderr.write(`Ollama does not have ${input.model}; pulling it (Ctrl-C cancels)…\n`);
  const renderer = (input.progress ?? silentProgress)();
  let succeeded = false;
  try {
    for await (const progress of client.pull(input.model, input.signal)) {
      renderer.update(progress);
      if (progress.status === 'success') succeeded = true;
    }
  } catch (error) {
    renderer.finish();
    if (error instanceof InterruptedError) {
      throw new InterruptedError(
        `Pulling ${input.model} was cancelled. Run the same command again to resume: Ollama keeps what it downloaded.`,
      );
    }
    const reason =
      error instanceof OllamaStreamError
        ? error.serverMessage
        : error instanceof BackendHttpError
          ? (error.serverMessage ?? `HTTP ${error.status}`)
          : (error as Error).message;
    throw new OssaError(
      `Pulling ${input.model} from ${input.root} failed: ${reason}. Check the model name (https://ollama.com/library) and the network, then run again; \`ollama pull ${input.model}\` shows the same download.`,
      1,
      { cause: error },
    );
  }
  renderer.finish();
  if (!succeeded) {
    throw new OssaError(`Pulling ${input.model} ended before Ollama reported success. Run again to resume.`);
  }
}

/** `/api/create` from the model with `num_ctx`, then checks /api/show reports it. */
async function createDerivedModel(
  client: OllamaClient,
  input: OllamaReadyInput,
  derived: string,
  target: number,
): Promise<ContextWindowInfo> {
  input.stderr.write(`Creating ${derived} from ${input.model} with num_ctx ${target}…\n`);
  try {
    for await (const _progress of client.create(
      { model: derived, from: input.model, parameters: { num_ctx: target } },
      input.signal,
    )) {
      // Ollama reuses the existing layers; the progress lines carry nothing worth showing.
    }
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
    throw new OssaError(
      `Creating ${derived} failed: ${(error as Error).message}. Do it by hand: OLLAMA_CONTEXT_LENGTH=${target} ollama serve, or a Modelfile with PARAMETER num_ctx ${target}.`,
      1,
      { cause: error },
    );
  }
  const facts = ollamaModelFacts(await client.show(derived, input.signal));
  if (facts.numCtx !== target) {
    throw new OssaError(
      `Created ${derived}, but Ollama reports num_ctx ${facts.numCtx ?? 'unset'} instead of ${target}. Start the server with OLLAMA_CONTEXT_LENGTH=${target} instead.`,
    );
  }
  input.stderr.write(
    `Using ${derived} (context window ${target}). Next time pass -m ${derived}, or set model = "${derived}" in config.\n`,
  );
  return {
    value: target,
    source: 'ollama /api/show num_ctx',
    serverKind: 'ollama',
    ...(facts.trainedContext ? { trainedMax: facts.trainedContext } : {}),
    ...(facts.architecture ? { architecture: facts.architecture } : {}),
    supportsTools: facts.supportsTools,
  };
}
