// The config mistakes newcomers make, as `ossa debug config` reports them: a top-level key after
// a [table], a misspelt required key, TOML syntax errors in plain words, a `-c` value that is
// not TOML.
import { describe, expect, it } from 'vitest';
import { runOssa } from '../kit/run-cli.js';
import { tempDir, writeFiles } from '../kit/workspace.js';

async function debugConfig(config: string, args: string[] = []) {
  const home = tempDir('ossa-home-');
  writeFiles(home, { 'config.toml': config });
  const result = await runOssa(['debug', 'config', ...args], { env: { OSSA_HOME: home }, cwd: home });
  return { ...result, file: `${home}/config.toml` };
}

const PROVIDER = '[model_providers.local_ollama]\nname = "Ollama"\nbase_url = "http://localhost:11434/v1"\n';

describe('a top-level key written after a [table]', () => {
  it('is named as the scoping mistake it is, with the line', async () => {
    const result = await debugConfig(
      `model = "m"\nmodel_provider = "local_ollama"\n${PROVIDER}model_context_window = 65536\n`,
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `unknown key \`model_providers.local_ollama.model_context_window\` in ${result.file} line 6 is ignored: \`model_context_window\` is a top-level key`,
    );
    expect(result.stderr).toContain('This key belongs at the top of the file, before any [table]');
  });

  it('under --strict-config stops with the fix', async () => {
    const result = await debugConfig(`${PROVIDER}model_context_window = 65536\n`, ['--strict-config']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'fix: move `model_context_window = …` above the first [table] header of the file',
    );
  });
});

it('a misspelt required key is named with did-you-mean', async () => {
  const result = await debugConfig(
    'model = "m"\nmodel_provider = "l"\n[model_providers.l]\nname = "x"\nbase_ulr = "http://localhost:8000/v1"\n',
  );
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('provider `l` has `base_ulr` but no `base_url`: did you mean `base_url`?');
  expect(result.stderr).toContain('fix: rename base_ulr to base_url under [model_providers.l]');
  expect(result.stderr).not.toContain('needs a non-empty');
});

describe('TOML syntax errors in plain words', () => {
  it.each([
    [
      'an unterminated string',
      'model = "gpt-oss:20b\n',
      'a string is not closed: its closing quote is missing',
    ],
    ['an unquoted value', 'model = gpt-oss\n', '`gpt-oss` is not a TOML value: text needs quotes'],
    ['a key defined twice', 'model = "a"\nmodel = "b"\n', 'is already defined earlier in the file'],
    ['an unclosed table header', '[model_providers.x\n', 'the table header is not closed with ]'],
    ['a Windows path with backslashes', 'model = "C:\\qwen"\n', "use a '…' string, which has no escapes"],
  ])('%s', async (_name, config, words) => {
    const result = await debugConfig(config);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(words);
    expect(result.stderr).toMatch(/config\.toml:\d+:\d+: TOML syntax error/);
  });
});

it('`-c key={…` says the value did not parse as TOML', async () => {
  const result = await debugConfig('', ['-c', 'model_providers.x={ name = "x"']);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('the value of `-c model_providers.x=…` did not parse as TOML:');
  expect(result.stderr).toContain("-c 'model_providers.x=…'");
});
