import { describe, expect, it } from 'vitest';
import { kindByPort } from './server-kind.js';

describe('kindByPort', () => {
  it.each([
    ['http://127.0.0.1:11434', 'ollama'],
    ['http://localhost:1234', 'lmstudio'],
    ['http://gpu-box.lan:8080', 'llamacpp'],
    ['http://127.0.0.1:8000', 'vllm'],
    ['http://127.0.0.1:8888', 'mlx-lm'],
    ['http://127.0.0.1:9999', 'openai-compatible'],
    ['http://localhost', 'openai-compatible'],
  ])('%s → %s', (root, kind) => {
    expect(kindByPort(root)).toBe(kind);
  });
});
