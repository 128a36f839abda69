import { describe, expect, it } from 'vitest';
import { overflowFigures } from './overflow-figures.js';

describe('overflowFigures', () => {
  it('reads llama.cpp’s n_prompt_tokens and n_ctx fields', () => {
    const body = {
      error: {
        code: 400,
        message: 'the request exceeds the available context size, try increasing it',
        type: 'exceed_context_size_error',
        n_prompt_tokens: 9123,
        n_ctx: 8192,
      },
    };
    expect(overflowFigures(body, body.error.message)).toEqual({
      promptTokens: 9123,
      contextTokens: 8192,
      overflowServer: 'llama.cpp',
    });
  });

  it.each([
    ['request (9000 tokens) exceeds the available context size (8192 tokens), try increasing it', 9000, 8192],
    [
      "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages, 1000 in the completion).",
      5000,
      4096,
    ],
    [
      "This model's maximum context length is 128000 tokens. However, your messages resulted in 130021 tokens.",
      130021,
      128000,
    ],
    [
      'Trying to keep the first 5000 tokens when context the overflows. However, the model is loaded with context length of only 4096 tokens, which is not enough.',
      5000,
      4096,
    ],
  ])('reads the figures from %j', (message, prompt, context) => {
    expect(overflowFigures({ error: { message } }, message)).toMatchObject({
      promptTokens: prompt,
      contextTokens: context,
    });
  });

  it('gives nothing for a message without figures, and ignores non-numbers', () => {
    expect(overflowFigures({ error: { n_ctx: '8192' } }, 'context length exceeded')).toEqual({});
  });
});
