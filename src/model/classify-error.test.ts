import { describe, expect, test } from 'vitest';
import { httpStatusError, serverErrorFields, streamPayloadError } from './classify-error.js';
import {
  ContextWindowExceededError,
  ModelApiError,
  ModelRefusalError,
  ModelServerError,
  QuotaExceededError,
} from './errors.js';
import { localServerHint } from './local-server-hint.js';
import type { RequestContext } from './request-context.js';

const context: RequestContext = {
  url: 'http://localhost:8000/v1/chat/completions',
  path: '/chat/completions',
  providerId: 'vllm',
  baseUrl: 'http://localhost:8000/v1',
  wireApi: 'chat',
  envKey: undefined,
  hasApiKey: false,
  isLocal: true,
};

describe('serverErrorFields reads every known error body', () => {
  test.each([
    [
      'OpenAI / llama.cpp',
      { error: { message: 'm', type: 'invalid_request_error', code: 'bad' } },
      { message: 'm', code: 'bad' },
    ],
    ['type only', { error: { message: 'm', type: 'server_error' } }, { message: 'm', code: 'server_error' }],
    ['numeric code', { error: { message: 'm', code: 500 } }, { message: 'm', status: 500 }],
    ['Ollama native', { error: "model 'x' not found" }, { message: "model 'x' not found" }],
    [
      'vLLM',
      { object: 'error', message: 'CUDA out of memory', type: 'InternalServerError', code: 500 },
      { message: 'CUDA out of memory', code: 'InternalServerError', status: 500 },
    ],
    ['FastAPI detail', { detail: 'Not Found' }, { message: 'Not Found' }],
    [
      'FastAPI validation',
      { detail: [{ msg: 'field required' }, { msg: 'bad type' }] },
      { message: 'field required; bad type' },
    ],
    ['nothing useful', { ok: false }, {}],
  ])('%s', (_name, body, expected) => {
    const fields = serverErrorFields(body);
    expect({ message: fields.message, code: fields.code, status: fields.status }).toEqual({
      message: undefined,
      code: undefined,
      status: undefined,
      ...expected,
    });
  });
});

describe('httpStatusError', () => {
  test('retryable follows the status only', () => {
    const transient = httpStatusError(context, {
      status: 503,
      statusText: 'Service Unavailable',
      body: '{"error":{"message":"invalid request"}}',
    });
    expect(transient).toBeInstanceOf(ModelApiError);
    expect(transient.retryable).toBe(true);
    const permanent = httpStatusError(context, {
      status: 400,
      statusText: 'Bad Request',
      body: '{"error":{"message":"please retry later"}}',
    });
    expect(permanent.retryable).toBe(false);
  });

  test('the message has method, URL, status and the quoted server message', () => {
    const error = httpStatusError(context, {
      status: 500,
      statusText: 'Internal Server Error',
      body: '{"error":{"message":"boom"}}',
    });
    expect(error.message).toBe(
      'POST http://localhost:8000/v1/chat/completions failed with HTTP 500 Internal Server Error (server said: "boom").',
    );
  });

  test('structured codes pick the class: context window, quota', () => {
    expect(
      httpStatusError(context, {
        status: 400,
        statusText: '',
        body: '{"error":{"code":"context_length_exceeded","message":"too long"}}',
      }),
    ).toBeInstanceOf(ContextWindowExceededError);
    const quota = httpStatusError(context, {
      status: 429,
      statusText: '',
      body: '{"error":{"code":"insufficient_quota","message":"pay up"}}',
    });
    expect(quota).toBeInstanceOf(QuotaExceededError);
    expect(quota.retryable).toBe(false);
  });

  test("vLLM's context message on a 400 is a context-window error", () => {
    const body = JSON.stringify({
      object: 'error',
      message: "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens.",
      code: 400,
    });
    expect(httpStatusError(context, { status: 400, statusText: '', body })).toBeInstanceOf(
      ContextWindowExceededError,
    );
  });
});

describe('streamPayloadError', () => {
  test('refusals keep the server message; an empty cyber_policy message gets the fallback', () => {
    const refusal = streamPayloadError(context, { code: 'invalid_prompt', message: 'Invalid prompt: nope.' });
    expect(refusal).toBeInstanceOf(ModelRefusalError);
    expect((refusal as ModelRefusalError).serverMessage).toBe('Invalid prompt: nope.');
    const cyber = streamPayloadError(context, { code: 'cyber_policy' }) as ModelRefusalError;
    expect(cyber.serverMessage).toBe('This request has been flagged for possible cybersecurity risk.');
  });

  test('unknown codes are retryable; 4xx statuses are not; overload codes are', () => {
    expect(streamPayloadError(context, { code: 'weird', message: 'x' }).retryable).toBe(true);
    expect(streamPayloadError(context, { status: 422, message: 'x' }).retryable).toBe(false);
    expect(streamPayloadError(context, { status: 429, message: 'x' }).retryable).toBe(true);
    const overloaded = streamPayloadError(context, { code: 'server_is_overloaded', status: 400 });
    expect(overloaded).toBeInstanceOf(ModelServerError);
    expect(overloaded.retryable).toBe(true);
  });
});

describe('localServerHint', () => {
  test.each([
    ['ollama', 'http://localhost:11434/v1', '`ollama serve`'],
    ['lmstudio', 'http://localhost:1234/v1', '`lms server start`'],
    ['lmstudio', 'http://localhost:1235/v1', '`lms server start --port 1235`'],
    ['llamacpp', 'http://127.0.0.1:8081/v1', '`llama-server -m MODEL.gguf -c 65536 --jinja --port 8081`'],
    ['vllm', 'http://127.0.0.1:8001/v1', '`vllm serve MODEL --max-model-len 65536 --port 8001`'],
    ['box', 'http://127.0.0.1:11434/v1', 'Ollama'],
    ['box', 'http://127.0.0.1:1234/v1', 'LM Studio'],
    ['box', 'http://127.0.0.1:8080/v1', 'llama.cpp'],
    ['box', 'http://127.0.0.1:8000/v1', 'vLLM'],
    ['box', 'http://127.0.0.1:9999/v1', 'Start the model server for provider "box" on port 9999'],
  ])('%s at %s', (id, url, expected) => {
    expect(localServerHint(id, new URL(url))).toContain(expected);
  });
});
