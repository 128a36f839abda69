// The first thing a new user meets with no config at all: no model. Say where to set one, and
// how somebody with a model on this machine gets going (--oss, ossa init, the README).
import { UsageError } from '../errors.js';
import type { ResolvedConfig } from './types.js';

export function noModelError(config: Pick<ResolvedConfig, 'provider' | 'home'>): UsageError {
  return new UsageError(
    `No model configured for provider \`${config.provider.id}\`. Set \`model = "…"\` in ${config.home}/config.toml or pass -m MODEL. ` +
      'For a model on this machine: `ossa --oss` uses a running Ollama, LM Studio, llama-server or vLLM, and `ossa init` detects running servers and writes a profile for each (see the README, "First run").',
  );
}
