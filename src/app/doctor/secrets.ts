// Secrets written into config files that live inside a git repository end up in commits. Looks at
// every effective setting that came from a file: values under keys that hold credentials
// (bearer tokens, auth headers, env entries named *KEY*/*TOKEN*/*SECRET*) and values shaped like
// well-known API keys.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Setting } from '../../config/index.js';

export interface SecretFinding {
  keyPath: string;
  file: string;
  repo: string;
}

const SECRET_KEY =
  /(^|\.)(experimental_bearer_token|bearer_token)$|\.(http_headers)\.(authorization|x-api-key|api-key|proxy-authorization)$|\.env\.[^.]*(key|token|secret|password)[^.]*$/i;
const SECRET_VALUE =
  /^(sk-[A-Za-z0-9_-]{16,}|sk-or-v1-[a-f0-9]{16,}|sk-ant-[A-Za-z0-9_-]{16,}|hf_[A-Za-z0-9]{20,}|gsk_[A-Za-z0-9]{20,}|AIza[0-9A-Za-z_-]{30,}|Bearer\s+\S{16,})$/;

export function findSecretsInRepos(settings: Record<string, Setting>): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const [keyPath, setting] of Object.entries(settings)) {
    if (!setting.file || typeof setting.value !== 'string' || setting.value.trim() === '') continue;
    if (!SECRET_KEY.test(keyPath) && !SECRET_VALUE.test(setting.value.trim())) continue;
    const repo = gitRepoOf(setting.file);
    if (repo) findings.push({ keyPath, file: setting.file, repo });
  }
  return findings;
}

/** The nearest ancestor directory of `file` holding `.git`, if any. */
export function gitRepoOf(file: string): string | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
