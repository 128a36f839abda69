import { describe, expect, it } from 'vitest';
import { MODEL_FAMILIES, resolveModelFamily } from './families.js';

describe('resolveModelFamily', () => {
  it.each([
    ['gpt-oss:20b', 'gpt-oss'],
    ['openai/gpt-oss-120b', 'gpt-oss'],
    ['qwen3-coder:30b', 'qwen3-coder'],
    ['Qwen/Qwen3-Coder-30B-A3B-Instruct', 'qwen3-coder'],
    ['qwen2.5-coder:14b', 'qwen3-coder'],
    ['Qwen/Qwen3-32B', 'qwen3'],
    ['qwq:32b', 'qwen3'],
    ['deepseek-r1:14b', 'deepseek'],
    ['deepseek-ai/DeepSeek-R1-Distill-Qwen-32B', 'deepseek'],
    ['devstral:24b', 'mistral'],
    ['mistralai/Mistral-Small-3.2-24B-Instruct-2506', 'mistral'],
    ['llama3.1:8b', 'llama'],
    ['gpt-4.1', 'generic'],
  ])('%s → %s', (model, id) => {
    expect(resolveModelFamily(model).id).toBe(id);
  });

  it('gpt-oss replays its reasoning and looks for harmony; the fallback looks for every text format but harmony', () => {
    const gptOss = resolveModelFamily('gpt-oss:20b');
    expect(gptOss.sendReasoningBack).toBe(true);
    expect(gptOss.toolCallFormats).toContain('harmony');
    expect(resolveModelFamily('unknown').toolCallFormats).toEqual([
      'tool_call_tag',
      'function_xml',
      'fenced_json',
      'bare_json',
      'mistral',
      'deepseek',
    ]);
  });

  it('merges a config override into a built-in family, sampling key by key', () => {
    const family = resolveModelFamily('qwen3-coder:30b', {
      'qwen3-coder': { sampling: { temperature: 0.2 }, sendReasoningBack: true },
    });
    expect(family).toMatchObject({
      id: 'qwen3-coder',
      sendReasoningBack: true,
      sampling: { temperature: 0.2, top_p: 0.8, top_k: 20 },
    });
    expect(MODEL_FAMILIES.find((f) => f.id === 'qwen3-coder')!.sampling!.temperature).toBe(0.7);
  });

  it('an override can move a model to another family with `match`', () => {
    expect(resolveModelFamily('my-tune', { llama: { match: '^my-' } }).id).toBe('llama');
  });

  it('an override with a new id and `match` defines a family tried before the built-ins', () => {
    const family = resolveModelFamily('gpt-oss-finetune', {
      'my-oss': { match: 'finetune', toolCallFormats: ['harmony'], sendReasoningBack: true },
    });
    expect(family).toMatchObject({ id: 'my-oss', toolCallFormats: ['harmony'], sendReasoningBack: true });
    expect(family.match.test('FINETUNE')).toBe(true);
  });
});
