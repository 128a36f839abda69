#!/usr/bin/env node
// Finds or builds the real llama.cpp `llama-server` the real-server test tier (`npm run test:real`)
// talks to. Prints its absolute path on stdout; progress goes to stderr.
//
// Order: $OSSA_LLAMA_SERVER (a path) → `llama-server` on PATH → the build cache → a fresh build.
// The source is the llama.cpp git bundle inside the pinned devDependency node-llama-cpp
// (llama/gitRelease.bundle). It is built CPU-only and statically into a cache OUTSIDE the checkout,
// keyed by the bundle's commit, so it is built once per machine and llama.cpp version:
//   $OSSA_LLAMA_CACHE (default ~/.cache/ossa-llama)/<commit>/bin/llama-server
//
// `--source` prints the llama.cpp source tree instead (cloned into the cache if needed): the tier
// takes its vocabulary and chat templates from it, whichever llama-server it runs.
// Usage: node scripts/llama-server.mjs [--source] [--jobs N]
// Exit codes: 0 found/built, 3 no compiler toolchain (the tier skips), 1 anything else failed.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NO_TOOLCHAIN = 3;
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const jobsArg = args.indexOf('--jobs');
const jobs = jobsArg >= 0 ? args[jobsArg + 1] : '2';

function log(message) {
  process.stderr.write(`llama-server: ${message}\n`);
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { stdio: ['ignore', 2, 2], ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${commandArgs.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
  return result;
}

function bundlePath() {
  // The package's "exports" hide package.json; its directory is found from the checkout instead.
  const bundle = join(root, 'node_modules', 'node-llama-cpp', 'llama', 'gitRelease.bundle');
  if (!existsSync(bundle)) {
    throw new Error(`${bundle} is missing: run \`npm install\` (node-llama-cpp is a devDependency)`);
  }
  return bundle;
}

/** The commit the bundle holds: the cache key. */
function bundleCommit(bundle) {
  const out = spawnSync('git', ['bundle', 'list-heads', bundle], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`git bundle list-heads ${bundle}: ${out.stderr}`);
  const commit = out.stdout.trim().split(/\s+/)[0];
  if (!/^[0-9a-f]{40}$/.test(commit ?? '')) throw new Error(`no commit in ${bundle}`);
  return commit.slice(0, 12);
}

function cacheRoot() {
  return process.env.OSSA_LLAMA_CACHE || join(homedir(), '.cache', 'ossa-llama');
}

function sourceTree() {
  const bundle = bundlePath();
  const commit = bundleCommit(bundle);
  const dir = join(cacheRoot(), commit);
  const source = join(dir, 'src');
  if (!existsSync(join(source, 'CMakeLists.txt'))) {
    if (!onPath('git')) {
      log('cannot unpack the llama.cpp source: `git` is not installed');
      process.exit(NO_TOOLCHAIN);
    }
    mkdirSync(dir, { recursive: true });
    rmSync(source, { recursive: true, force: true });
    log(`cloning llama.cpp ${commit} from ${bundle}`);
    // Clone next to the target and rename, so a concurrent reader never sees half a tree.
    const partial = `${source}.partial-${process.pid}`;
    run('git', ['-c', 'advice.detachedHead=false', 'clone', '--quiet', bundle, partial]);
    renameSync(partial, source);
  }
  return { dir, source, commit };
}

function main() {
  if (args.includes('--source')) return sourceTree().source;
  const fromEnv = process.env.OSSA_LLAMA_SERVER;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`OSSA_LLAMA_SERVER=${fromEnv} does not exist`);
    return fromEnv;
  }
  const preinstalled = onPath('llama-server');
  if (preinstalled) return preinstalled;

  const { dir, source } = sourceTree();
  const binary = join(dir, 'bin', 'llama-server');
  if (existsSync(binary)) return binary;

  for (const tool of ['cmake', 'c++', 'cc']) {
    if (!onPath(tool)) {
      log(`cannot build llama-server: \`${tool}\` is not installed`);
      process.exit(NO_TOOLCHAIN);
    }
  }
  const build = join(dir, 'build');
  const generator = onPath('ninja') ? ['-G', 'Ninja'] : [];
  log(`building into ${build} with ${jobs} jobs (about 11 minutes on 2 cores)`);
  const started = Date.now();
  run('cmake', [
    '-S',
    source,
    '-B',
    build,
    ...generator,
    '-DCMAKE_BUILD_TYPE=Release',
    '-DLLAMA_OPENSSL=OFF',
    '-DLLAMA_BUILD_TESTS=OFF',
    '-DLLAMA_BUILD_EXAMPLES=OFF',
    '-DLLAMA_BUILD_APP=OFF',
    '-DLLAMA_USE_PREBUILT_UI=OFF',
    '-DLLAMA_BUILD_UI=OFF',
    '-DBUILD_SHARED_LIBS=OFF',
    '-DGGML_NATIVE=ON',
  ]);
  run('cmake', ['--build', build, '--target', 'llama-server', '-j', jobs]);
  mkdirSync(join(dir, 'bin'), { recursive: true });
  // Copy then rename, so a concurrent reader never sees a half-written binary.
  copyFileSync(join(build, 'bin', 'llama-server'), `${binary}.tmp`);
  renameSync(`${binary}.tmp`, binary);
  writeFileSync(
    join(dir, 'built.txt'),
    `built ${new Date().toISOString()} in ${Math.round((Date.now() - started) / 1000)} s\n`,
  );
  log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
  return binary;
}

try {
  process.stdout.write(`${main()}\n`);
} catch (error) {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
