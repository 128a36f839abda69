// Gets LM Studio ready for a session: the server answers, the model is downloaded (`lms get`
// when the CLI is there), and it is loaded with a context window big enough for agent work —
// through the REST API (LM Studio 0.4+), else `lms load --context-length`.

import { OssaError } from '../../errors.js';
import { formatTokens } from '../../protocol/format-tokens.js';
import { checkContextWindow } from '../context-guard.js';
import { detectContextWindow } from '../context-window.js';
import { findLmsCli, runLms } from '../lms-cli.js';
import { isOtherApiVersion, LmStudioClient } from '../lmstudio.js';
import { whenRunning } from '../server-errors.js';
import { consentToDownload, type DownloadPolicy, likelyMeant } from './download-consent.js';
import type { Confirm, NoticeSink } from './io.js';
import type { FixPolicy, ServerReady } from './ollama-ready.js';

export interface LmStudioReadyInput {
  root: string;
  model: string;
  minimum: number;
  configuredWindow?: number;
  fix: FixPolicy;
  /** May a missing model be downloaded (`lms get`): yes, ask, no. */
  download: DownloadPolicy;
  confirm?: Confirm;
  stderr: NoticeSink;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  locationHint?: string;
}

export async function ensureLmStudioReady(input: LmStudioReadyInput): Promise<ServerReady> {
  const client = new LmStudioClient(input.root, { timeoutMs: 1000 });
  const models = await whenRunning(
    'lmstudio',
    input.root,
    input.locationHint,
    client.listModels(input.signal),
  );
  const lms = findLmsCli(input.env);
  let model = models.find((entry) => entry.id === input.model);
  if (!model) {
    if (!lms) {
      const meant = likelyMeant(
        input.model,
        models.map((entry) => entry.id),
      );
      throw new OssaError(
        `LM Studio at ${input.root} has no model ${input.model}.${meant ? ` Did you mean ${meant}? It has that one (-m ${meant}).` : ''} Download it in LM Studio (Discover tab), or with its CLI: \`lms get ${input.model}\` (the CLI comes with LM Studio: ~/.lmstudio/bin/lms).`,
      );
    }
    await consentToDownload({
      server: `LM Studio at ${input.root}`,
      model: input.model,
      installed: models.map((entry) => entry.id),
      policy: input.download,
      ...(input.confirm ? { confirm: input.confirm } : {}),
      stderr: input.stderr,
      manualCommand: `lms get ${input.model}`,
    });
    input.stderr.write(
      `LM Studio does not have ${input.model}; downloading it with \`lms get\` (Ctrl-C cancels)…\n`,
    );
    await runLms(lms, ['get', '--yes', input.model], lmsOptions(input));
    model = (await client.listModels(input.signal)).find((entry) => entry.id === input.model);
    if (!model)
      throw new OssaError(`\`lms get ${input.model}\` finished, but LM Studio still does not list it.`);
  }

  const wanted = Math.min(
    Math.max(input.minimum, input.configuredWindow ?? 0),
    model.maxContextLength ?? Number.POSITIVE_INFINITY,
  );
  const warnings: string[] = [];
  if (!model.loaded) {
    input.stderr.write(`Loading ${input.model} in LM Studio with a ${formatTokens(wanted)} context…\n`);
    const loaded = await load(client, input, lms, wanted);
    if (!loaded) {
      warnings.push(
        `LM Studio before 0.4 cannot load models over its API and the lms CLI was not found: it will load ${input.model} on the first request with its default context length. Load it yourself with a ${wanted}-token context (LM Studio → My Models).`,
      );
    }
  }

  let window = await detectWindow(input);
  const check = checkContextWindow({ info: window, model: input.model, minimum: input.minimum });
  if (check.status === 'small') {
    let agreed = input.fix === 'yes';
    if (input.fix === 'ask' && input.confirm) {
      input.stderr.write(`${check.message}\n`);
      agreed = await input.confirm(`Reload ${input.model} with a ${formatTokens(wanted)} context?`, true);
    }
    if (agreed) {
      input.stderr.write(`Reloading ${input.model} with a ${formatTokens(wanted)} context…\n`);
      const current = (await client.listModels(input.signal)).find((entry) => entry.id === input.model);
      for (const instance of current?.instanceIds ?? []) await client.unload(instance, input.signal);
      if (!current?.instanceIds?.length && lms) await runLms(lms, ['unload', input.model], lmsOptions(input));
      await load(client, input, lms, wanted);
      window = await detectWindow(input);
    } else {
      warnings.push(
        input.fix === 'ask' && input.confirm
          ? `Continuing with a ${window.value}-token window.`
          : check.message!,
      );
    }
  }
  if (window.supportsTools === false) {
    warnings.push(
      `LM Studio says ${input.model} is not trained for tool use: ossa's tools may not work with it.`,
    );
  }
  return { model: input.model, contextWindow: window, warnings };
}

/** Loads through the REST API, else the lms CLI; false when neither can. */
async function load(
  client: LmStudioClient,
  input: LmStudioReadyInput,
  lms: string | undefined,
  contextLength: number,
): Promise<boolean> {
  try {
    await client.load(input.model, { contextLength, ...(input.signal ? { signal: input.signal } : {}) });
    return true;
  } catch (error) {
    // LM Studio before 0.4 has no REST load: 404/405, or HTTP 200 with "Unexpected endpoint".
    if (!isOtherApiVersion(error)) throw error;
    if (error.serverMessage?.startsWith('Model not found')) throw error;
  }
  if (!lms) return false;
  await runLms(
    lms,
    ['load', input.model, '--context-length', String(contextLength), '--yes'],
    lmsOptions(input),
  );
  return true;
}

function detectWindow(input: LmStudioReadyInput) {
  return detectContextWindow({
    providerId: 'lmstudio',
    serverKind: 'lmstudio',
    baseUrl: `${input.root}/v1`,
    model: input.model,
    ...(input.configuredWindow !== undefined ? { configured: input.configuredWindow } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
}

function lmsOptions(input: LmStudioReadyInput) {
  return {
    env: input.env,
    ...(input.signal ? { signal: input.signal } : {}),
    onOutput: (text: string) => input.stderr.write(text),
  };
}
