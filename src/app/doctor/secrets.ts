// Secrets written into config files that live inside a git repository end up in commits. Reads
// the files themselves — every config file that took part (user, profile) and every project
// `.ossa/config.toml` from the project root down to cwd — not the effective settings: the project
// filter drops keys a project may not set (a bearer token among them), and exactly those are the
// ones the guides warn about. Flags values under keys that hold credentials (bearer tokens, auth
// headers, env entries named *KEY*/*TOKEN*/*SECRET*) and values shaped like well-known API keys,
// and says whether git tracks the file (then the secret is in a commit already, or will be).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { isSecretKeyPath } from '../../config/redact.js';

export interface SecretFinding {
  keyPath: string;
  file: string;
  repo: string;
  /** git tracks the file (it is committed, or staged). */
  tracked: boolean;
}

const SECRET_KEY =
  /(^|\.)(experimental_bearer_token|bearer_token)$|\.(http_headers)\.(authorization|x-api-key|api-key|proxy-authorization)$|\.env\.[^.]*(key|token|secret|password)[^.]*$/i;
const SECRET_VALUE =
  /^(sk-[A-Za-z0-9_-]{16,}|sk-or-v1-[a-f0-9]{16,}|sk-ant-[A-Za-z0-9_-]{16,}|hf_[A-Za-z0-9]{20,}|gsk_[A-Za-z0-9]{20,}|AIza[0-9A-Za-z_-]{30,}|Bearer\s+\S{16,})$/;

/** Every string in `files` that looks like a secret, in the files inside a git repository. */
export function findSecretsInFiles(
  files: readonly string[],
  parse: (text: string, file: string) => Record<string, unknown>,
): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const file of new Set(files)) {
    const repo = gitRepoOf(file);
    if (!repo) continue;
    let table: Record<string, unknown>;
    try {
      table = parse(readFileSync(file, 'utf8'), file);
    } catch {
      continue; // unreadable or invalid: the config check reports it
    }
    const secrets = stringLeaves(table).filter(
      ({ segments, value }) =>
        value.trim() !== '' &&
        (isSecretKeyPath(segments) || SECRET_KEY.test(segments.join('.')) || SECRET_VALUE.test(value.trim())),
    );
    if (secrets.length === 0) continue;
    const tracked = isTracked(repo, file);
    for (const { segments } of secrets) findings.push({ keyPath: segments.join('.'), file, repo, tracked });
  }
  return findings;
}

function stringLeaves(value: unknown, segments: string[] = []): { segments: string[]; value: string }[] {
  if (typeof value === 'string') return [{ segments, value }];
  if (Array.isArray(value))
    return value.flatMap((item, index) => stringLeaves(item, [...segments, String(index)]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => stringLeaves(item, [...segments, key]));
  }
  return [];
}

function isTracked(repo: string, file: string): boolean {
  const result = spawnSync('git', ['-C', repo, 'ls-files', '--error-unmatch', '--', relative(repo, file)], {
    stdio: 'ignore',
    timeout: 5000,
  });
  return result.status === 0;
}

/** The nearest ancestor directory of `file` holding `.git`, if any. */
export function gitRepoOf(file: string): string | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
