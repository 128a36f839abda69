import { describe, expect, it } from 'vitest';
import { expandSweepKey } from './sweep-keys.js';

const target = (model: string, families = {}) =>
  ({ model, provider: { id: 'mine' }, config: { modelFamilies: families } }) as never;

describe('--sweep shorthands', () => {
  it("temperature and top_p are the model family's sampling, wire_api the provider's, others as written", () => {
    expect(expandSweepKey('temperature', target('qwen3-coder:30b'))).toMatch(
      /^model_families\.qwen[\w-]*\.sampling\.temperature$/,
    );
    expect(expandSweepKey('top_p', target('gpt-oss:20b'))).toMatch(
      /^model_families\.[\w-]+\.sampling\.top_p$/,
    );
    expect(expandSweepKey('wire_api', target('m'))).toBe('model_providers.mine.wire_api');
    expect(expandSweepKey('reasoning_effort', target('m'))).toBe('model_reasoning_effort');
    expect(expandSweepKey('model_families.x.sampling.top_k', target('m'))).toBe(
      'model_families.x.sampling.top_k',
    );
  });

  it("a user's own family that matches the model is the one swept", () => {
    const key = expandSweepKey('temperature', target('my-tuned-7b', { mine7b: { match: '^my-tuned' } }));
    expect(key).toBe('model_families.mine7b.sampling.temperature');
  });
});
