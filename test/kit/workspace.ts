// Temp directories for e2e tests: an $OSSA_HOME with a config.toml pointing at a scripted model
// server, and a git-initialised workspace with files.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** A git repository with the given files committed. */
export function gitWorkspace(files: Record<string, string> = {}): string {
  const dir = tempDir('ossa-work-');
  writeFiles(dir, files);
  execFileSync('git', ['init', '-q'], { cwd: dir });
  execFileSync('git', ['add', '-A'], { cwd: dir });
  execFileSync(
    'git',
    ['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'init', '--allow-empty'],
    {
      cwd: dir,
    },
  );
  return dir;
}

/** An $OSSA_HOME whose config.toml uses a custom provider `mock` at `baseUrl`. */
export function mockHome(
  baseUrl: string,
  options: { wireApi?: 'responses' | 'chat'; extra?: string; contextWindow?: number } = {},
): string {
  const home = tempDir('ossa-home-');
  writeFileSync(
    join(home, 'config.toml'),
    [
      // The scripted server lists `scripted-model`; a known window keeps runs free of warnings.
      'model = "scripted-model"',
      'model_provider = "mock"',
      `model_context_window = ${options.contextWindow ?? 131072}`,
      options.extra ?? '',
      '[model_providers.mock]',
      'name = "Mock"',
      `base_url = "${baseUrl}"`,
      `wire_api = "${options.wireApi ?? 'responses'}"`,
      'request_max_retries = 1',
      '',
    ].join('\n'),
  );
  return home;
}
