// Secrets against a hostile model and careless output: the built CLI, a real HTTP server on
// 127.0.0.1, real bubblewrap. The model's commands never see the credentials the configuration
// reads, and `debug config` never prints them — URL user-info and query parameters included.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runOssa } from '../kit/run-cli.js';
import { type ScriptedModelServer, startScriptedModelServer } from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome, tempDir } from '../kit/workspace.js';

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const withCredentials = (url: string) => url.replace('http://', 'http://bob:s3cr%40tPW@');

describe('base_url with user:password', () => {
  it('works: the credentials go as Basic auth, and the URL is never shown with them', async () => {
    server = await startScriptedModelServer({ turns: [{ text: 'hello back' }] });
    const home = mockHome(withCredentials(server.url));
    const work = gitWorkspace();
    const result = await runOssa(['exec', 'hi'], { cwd: work, env: { OSSA_HOME: home } });
    expect(result.stderr).not.toMatch(/not running/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('hello back\n');
    const call = server.requests.find((request) => request.wire !== undefined)!;
    expect(call.headers.authorization).toBe(`Basic ${Buffer.from('bob:s3cr@tPW').toString('base64')}`);
    expect(result.stdout + result.stderr).not.toContain('s3cr');

    for (const args of [
      ['debug', 'config'],
      ['debug', 'config', '--json'],
    ]) {
      const shown = await runOssa(args, { cwd: work, env: { OSSA_HOME: home } });
      expect(shown.code).toBe(0);
      expect(shown.stdout + shown.stderr).not.toMatch(/s3cr|bob:/);
      expect(shown.stdout).toContain('<redacted>@127.0.0.1');
    }
  });

  it('next to an API key it is a config error that names the key and hides the password', async () => {
    const home = mockHome(withCredentials('http://127.0.0.1:9/v1'), {});
    writeFileSync(
      join(home, 'config.toml'),
      `${configText(home)}env_key = "GW_ACCESS"\n`.replace(
        '[model_providers.mock]\n',
        '[model_providers.mock]\n',
      ),
    );
    const result = await runOssa(['debug', 'config'], {
      cwd: gitWorkspace(),
      env: { OSSA_HOME: home, GW_ACCESS: 'k' },
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('base_url of provider `mock`');
    expect(result.stderr).toContain('user name and password');
    expect(result.stderr).not.toContain('s3cr');
  });
});

describe('query_params', () => {
  it('every value is redacted in debug config, text and JSON, provider object included', async () => {
    const home = mockHome('http://127.0.0.1:9/v1', {});
    writeFileSync(
      join(home, 'config.toml'),
      `${configText(home)}query_params = { "api-version" = "VERSION-VALUE-7", sig = "SIG-VALUE-9" }\n`,
    );
    for (const args of [
      ['debug', 'config'],
      ['debug', 'config', '--json'],
    ]) {
      const shown = await runOssa(args, { cwd: gitWorkspace(), env: { OSSA_HOME: home } });
      expect(shown.code).toBe(0);
      expect(shown.stdout).not.toMatch(/VERSION-VALUE-7|SIG-VALUE-9/);
      expect(shown.stdout).toContain('sig');
    }
  });
});

describe('the command environment', () => {
  it("the provider's env_key and env_http_headers variables never reach a command, nor look-alike secrets", async () => {
    const home = tempDir('ossa-home-');
    writeFileSync(
      join(home, 'config.toml'),
      [
        'model = "m"',
        'model_provider = "gw"',
        '[model_providers.gw]',
        'name = "Gateway"',
        'base_url = "http://127.0.0.1:9/v1"',
        'env_key = "GATEWAY_ACCESS"',
        'env_http_headers = { "X-Route" = "ROUTING_VALUE" }',
        '',
      ].join('\n'),
    );
    const result = await runOssa(['sandbox', '--', 'env'], {
      cwd: gitWorkspace(),
      env: {
        OSSA_HOME: home,
        GATEWAY_ACCESS: 'provider-key-1',
        ROUTING_VALUE: 'provider-header-2',
        SSH_AUTH_SOCK: '/run/agent.sock',
        GITHUB_PAT: 'pat-3',
        NPM_CONFIG__AUTH: 'auth-4',
        DATABASE_URL: 'postgres://app:pw-5@db/app',
        GIT_AUTHOR_NAME: 'Ann',
      },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/provider-key-1|provider-header-2|agent\.sock|pat-3|auth-4|pw-5/);
    expect(result.stdout).toContain('GIT_AUTHOR_NAME=Ann');
  });
});

function configText(home: string): string {
  return readFileSync(join(home, 'config.toml'), 'utf8');
}
