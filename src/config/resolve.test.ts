import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { ConfigError } from './errors.js';
import { ossaHome } from './resolve.js';
import { flags, rejection, setupResolve as setup } from './test-support.js';
import type { ResolveInput } from './types.js';

describe('resolveConfig: defaults and layering', () => {
  it('resolves built-in defaults with origin default', async () => {
    const { resolve, work, home } = await setup();
    const config = await resolve();
    expect(config).toMatchObject({
      home,
      cwd: work,
      projectRoot: work,
      oss: false,
      sandboxMode: 'read-only',
      approvalPolicy: 'on-request',
      trusted: false,
      projectDocMaxBytes: 32768,
      projectRootMarkers: ['.git'],
      warnings: [],
    });
    expect(config.model).toBeUndefined();
    expect(config.provider).toMatchObject({
      id: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      wireApi: 'responses',
      envKey: 'OPENAI_API_KEY',
      builtIn: true,
      isLocal: false,
      requestMaxRetries: 4,
      streamMaxRetries: 5,
      streamIdleTimeoutMs: 300000,
      firstByteTimeoutMs: 120000,
      familySampling: false,
    });
    // Not chosen: the model family's field applies (the wire falls back to reasoning_content).
    expect(config.provider.chatReasoningField).toBeUndefined();
    expect(config.settings['model_providers.openai.chat_reasoning_field']).toEqual({
      value: 'reasoning_content',
      origin: 'default',
    });
    expect(config.settings.sandbox_mode).toEqual({ value: 'read-only', origin: 'default' });
    expect(config.settings.model_provider).toEqual({ value: 'openai', origin: 'default' });
  });

  it('applies user < profile < project < -c < flag, recording each origin and file', async () => {
    const { resolve, home, work } = await setup({
      'home/config.toml':
        'model = "user-model"\nmodel_reasoning_effort = "low"\nmodel_context_window = 32768\n',
      'home/work.config.toml': 'model = "profile-model"\nmodel_reasoning_effort = "medium"\n',
      'work/.ossa/config.toml': 'model = "project-model"\ndeveloper_instructions = "Be brief."\n',
    });
    const cases: [Partial<ResolveInput['flags']>, string, string][] = [
      [{}, 'project-model', 'project'],
      [{ config: ['model=c-model'] }, 'c-model', '-c'],
      [{ config: ['model=c-model'], model: 'flag-model' }, 'flag-model', 'flag'],
    ];
    for (const [extra, model, origin] of cases) {
      const config = await resolve({ flags: flags({ profile: 'work', ...extra }) });
      expect(config.model).toBe(model);
      expect(config.settings.model?.origin).toBe(origin);
      expect(config.reasoningEffort).toBe('medium');
      expect(config.settings.model_reasoning_effort).toEqual({
        value: 'medium',
        origin: 'profile',
        file: path.join(home, 'work.config.toml'),
      });
      expect(config.settings.model_context_window).toEqual({
        value: 32768,
        origin: 'user',
        file: path.join(home, 'config.toml'),
      });
      expect(config.contextWindow).toBe(32768);
      expect(config.developerInstructions).toBe('Be brief.');
      expect(config.settings.developer_instructions?.file).toBe(path.join(work, '.ossa', 'config.toml'));
      expect(config.profile).toBe('work');
    }
  });

  it('puts command defaults below every config layer', async () => {
    const { resolve } = await setup({ 'home/config.toml': 'sandbox_mode = "workspace-write"\n' });
    const config = await resolve({
      commandDefaults: { approval_policy: 'never', sandbox_mode: 'read-only' },
    });
    expect(config.approvalPolicy).toBe('never');
    expect(config.settings.approval_policy?.origin).toBe('default');
    expect(config.sandboxMode).toBe('workspace-write');
    expect(config.settings.sandbox_mode?.origin).toBe('user');
  });

  it('uses $OSSA_HOME, else ~/.ossa', () => {
    expect(ossaHome({ OSSA_HOME: '/x/y' })).toBe('/x/y');
    expect(ossaHome({ HOME: '/home/me' })).toBe('/home/me/.ossa');
  });

  it('-C changes the working directory and must exist', async () => {
    const { resolve, root, work } = await setup({ 'work/sub/': '' });
    expect((await resolve({ flags: flags({ cd: 'sub' }) })).cwd).toBe(path.join(work, 'sub'));
    expect((await resolve({ cwd: root, flags: flags({ cd: 'work' }) })).cwd).toBe(work);
    const error = await rejection(resolve({ flags: flags({ cd: 'missing' }) }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(`${path.join(work, 'missing')} does not exist`);
  });
});

describe('resolveConfig: flags', () => {
  it.each([
    [{ fullAuto: true }, 'workspace-write', 'on-request'],
    [{ fullAuto: true, sandbox: 'read-only' as const }, 'read-only', 'on-request'],
    [{ fullAuto: true, askForApproval: 'untrusted' as const }, 'workspace-write', 'untrusted'],
    [{ dangerouslyBypassApprovalsAndSandbox: true }, 'danger-full-access', 'never'],
    [
      { sandbox: 'danger-full-access' as const, askForApproval: 'never' as const },
      'danger-full-access',
      'never',
    ],
    [{ askForApproval: 'on-failure' as const }, 'read-only', 'on-failure'],
  ])('%j → %s + %s', async (flagValues, sandbox, approval) => {
    const { resolve } = await setup();
    const config = await resolve({ flags: flags(flagValues) });
    expect([config.sandboxMode, config.approvalPolicy]).toEqual([sandbox, approval]);
    expect(config.settings.approval_policy?.origin).toBe('flag');
  });

  it.each([
    { dangerouslyBypassApprovalsAndSandbox: true, sandbox: 'read-only' as const },
    { dangerouslyBypassApprovalsAndSandbox: true, askForApproval: 'on-request' as const },
    { dangerouslyBypassApprovalsAndSandbox: true, fullAuto: true },
  ])('rejects the bypass flag combined with %j', async (flagValues) => {
    const { resolve } = await setup();
    const error = await rejection(resolve({ flags: flags(flagValues) }));
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
  });

  it('--add-dir appends absolute writable roots after the configured ones', async () => {
    const { resolve, work } = await setup({
      'home/config.toml': '[sandbox_workspace_write]\nwritable_roots = ["/opt/cache"]\n',
    });
    const config = await resolve({ flags: flags({ addDir: ['../shared', '/abs'] }) });
    const expected = ['/opt/cache', path.resolve(work, '../shared'), '/abs'];
    expect(config.sandboxWorkspaceWrite.writableRoots).toEqual(expected);
    expect(config.settings['sandbox_workspace_write.writable_roots']).toEqual({
      value: expected,
      origin: 'flag',
    });
  });

  it('rejects an invalid profile name as a usage error', async () => {
    const { resolve } = await setup();
    for (const name of ['../x', 'a.b', 'a b', '']) {
      const error = await rejection(resolve({ flags: flags({ profile: name }) }));
      expect(error, name).toBeInstanceOf(UsageError);
      expect(error.message).toContain('letters, digits, _ and -');
    }
  });
});

describe('resolveConfig: --oss', () => {
  it('uses oss_provider with the model from -m', async () => {
    const { resolve } = await setup({ 'home/config.toml': 'oss_provider = "ollama"\n' });
    const config = await resolve({ flags: flags({ oss: true, model: 'gpt-oss:120b' }) });
    expect(config.provider).toMatchObject({
      id: 'ollama',
      baseUrl: 'http://localhost:11434/v1',
      isLocal: true,
    });
    expect(config.provider.firstByteTimeoutMs).toBe(600000);
    expect(config.model).toBe('gpt-oss:120b');
    expect(config.settings.model_provider?.origin).toBe('flag');
    expect(config.settings.model?.origin).toBe('flag');
    expect(config.ossProvider).toBe('ollama');
    expect(config.oss).toBe(true);
  });

  it('--local-provider wins over oss_provider and brings its default model', async () => {
    const { resolve } = await setup({ 'home/config.toml': 'oss_provider = "ollama"\n' });
    const config = await resolve({ flags: flags({ oss: true, localProvider: 'lmstudio' }) });
    expect(config.provider.id).toBe('lmstudio');
    expect(config.model).toBe('openai/gpt-oss-20b');
    expect(config.settings.model).toEqual({ value: 'openai/gpt-oss-20b', origin: 'default' });
    expect(config.settings.oss_provider?.origin).toBe('flag');
  });

  it('keeps a configured model', async () => {
    const { resolve } = await setup({ 'home/config.toml': 'model = "qwen3:8b"\noss_provider = "ollama"\n' });
    const config = await resolve({ flags: flags({ oss: true }) });
    expect(config.model).toBe('qwen3:8b');
  });

  it('says how to choose a local provider when none is configured', async () => {
    const { resolve } = await setup();
    const error = await rejection(resolve({ flags: flags({ oss: true }) }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(
      'No default OSS provider configured. Use --local-provider ollama|lmstudio or set oss_provider',
    );
  });

  it('moves the local providers with OSSA_OSS_BASE_URL (origin env)', async () => {
    const { resolve } = await setup({ 'home/config.toml': 'oss_provider = "ollama"\n' });
    const config = await resolve({
      flags: flags({ oss: true }),
      env: { OSSA_OSS_BASE_URL: 'http://gpu-box.lan:11434/v1', OLLAMA_HOST: 'elsewhere' },
    });
    expect(config.provider.baseUrl).toBe('http://gpu-box.lan:11434/v1');
    expect(config.provider.isLocal).toBe(false);
    expect(config.provider.firstByteTimeoutMs).toBe(120000);
    expect(config.settings['model_providers.ollama.base_url']).toEqual({
      value: 'http://gpu-box.lan:11434/v1',
      origin: 'env',
    });
  });

  it('honours OLLAMA_HOST for ollama', async () => {
    const { resolve } = await setup({ 'home/config.toml': 'model_provider = "ollama"\nmodel = "m"\n' });
    const config = await resolve({ env: { OLLAMA_HOST: '0.0.0.0:11500' } });
    expect(config.provider.baseUrl).toBe('http://localhost:11500/v1');
  });
});

describe('resolveConfig: providers', () => {
  it('builds a custom provider with defaults, env key and env headers', async () => {
    const { resolve } = await setup({
      'home/config.toml': [
        'model = "qwen/qwen3-coder"',
        'model_provider = "gateway"',
        '[model_providers.gateway]',
        'name = "Gateway"',
        'base_url = "https://gateway.example/api/v1/"',
        'env_key = "GATEWAY_KEY"',
        'wire_api = "chat"',
        'chat_reasoning_field = "reasoning"',
        'http_headers = { "X-Title" = "ossa" }',
        'env_http_headers = { "X-Org" = "GATEWAY_ORG", "X-Missing" = "UNSET_VAR" }',
        'query_params = { "api-version" = "2025-01-01" }',
        'request_max_retries = 2',
        '',
      ].join('\n'),
    });
    const config = await resolve({ env: { GATEWAY_KEY: 'sk-secret', GATEWAY_ORG: 'org-1' } });
    expect(config.provider).toEqual({
      id: 'gateway',
      name: 'Gateway',
      baseUrl: 'https://gateway.example/api/v1',
      wireApi: 'chat',
      envKey: 'GATEWAY_KEY',
      apiKey: 'sk-secret',
      httpHeaders: { 'X-Title': 'ossa', 'X-Org': 'org-1' },
      queryParams: { 'api-version': '2025-01-01' },
      requestMaxRetries: 2,
      streamMaxRetries: 5,
      streamIdleTimeoutMs: 300000,
      firstByteTimeoutMs: 120000,
      streamMaxReplyBytes: 8388608,
      streamMaxDurationMs: 3600000,
      isLocal: false,
      builtIn: false,
      chatReasoningField: 'reasoning',
    });
    expect(JSON.stringify(config.settings)).not.toContain('sk-secret');
    expect(config.settings['model_providers.gateway.request_max_retries']?.origin).toBe('user');
    expect(config.settings['model_providers.gateway.stream_max_retries']).toEqual({
      value: 5,
      origin: 'default',
    });
  });

  it('rejects redefining a built-in id, naming it and suggesting a new name', async () => {
    const { resolve, home } = await setup({
      'home/config.toml':
        'model = "m"\n\n[model_providers.ollama]\nname = "Mine"\nbase_url = "http://x/v1"\n',
    });
    const error = (await rejection(resolve())) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.file).toBe(path.join(home, 'config.toml'));
    expect(error.line).toBe(3);
    expect(error.message).toContain('reserved built-in provider ids: `ollama`');
    expect(error.fix).toContain('[model_providers.ollama-custom]');
  });

  it.each([
    ['[model_providers.box]\nbase_url = "http://x/v1"\n', 'provider `box` needs a non-empty `name`'],
    [
      '[model_providers.box]\nname = ""\nbase_url = "http://x/v1"\n',
      'provider `box` needs a non-empty `name`',
    ],
    ['[model_providers.box]\nname = "Box"\n', 'provider `box` needs a non-empty `base_url`'],
    ['[model_providers.box]\nname = "Box"\nbase_url = "gpu-box:8000"\n', 'must be an http(s) URL'],
  ])('rejects an incomplete custom provider: %s', async (text, message) => {
    const { resolve, home } = await setup({ 'home/config.toml': text });
    const error = (await rejection(resolve())) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(message);
    expect(error.file).toBe(path.join(home, 'config.toml'));
  });

  it('rejects an unknown model_provider, listing the available ids', async () => {
    const { resolve } = await setup({
      'home/config.toml':
        'model_provider = "local_olama"\n[model_providers.local_ollama]\nname = "L"\nbase_url = "http://localhost:11434/v1"\n',
    });
    const error = (await rejection(resolve())) as ConfigError;
    expect(error.message).toContain('available: openai, ollama, lmstudio, local_ollama');
    expect(error.message).toContain('did you mean `local_ollama`?');
    expect(error.line).toBe(1);
  });

  it('providerSettingsFor gives another provider what `-c model_provider=<id>` would', async () => {
    const { providerSettingsFor } = await import('./provider-settings.js');
    const { resolve } = await setup({
      'home/config.toml': [
        'model_provider = "a"',
        '[model_providers.a]',
        'name = "A"',
        'base_url = "http://localhost:8000/v1"',
        '[model_providers.b]',
        'name = "B"',
        'base_url = "https://b.example/v1/"',
        'env_key = "B_KEY"',
        'env_http_headers = { "X-Org" = "B_ORG" }',
        'wire_api = "chat"',
        '',
      ].join('\n'),
    });
    const env = { B_KEY: 'sk-b', B_ORG: 'org-b' };
    const config = await resolve({ env });
    const tableBefore = structuredClone(config.table);
    const direct = await resolve({ env, flags: flags({ config: ['model_provider=b'] }) });
    expect(providerSettingsFor(config, 'b', env)).toEqual(direct.provider);
    expect(config.table).toEqual(tableBefore);
  });

  it('requireApiKey names the variable, the provider and the instructions', async () => {
    const { requireApiKey } = await import('./provider-settings.js');
    const { resolve } = await setup({
      'home/config.toml': [
        'model_provider = "router"',
        '[model_providers.router]',
        'name = "OpenRouter"',
        'base_url = "https://openrouter.ai/api/v1"',
        'env_key = "OPENROUTER_API_KEY"',
        'env_key_instructions = "Get a key at https://openrouter.ai/keys"',
        '',
      ].join('\n'),
    });
    const missing = await resolve({ env: { OPENROUTER_API_KEY: '  ' } });
    let error: unknown;
    try {
      requireApiKey(missing.provider);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('OPENROUTER_API_KEY');
    expect((error as ConfigError).message).toContain('`router` (OpenRouter)');
    expect((error as ConfigError).message).toContain('fix: Get a key at https://openrouter.ai/keys');
    const present = await resolve({ env: { OPENROUTER_API_KEY: 'sk-or' } });
    expect(requireApiKey(present.provider)).toBe('sk-or');
    const local = await resolve({ flags: flags({ oss: true, localProvider: 'ollama' }) });
    expect(requireApiKey(local.provider)).toBeUndefined();
  });
});
