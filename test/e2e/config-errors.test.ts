// Configuration errors through the built CLI: exit code 2 and a message that says where and what
// to do. Warnings go to stderr as `warning: …`.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedEnv, tempTree } from '../../src/config/test-support.js';
import { runOssa } from '../kit/run-cli.js';

async function run(args: string[], files: Record<string, string>, env: Record<string, string> = {}) {
  const root = await tempTree({ 'home/': '', 'work/.git/': '' });
  const home = path.join(root, 'home');
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  const result = await runOssa(args, { cwd: path.join(root, 'work'), env: isolatedEnv(home, env) });
  return { ...result, home, root };
}

describe('configuration errors (exit 2)', () => {
  it('a TOML syntax error gives file:line:column, the line and a caret', async () => {
    const result = await run(['debug', 'config'], {
      'home/config.toml': 'model = "a"\nsandbox_mode = read-only\n',
    });
    expect(result.code).toBe(2);
    const file = path.join(result.home, 'config.toml');
    expect(result.stderr).toContain(`Error: ${file}:2:16: TOML syntax error`);
    expect(result.stderr).toContain('  2 | sandbox_mode = read-only\n                     ^');
  });

  it('a wrong type names the key path, the expected type, the value found and the file', async () => {
    const result = await run(['debug', 'config'], {
      'home/config.toml':
        '[model_providers.box]\nname = "Box"\nbase_url = "http://box/v1"\nstream_idle_timeout_ms = "5m"\n',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${path.join(result.home, 'config.toml')}:4:1: \`model_providers.box.stream_idle_timeout_ms\` must be an integer ≥ 0, found "5m"`,
    );
  });

  it('a wrong value from -c names -c', async () => {
    const result = await run(['debug', 'config', '-c', 'oss_provider=vllm'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('-c: `oss_provider` must be one of "ollama", "lmstudio", found "vllm"');
  });

  it('a reserved provider id names it and suggests a new name', async () => {
    const result = await run(['debug', 'config'], {
      'home/config.toml': '[model_providers.lmstudio]\nname = "LMS"\nbase_url = "http://localhost:1234/v1"\n',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('reserved built-in provider ids: `lmstudio`');
    expect(result.stderr).toContain('[model_providers.lmstudio-custom]');
  });

  it('an unknown model_provider lists the available ids', async () => {
    const result = await run(['debug', 'config', '-c', 'model_provider=olama'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'model_provider `olama` is not defined; available: openai, ollama, lmstudio',
    );
    expect(result.stderr).toContain('did you mean `ollama`?');
  });

  it('--oss without a local provider and no server running says how to choose one', async () => {
    // The one --oss rule (configuration.md): the flag, oss_provider, else the server that runs.
    const result = await run(['debug', 'config', '--oss'], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--oss: no local model server is running (tried Ollama at');
    expect(result.stderr).toContain('or pass --local-provider to say which to use');
  });

  it('an unknown profile lists the existing ones', async () => {
    const result = await run(['debug', 'config', '-p', 'nope'], { 'home/fast.config.toml': 'model = "x"\n' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('profile `nope` not found (existing profiles: fast)');
  });

  it('-C to a missing directory is an error', async () => {
    const result = await run(['debug', 'config', '-C', 'missing'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('does not exist or is not a directory');
  });

  it('the bypass flag with a conflicting -s is a usage error', async () => {
    const result = await run(
      ['debug', 'config', '--dangerously-bypass-approvals-and-sandbox', '-s', 'read-only'],
      {},
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot be combined with -s read-only');
  });
});

describe('configuration warnings', () => {
  it('an unknown key warns with a suggestion, and fails under --strict-config', async () => {
    const files = { 'home/config.toml': 'model = "m"\nsandbox_mod = "read-only"\n' };
    const loose = await run(['debug', 'config', '--json'], files);
    expect(loose.code).toBe(0);
    expect(loose.stderr).toBe(
      `warning: unknown key \`sandbox_mod\` in ${path.join(loose.home, 'config.toml')} is ignored (did you mean \`sandbox_mode\`?)\n`,
    );
    const strict = await run(['debug', 'config', '--strict-config'], files);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain(
      'config.toml:2:1: unknown key `sandbox_mod` (did you mean `sandbox_mode`?)',
    );
  });

  it('Codex settings ossa does not use are mentioned once, quietly', async () => {
    const result = await run(['debug', 'config', '--json', '--strict-config'], {
      'home/config.toml':
        'notify = ["notify-send"]\n[tui]\nanimations = false\n[model_providers.x]\nname = "X"\nbase_url = "http://x/v1"\nrequires_openai_auth = false\n',
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'warning: ignored (Codex setting ossa does not use): notify, tui, model_providers.x.requires_openai_auth\n',
    );
  });
});
