// doctor's model check: the server has the configured model (Ollama's tags, LM Studio's list,
// llama.cpp in router mode by its listing; one llama.cpp model answers to any name).
import { LlamaCppClient } from '../../servers/llamacpp.js';
import { LmStudioClient } from '../../servers/lmstudio.js';
import { OllamaClient, sameOllamaModel } from '../../servers/ollama.js';
import type { ServerKind } from '../../servers/server-kind.js';
import { type DoctorCheck, fail, pass, warn } from './check.js';

export async function checkModel(input: {
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
