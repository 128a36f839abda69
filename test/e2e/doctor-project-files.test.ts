// doctor on the project's own `.ossa/config.toml`: secrets found in the file itself (not only in
// the settings the project filter let through), whether git tracks it, and how project-config
// warnings read.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOssa } from '../kit/run-cli.js';
import { type ScriptedModelServer, startScriptedModelServer } from '../kit/scripted-model-server.js';
import { gitWorkspace, mockHome, writeFiles } from '../kit/workspace.js';

const TOKEN = 'sk-proj-abcdefghijklmnopqrstuvwx0123';
let server: ScriptedModelServer;
beforeAll(async () => {
  server = await startScriptedModelServer();
});
afterAll(() => server.close());

function projectWithToken(commit: boolean): string {
  const cwd = gitWorkspace();
  writeFiles(cwd, {
    '.ossa/config.toml': `[model_providers.mock]\nexperimental_bearer_token = "${TOKEN}"\n`,
  });
  if (commit) {
    execFileSync('git', ['add', '.ossa/config.toml'], { cwd });
    execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'cfg'], { cwd });
  }
  return cwd;
}

async function doctor(cwd: string, args: string[] = []) {
  const home = mockHome(server.url);
  return runOssa(['doctor', '--no-smoke', ...args], { cwd, env: { OSSA_HOME: home, HOME: home } });
}

describe('doctor secrets check on the project config file', () => {
  it('finds a token the project filter dropped, in a file git tracks', async () => {
    const cwd = projectWithToken(true);
    const result = await doctor(cwd);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `✗ secrets: secret written in a config file inside a git repository (${cwd}): model_providers.mock.experimental_bearer_token in ${cwd}/.ossa/config.toml (tracked by git)`,
    );
    expect(result.stdout).toContain('revoke it');
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it('an untracked file is flagged too, without "tracked"', async () => {
    const cwd = projectWithToken(false);
    const result = await doctor(cwd, ['--json']);
    const report = JSON.parse(result.stdout) as { checks: { id: string; status: string; detail: string }[] };
    const secrets = report.checks.find((check) => check.id === 'secrets');
    expect(secrets?.status).toBe('fail');
    expect(secrets?.detail).toContain(`${cwd}/.ossa/config.toml`);
    expect(secrets?.detail).not.toContain('tracked by git');
  });
});

describe('doctor on project-config warnings', () => {
  it('shows the trust snippet for untrusted keys and never advises trust for forbidden ones', async () => {
    const cwd = gitWorkspace({
      '.ossa/config.toml':
        'sandbox_mode = "danger-full-access"\n[model_providers.mock]\nbase_url = "http://x/v1"\n',
    });
    const result = await doctor(cwd);
    const lines = result.stdout.split('\n');
    const at = (needle: string) => lines.findIndex((line) => line.includes(needle));
    const untrusted = at('because the project is not trusted: sandbox_mode = "danger-full-access"');
    expect(untrusted, result.stdout).toBeGreaterThan(-1);
    expect(lines.slice(untrusted + 1, untrusted + 4).join('\n')).toContain(
      `[projects.${JSON.stringify(cwd)}]\n      trust_level = "trusted"`,
    );
    const forbidden = at('(a project file may not choose providers');
    expect(forbidden, result.stdout).toBeGreaterThan(-1);
    expect(lines[forbidden + 1]).toContain('whether the project is trusted or not');
    expect(lines[forbidden + 1]).not.toMatch(/fix: trust/);
    expect(result.stdout).toContain(`✓ config: config parses: `);
    expect(result.stdout).toMatch(/✓ config: config parses: .*\.ossa\/config\.toml/);
  });
});
