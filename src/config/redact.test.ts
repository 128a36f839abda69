import { describe, expect, it } from 'vitest';
import { redactCredentialsInText } from './errors.js';
import { isSecretKeyPath, REDACTED, redactSettings, redactUrlCredentials } from './redact.js';

describe('redaction', () => {
  it.each([
    [['model_providers', 'x', 'http_headers', 'Authorization'], true],
    [['model_providers', 'x', 'env_http_headers', 'X-Key'], true],
    [['model_providers', 'x', 'experimental_bearer_token'], true],
    [['mcp_servers', 's', 'env', 'GITHUB_TOKEN'], true],
    [['mcp_servers', 's', 'http_headers', 'Authorization'], true],
    [['shell_environment_policy', 'set', 'NPM_TOKEN'], true],
    [['shell_environment_policy', 'set', 'PATH'], false],
    [['model_providers', 'x', 'env_key'], false],
    [['model'], false],
  ])('%j secret: %s', (segments, secret) => {
    expect(isSecretKeyPath(segments)).toBe(secret);
  });

  it('replaces only secret values', () => {
    expect(
      redactSettings({
        'model_providers.x.http_headers.Authorization': { value: 'Bearer sk-1', origin: 'user' },
        'model_providers.x.env_key': { value: 'X_KEY', origin: 'user' },
      }),
    ).toEqual({
      'model_providers.x.http_headers.Authorization': { value: REDACTED, origin: 'user' },
      'model_providers.x.env_key': { value: 'X_KEY', origin: 'user' },
    });
  });
});

describe('query parameters', () => {
  it('hides every query parameter value: gateways take keys under any name', () => {
    for (const name of ['api_key', 'api-version', 'sig', 'code', 'k']) {
      expect(isSecretKeyPath(['model_providers', 'gw', 'query_params', name])).toBe(true);
    }
  });

  it('hides the user-info of URLs, in settings and in any text', () => {
    expect(redactUrlCredentials('https://bob:hunter2@gw.example/v1')).toBe(
      'https://<redacted>@gw.example/v1',
    );
    expect(redactUrlCredentials('http://127.0.0.1:11434/v1')).toBe('http://127.0.0.1:11434/v1');
    expect(
      redactSettings({ 'model_providers.gw.base_url': { value: 'https://tok@gw.example/v1' } })[
        'model_providers.gw.base_url'
      ]?.value,
    ).toBe('https://<redacted>@gw.example/v1');
    expect(redactCredentialsInText('base_url = "https://bob:pw@gw/v1" # x')).toBe(
      'base_url = "https://<redacted>@gw/v1" # x',
    );
  });
});
