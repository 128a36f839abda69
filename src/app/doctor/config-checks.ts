// The checks that need no server: ossa's version, the configuration (parses, and no legacy
// profile tables, reserved ids or ignored project keys), and secrets in files inside a repository.
import { arch, platform } from 'node:os';
import type { ResolvedConfig } from '../../config/index.js';
import { parseTomlText } from '../../config/parse-toml.js';
import { VERSION } from '../../version.js';
import { type DoctorCheck, fail, pass, warn } from './check.js';
import { findSecretsInFiles } from './secrets.js';

export function versionCheck(): DoctorCheck {
  return pass('version', `ossa ${VERSION} (Node ${process.version}, ${platform()} ${arch()})`, {
    version: VERSION,
  });
}

/** ✓ with the files read, then one ! per config warning. */
export function configChecks(config: ResolvedConfig): DoctorCheck[] {
  // Every file read, also a project file whose keys were all dropped (its warnings follow).
  const files = config.configFiles;
  const checks: DoctorCheck[] = [
    pass(
      'config',
      files.length > 0 ? `config parses: ${files.join(', ')}` : 'no config files; built-in defaults apply',
      { files },
    ),
  ];
  for (const warning of config.warnings) {
    const untrusted = /^(.* because the project is not trusted: .*?)\. (To trust [\s\S]*)$/.exec(warning);
    if (untrusted) {
      // The `[projects."…"] trust_level` snippet is the fix, kept line by line.
      checks.push(
        warn('config-warning', untrusted[1]!, `${untrusted[2]!}\n(or set those keys in your own config)`),
      );
      continue;
    }
    checks.push(warn('config-warning', warning.split('\n')[0]!, fixFor(warning)));
  }
  return checks;
}

function fixFor(warning: string): string | undefined {
  if (/legacy|\[profiles\./.test(warning))
    return 'run `ossa profiles migrate` to move legacy profiles into <name>.config.toml files';
  if (/unknown key/.test(warning))
    return 'fix the key name or remove it (`--strict-config` turns these into errors)';
  // A project file's forbidden keys are never applied, trusted or not: trusting changes nothing.
  if (/\(a project file may not /.test(warning))
    return 'a project file never sets these, whether the project is trusted or not: set them in your own config.toml if you want them, and remove them from the project file';
  const rest = warning.split('\n').slice(1).join('\n').trim();
  return rest || undefined;
}

export function configErrorCheck(error: Error & { fix?: string }): DoctorCheck {
  return fail('config', error.message.split('\nfix: ')[0]!, error.fix);
}

export function secretsCheck(config: ResolvedConfig): DoctorCheck {
  const findings = findSecretsInFiles(config.configFiles, parseTomlText);
  if (findings.length === 0) return pass('secrets', 'no secrets in config files inside a git repository');
  const where = findings
    .map((finding) => `${finding.keyPath} in ${finding.file}${finding.tracked ? ' (tracked by git)' : ''}`)
    .join('; ');
  const tracked = findings.some((finding) => finding.tracked);
  return fail(
    'secrets',
    `secret written in a config file inside a git repository (${findings[0]!.repo}): ${where}`,
    'move the value into an environment variable and reference it: env_key = "MY_API_KEY" (or env_http_headers for headers); then remove it from the file' +
      (tracked
        ? '. git tracks the file, so the key is in its history (or will be at the next commit): revoke it and create a new one'
        : ' before it is committed'),
    { findings },
  );
}
