// Global setup of `npm run test:real`: finds or builds llama-server (scripts/llama-server.mjs:
// $OSSA_LLAMA_SERVER, PATH, the build cache, else a ~11-minute build) and the llama.cpp source.
// Only "no compiler toolchain" (exit 3) skips the tier, with a one-line notice; any other failure
// fails the run, so CI cannot pass without the tier having run.
import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import type { RealTier } from './real-tier.js';

const SCRIPT = fileURLToPath(new URL('../../../scripts/llama-server.mjs', import.meta.url));
const NO_TOOLCHAIN = 3;

function runScript(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

export default function setup(project: TestProject): void {
  const cacheDir = process.env.OSSA_LLAMA_CACHE || join(homedir(), '.cache', 'ossa-llama');
  const server = runScript([]);
  const source = server.code === 0 ? runScript(['--source']) : server;
  let tier: RealTier;
  if (server.code === NO_TOOLCHAIN || source.code === NO_TOOLCHAIN) {
    const reason = (server.stderr || source.stderr).split('\n').pop() ?? 'no compiler toolchain';
    console.log(`test:real skipped: ${reason.replace(/^llama-server: /, '')}`);
    tier = { llamaServer: '', source: '', cacheDir, skipped: reason };
  } else if (server.code !== 0 || source.code !== 0) {
    throw new Error(`scripts/llama-server.mjs failed:\n${server.stderr}\n${source.stderr}`);
  } else {
    tier = {
      llamaServer: server.stdout.split('\n').pop()!,
      source: source.stdout.split('\n').pop()!,
      cacheDir,
    };
  }
  project.provide('realTier', tier);
}
