// `--sweep` shorthands: settings whose config key depends on the model or provider. `temperature`
// and `top_p` are the model family's sampling (`model_families.<family>.sampling.*`, the family
// ossa picks for the model), `wire_api` the provider's (`model_providers.<id>.wire_api`),
// `reasoning_effort` is `model_reasoning_effort`. Any other key is a config key as written.
import { resolveModelFamily } from '../../repair/families.js';
import type { SessionTarget } from '../prepare-session.js';

export const SWEEP_SHORTHANDS = ['temperature', 'top_p', 'wire_api', 'reasoning_effort'] as const;

export function isShorthand(key: string): boolean {
  return (SWEEP_SHORTHANDS as readonly string[]).includes(key);
}

/** The config key a swept key stands for, for this target. */
export function expandSweepKey(
  key: string,
  target: Pick<SessionTarget, 'model' | 'provider' | 'config'>,
): string {
  switch (key) {
    case 'temperature':
    case 'top_p': {
      const family = resolveModelFamily(target.model, target.config.modelFamilies);
      return `model_families.${family.id}.sampling.${key}`;
    }
    case 'wire_api':
      return `model_providers.${target.provider.id}.wire_api`;
    case 'reasoning_effort':
      return 'model_reasoning_effort';
    default:
      return key;
  }
}
