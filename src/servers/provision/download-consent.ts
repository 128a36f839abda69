// Downloading a model is many gigabytes: it happens only after a yes — on a terminal, or given
// beforehand with --yes or `oss_pull_models = true`. A name one typo away from a model the server
// has is said first (`-m gpt-oss:20bb` → "did you mean gpt-oss:20b?"), so a typo does not start a
// download; without a terminal and without consent, the error says how to allow it.
import { closestMatch } from '../../config/did-you-mean.js';
import { OssaError } from '../../errors.js';
import type { Confirm, NoticeSink } from './io.js';

export type DownloadPolicy = 'yes' | 'ask' | 'no';

export interface DownloadConsentInput {
  /** `Ollama at http://…`, `LM Studio at http://…`. */
  server: string;
  model: string;
  /** The models the server has, for did-you-mean. */
  installed: readonly string[];
  policy: DownloadPolicy;
  confirm?: Confirm;
  stderr: NoticeSink;
  /** The user's own command for the same download (`ollama pull …`, `lms get …`). */
  manualCommand: string;
}

/** The model the user most likely meant, when `model` is one small edit away from one the server has. */
export function likelyMeant(model: string, installed: readonly string[]): string | undefined {
  const strip = (name: string) => name.replace(/:latest$/, '');
  const match = closestMatch(strip(model), installed.map(strip));
  return match === undefined ? undefined : installed.find((name) => strip(name) === match);
}

/** Resolves when the download may start; throws (exit 1) when it may not. */
export async function consentToDownload(input: DownloadConsentInput): Promise<void> {
  const meant = likelyMeant(input.model, input.installed);
  const hint = meant ? ` Did you mean ${meant}? The server has it (-m ${meant}).` : '';
  if (input.policy === 'yes') {
    if (meant)
      input.stderr.write(
        `${input.server} has no ${input.model}, but has ${meant}: downloading ${input.model} as asked (--yes).\n`,
      );
    return;
  }
  if (input.policy === 'ask' && input.confirm) {
    input.stderr.write(`${input.server} does not have ${input.model}.${hint}\n`);
    // A likely typo defaults to no: Enter alone must not start a download of the wrong name.
    if (await input.confirm(`Download ${input.model} now?`, meant === undefined)) return;
    throw new OssaError(
      `Not downloading ${input.model}.${meant ? ` Run again with -m ${meant}.` : ` Download it yourself with \`${input.manualCommand}\`.`}`,
      1,
    );
  }
  throw new OssaError(
    `${input.server} does not have ${input.model}.${hint} To download it: \`${input.manualCommand}\`, or let ossa do it — run again with --yes (or set oss_pull_models = true); on a terminal ossa asks first.`,
    1,
  );
}
