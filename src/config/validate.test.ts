import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import type { Layer } from './layer.js';
import { parseTomlText } from './parse-toml.js';
import { validateLayer } from './validate.js';

function fileLayer(text: string, file = '/h/config.toml'): Layer {
  return { origin: 'user', file, text, table: parseTomlText(text, file) };
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('validateLayer: wrong types and values', () => {
  it.each([
    {
      text: 'model = "a"\nmodel_context_window = "64k"\n',
      line: 2,
      message: '`model_context_window` must be an integer > 0, found "64k"',
    },
    {
      text: 'sandbox_mode = "full"\n',
      line: 1,
      message:
        '`sandbox_mode` must be one of "read-only", "workspace-write", "danger-full-access", found "full"',
    },
    {
      text: 'oss_provider = "vllm"\n',
      line: 1,
      message: '`oss_provider` must be one of "ollama", "lmstudio", found "vllm"',
    },
    {
      text: '[model_providers.box]\nname = "Box"\nbase_url = "http://x/v1"\nwire_api = "completions"\n',
      line: 4,
      message: '`model_providers.box.wire_api` must be one of "responses", "chat", found "completions"',
    },
    {
      text: '[sandbox_workspace_write]\nnetwork_access = "yes"\n',
      line: 2,
      message: '`sandbox_workspace_write.network_access` must be true or false, found "yes"',
    },
    {
      text: 'project_root_markers = ".git"\n',
      line: 1,
      message: '`project_root_markers` must be an array of strings, found ".git"',
    },
    {
      text: 'model_providers = "x"\n',
      line: 1,
      message: '`model_providers` must be a table of tables, found "x"',
    },
    {
      text: '[model_providers.box]\nrequest_max_retries = -1\n',
      line: 2,
      message: '`model_providers.box.request_max_retries` must be a value ≥ 0, found the integer -1',
    },
    { text: 'model = ""\n', line: 1, message: '`model` must be a non-empty string, found ""' },
    {
      text: 'agent_max_steps = 0\n',
      line: 1,
      message: '`agent_max_steps` must be a value > 0, found the integer 0',
    },
    {
      text: 'model_context_window = 0\n',
      line: 1,
      message: '`model_context_window` must be a value > 0, found the integer 0',
    },
    {
      text: 'min_context_window = 0\n',
      line: 1,
      message: '`min_context_window` must be a value > 0, found the integer 0',
    },
  ])('$message', ({ text, line, message }) => {
    const error = errorOf(() => validateLayer(fileLayer(text), { strict: false }));
    expect(error.exitCode).toBe(2);
    expect(error.file).toBe('/h/config.toml');
    expect(error.line).toBe(line);
    expect(error.problem).toBe(message);
    expect(error.message).toContain(`/h/config.toml:${line}:1: ${message}`);
    expect(error.fix).toBeTruthy();
  });

  it('says how to replace the removed ollama-chat provider', () => {
    const error = errorOf(() =>
      validateLayer(fileLayer('oss_provider = "ollama-chat"\n'), { strict: false }),
    );
    expect(error.fix).toContain('replace `ollama-chat` with `ollama`');
  });
});

describe('validateLayer: unknown and Codex-only keys', () => {
  it('warns about an unknown key with a suggestion, and drops it', () => {
    const result = validateLayer(fileLayer('modle = "a"\n[model_providers.box]\nbase_ulr = "x"\n'), {
      strict: false,
    });
    expect(result.warnings).toEqual([
      'unknown key `model_providers.box.base_ulr` in /h/config.toml is ignored (did you mean `model_providers.box.base_url`?)',
      'unknown key `modle` in /h/config.toml is ignored (did you mean `model`?)',
    ]);
    expect(result.table).toEqual({ model_providers: { box: {} } });
  });

  it('has no suggestion when nothing is close', () => {
    const result = validateLayer(fileLayer('zzzzzz = 1\n'), { strict: false });
    expect(result.warnings).toEqual(['unknown key `zzzzzz` in /h/config.toml is ignored']);
  });

  it('makes an unknown key an error under --strict-config, pointing at its line', () => {
    const error = errorOf(() => validateLayer(fileLayer('model = "a"\nmodle = "b"\n'), { strict: true }));
    expect(error.line).toBe(2);
    expect(error.problem).toBe('unknown key `modle` (did you mean `model`?)');
  });

  it('collects keys Codex knows but ossa does not read, without warnings', () => {
    const text = [
      'model = "a"',
      'notify = ["x"]',
      '[tui]',
      'theme = "dark"',
      '[history]',
      'persistence = "none"',
      '[model_providers.box]',
      'name = "Box"',
      'base_url = "http://x/v1"',
      'supports_websockets = false',
      '[shell_environment_policy]',
      'experimental_use_profile = true',
      '',
    ].join('\n');
    const result = validateLayer(fileLayer(text), { strict: true });
    expect(result.warnings).toEqual([]);
    expect(result.codexIgnored.sort()).toEqual(
      [
        'history',
        'model_providers.box.supports_websockets',
        'notify',
        'shell_environment_policy.experimental_use_profile',
        'tui',
      ].sort(),
    );
    expect(result.table).toEqual({
      model: 'a',
      model_providers: { box: { name: 'Box', base_url: 'http://x/v1' } },
      shell_environment_policy: {},
    });
  });

  it('names -c as the source for override layers', () => {
    const error = errorOf(() =>
      validateLayer({ origin: '-c', table: { approval_policy: 'sometimes' } }, { strict: false }),
    );
    expect(error.message).toMatch(/^-c: `approval_policy` must be one of/);
  });
});
