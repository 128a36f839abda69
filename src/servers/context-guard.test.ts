import { describe, expect, it } from 'vitest';
import { checkContextWindow, derivedModelName } from './context-guard.js';
import { estimateKvCache } from './kv-cache.js';
import { detectServerTruncation } from './truncation.js';

describe('checkContextWindow', () => {
  it('passes a window at the minimum', () => {
    const check = checkContextWindow({
      info: { value: 65536, source: 'ollama /api/ps', serverKind: 'ollama' },
      model: 'gpt-oss:20b',
    });
    expect(check.status).toBe('ok');
    expect(check.message).toBeUndefined();
  });

  it('warns below the minimum with the Ollama fixes and the KV-cache cost of the exact shape', () => {
    const check = checkContextWindow({
      info: {
        value: 4096,
        source: 'ollama /api/ps',
        serverKind: 'ollama',
        trainedMax: 131072,
        architecture: { architecture: 'gptoss', layers: 24, kvHeads: 8, headDim: 64 },
      },
      model: 'gpt-oss:20b',
    });
    expect(check.status).toBe('small');
    expect(check.target).toBe(65536);
    expect(check.message).toContain('4096 tokens (ollama /api/ps), below the 65536');
    expect(check.message).toContain('OLLAMA_CONTEXT_LENGTH=65536 ollama serve');
    expect(check.message).toContain('gpt-oss:20b-64k');
    // 65536 × 24 × 8 × 64 × 2 × 2 bytes = 3 GiB
    expect(check.memoryNote).toContain('3.0 GiB');
  });

  it('names the server-specific fix for LM Studio, llama.cpp and vLLM', () => {
    const fixes = (serverKind: 'lmstudio' | 'llamacpp' | 'vllm') =>
      checkContextWindow({ info: { value: 8192, source: 'unknown', serverKind }, model: 'm' }).fixes.join(
        '\n',
      );
    expect(fixes('lmstudio')).toContain('lms load m --context-length 65536');
    expect(fixes('llamacpp')).toContain('-c 65536');
    expect(fixes('vllm')).toContain('--max-model-len 65536');
  });

  it('caps the target at the trained maximum and says the model is too short', () => {
    const check = checkContextWindow({
      info: { value: 8192, source: 'ollama /api/ps', serverKind: 'ollama', trainedMax: 32768 },
      model: 'small',
      minimum: 65536,
    });
    expect(check.target).toBe(32768);
    expect(check.modelTooShort).toBe(true);
    expect(check.message).toContain('trained for only 32768 tokens');
  });

  it('is unknown when nobody can say, with no memory estimate from made-up dimensions (defect 10)', () => {
    const check = checkContextWindow({ info: { source: 'unknown' }, model: 'm' });
    expect(check.status).toBe('unknown');
    expect(check.memoryNote).toBeUndefined();
    expect(estimateKvCache(1000).basis).toBe('rule-of-thumb');
  });

  it('llama.cpp: says it refuses what does not fit (not "drops silently"); -c advice follows the slots (defect 5)', () => {
    const single = checkContextWindow({
      info: { value: 4096, source: 'llama.cpp /props n_ctx', serverKind: 'llamacpp' },
      model: 'm',
    });
    expect(single.message).toContain('refuses a request that does not fit (HTTP 400)');
    expect(single.message).not.toMatch(/without saying so|silently/);
    expect(single.fixes).toEqual(['restart llama-server with -c 65536']);
    const split = checkContextWindow({
      info: { value: 32768, source: 'llama.cpp /props n_ctx', serverKind: 'llamacpp', slots: 2 },
      model: 'm',
    });
    // /props cannot say whether the cache is unified: the first fix is right either way.
    expect(split.fixes[0]).toContain('-c 65536 --kv-unified');
    expect(split.fixes[1]).toContain('-c 131072');
    expect(split.fixes.join('\n')).not.toMatch(/its 2 slots \(-np 2\) split/);
    expect(split.message).not.toMatch(/GiB/);
  });

  it('names derived models', () => {
    expect(derivedModelName('gpt-oss:20b', 65536)).toBe('gpt-oss:20b-64k');
    expect(derivedModelName('llama3', 131072)).toBe('llama3-128k');
  });
});

describe('detectServerTruncation', () => {
  it('flags far fewer prompt tokens than sent', () => {
    const warning = detectServerTruncation({
      sentApproxTokens: 20000,
      reportedPromptTokens: 4096,
      contextWindow: 4096,
    });
    expect(warning).toContain('read only 4096 prompt tokens of about 20000');
  });

  it('flags a prompt reported right at the window when more was sent', () => {
    expect(
      detectServerTruncation({ sentApproxTokens: 9000, reportedPromptTokens: 7900, contextWindow: 8192 }),
    ).toBeDefined();
  });

  it('accepts estimation error and short prompts', () => {
    expect(detectServerTruncation({ sentApproxTokens: 20000, reportedPromptTokens: 12000 })).toBeUndefined();
    expect(detectServerTruncation({ sentApproxTokens: 400, reportedPromptTokens: 100 })).toBeUndefined();
    expect(
      detectServerTruncation({ sentApproxTokens: 30000, reportedPromptTokens: 28000, contextWindow: 131072 }),
    ).toBeUndefined();
  });
});
