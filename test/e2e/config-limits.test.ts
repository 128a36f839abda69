// Config files are input like any other: huge or deeply nested ones must give a quick, clear
// answer — a config error with exit 2 naming file and line — never a stack overflow or minutes
// of CPU.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOssa } from '../kit/run-cli.js';
import { startScriptedModelServer } from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome, tempDir } from '../kit/workspace.js';

function setup(projectText: string): { home: string; project: string } {
  const home = tempDir('ossa-home-');
  writeFileSync(join(home, 'config.toml'), 'model = "m"\n');
  const project = tempDir('ossa-project-');
  mkdirSync(join(project, '.git'));
  mkdirSync(join(project, '.ossa'));
  writeFileSync(join(project, '.ossa', 'config.toml'), projectText);
  return { home, project };
}

async function debugConfig(projectText: string, extra: string[] = []) {
  const { home, project } = setup(projectText);
  const started = performance.now();
  const result = await runOssa(['debug', 'config', ...extra], {
    cwd: project,
    env: { OSSA_HOME: home },
    timeoutMs: 30_000,
  });
  return { ...result, ms: performance.now() - started, file: join(project, '.ossa', 'config.toml') };
}

describe('config limits', () => {
  it('a dotted key of 2,000 segments is a config error with exit 2 and file:line', async () => {
    const result = await debugConfig(`model = "m"\n${'a'}${'.a'.repeat(2000)} = 1\n`);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${result.file}:2:1: keys nested more than 32 levels deep`);
    expect(result.stderr).not.toContain('call stack');
  });

  it('5,000 nested arrays are a config error, not a stack overflow', async () => {
    const result = await debugConfig(`a = ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(result.file);
    expect(result.stderr).not.toContain('call stack');
  });

  it('a -c key of 2,000 segments is a usage error with exit 2', async () => {
    const result = await debugConfig('', ['-c', `a${'.a'.repeat(2000)}=1`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('2001 dotted parts');
  });

  it('40,000 unknown keys and a 1.4 MB key name load in seconds, with a bounded number of warnings', async () => {
    const many = await debugConfig(Array.from({ length: 40_000 }, (_, i) => `k${i} = ${i}\n`).join(''));
    expect(many.code, many.stderr).toBe(0);
    expect(many.stderr.split('\n').filter((line) => line.startsWith('warning: ')).length).toBeLessThanOrEqual(
      25,
    );
    expect(many.stderr).toContain('39980 more unknown keys');
    expect(many.ms).toBeLessThan(8_000);
    const long = await debugConfig(`k${'x'.repeat(1_400_000)} = 1\n`);
    expect(long.code, long.stderr).toBe(0);
    expect(long.stderr.length).toBeLessThan(2_000);
    expect(long.ms).toBeLessThan(8_000);
  }, 60_000);
});

describe('regular expressions from config', () => {
  it('an invalid model_families match is a config error naming file, line and key', async () => {
    const result = await debugConfig('[model_families.mine]\nmatch = "(?<=x)coder"\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${result.file}:2:1: \`model_families.mine.match\` is not a valid pattern`,
    );
  });

  it('a catastrophic-backtracking pattern in a project file does not freeze exec', async () => {
    const server = await startScriptedModelServer({ turns: [{ text: 'quick' }] });
    try {
      const home = mockHome(server.url);
      const work = gitWorkspace({ '.ossa/config.toml': '[model_families.evil]\nmatch = "^(a+)+$"\n' });
      const started = performance.now();
      const result = await runOssa(['exec', '-m', `${'a'.repeat(5000)}!`, 'hi'], {
        cwd: work,
        env: { OSSA_HOME: home },
        timeoutMs: 20_000,
      });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe('quick\n');
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      await server.close();
    }
  }, 30_000);
});
