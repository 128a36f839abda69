// The checks that need no server: ossa's version, the configuration (parses, and no legacy
// profile tables, reserved ids or ignored project keys), and secrets in files inside a repository.
import { arch, platform } from 'node:os';
import type { ResolvedConfig } from '../../config/index.js';
import { VERSION } from '../../version.js';
import { type DoctorCheck, fail, pass, warn } from './check.js';
import { findSecretsInRepos } from './secrets.js';

export function versionCheck(): DoctorCheck {
  return pass('version', `ossa ${VERSION} (Node ${process.version}, ${platform()} ${arch()})`, {
    version: VERSION,
  });
}

/** ✓ with the files read, then one ! per config warning. */
export function configChecks(config: ResolvedConfig): DoctorCheck[] {
  const files = [
    ...new Set(Object.values(config.settings).flatMap((setting) => (setting.file ? [setting.file] : []))),
  ];
  const checks: DoctorCheck[] = [
    pass(
      'config',
      files.length > 0 ? `config parses: ${files.join(', ')}` : 'no config files; built-in defaults apply',
      { files },
    ),
  ];
  for (const warning of config.warnings) {
    checks.push(warn('config-warning', warning.split('\n')[0]!, fixFor(warning)));
  }
  return checks;
}

function fixFor(warning: string): string | undefined {
  if (/legacy|\[profiles\./.test(warning))
    return 'run `ossa profiles migrate` to move legacy profiles into <name>.config.toml files';
  if (/unknown key/.test(warning))
    return 'fix the key name or remove it (`--strict-config` turns these into errors)';
  if (/project/.test(warning))
    return 'trust the project to let its .ossa/config.toml change that setting, or set it in your own config';
  const rest = warning.split('\n').slice(1).join(' ').trim();
  return rest || undefined;
}

export function configErrorCheck(error: Error & { fix?: string }): DoctorCheck {
  return fail('config', error.message.split('\nfix: ')[0]!, error.fix);
}

export function secretsCheck(config: ResolvedConfig): DoctorCheck {
  const findings = findSecretsInRepos(config.settings);
  if (findings.length === 0) return pass('secrets', 'no secrets in config files inside a git repository');
  const where = findings.map((finding) => `${finding.keyPath} in ${finding.file}`).join('; ');
  return fail(
    'secrets',
    `secret written in a config file inside a git repository (${findings[0]!.repo}): ${where}`,
    'move the value into an environment variable and reference it: env_key = "MY_API_KEY" (or env_http_headers for headers); then remove it from the file and from git history',
    { findings },
  );
}
