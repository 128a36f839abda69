// Finds or builds the real llama.cpp `llama-server` the real-server test tier (`npm run test:real`)
// talks to. Prints its absolute path on stdout; progress goes to stderr.
//
// Order: $OSSA_LLAMA_SERVER (a path) → `llama-server` on PATH → the build cache → a fresh build.
// The source is the llama.cpp git bundle shipped inside the npm package node-llama-cpp
// (package/llama/gitRelease.bundle). That package is NOT a dependency (with its platform builds it
// would put ~677 MB into every node_modules): only when the source tree is missing from the cache is
// its tarball fetched alone with `npm pack` (~35 MB, no dependencies, checked against the integrity
// pinned below), the bundle extracted and cloned, and the tarball deleted. The tree is built CPU-only
// and statically into a cache OUTSIDE the checkout, keyed by the bundle's commit, so it is built once
// per machine and llama.cpp version:
//   $OSSA_LLAMA_CACHE (default ~/.cache/ossa-llama)/<commit>/{src,bin/llama-server}
//
// `--source` prints the llama.cpp source tree instead (fetched into the cache if needed): the tier
// takes its vocabulary and chat templates from it, whichever llama-server it runs.
// Usage: node scripts/llama-server.mjs [--source] [--jobs N]
// Exit codes: 0 found/built, 3 no compiler toolchain (the tier skips), 1 anything else failed.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The one package version the llama.cpp source comes from; all three values change together. */
const SOURCE_PACKAGE = {
  spec: 'node-llama-cpp@3.21.1',
  // `npm pack --json` reports it; the registry's lock entry has the same value.
  integrity:
    'sha512-E3N0Ev2Va0wzydvXYFwM9Hvyo07PoWjt8T/9GMc43Cvt8YkV/NU/tYUgEMC1grTPv2o9PRjQi0G3Wb5P/awiMg==',
  bundle: 'package/llama/gitRelease.bundle',
  // The commit gitRelease.bundle holds (llama.cpp 0.4.0-dev): the cache key, known before any download.
  commit: '80fb11ac73e66d89eae2c6a91d8a77428fa733ed',
};

const NO_TOOLCHAIN = 3;
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

function requireTool(tool, purpose) {
  if (!onPath(tool)) {
    log(`cannot ${purpose}: \`${tool}\` is not installed`);
    process.exit(NO_TOOLCHAIN);
  }
}

/**
 * Fetches the pinned package's tarball alone into `work` and returns the extracted bundle's path.
 * The tarball is verified against the pinned integrity before anything in it is used.
 */
function fetchBundle(work) {
  requireTool('npm', 'fetch the llama.cpp source');
  requireTool('tar', 'unpack the llama.cpp source');
  const started = Date.now();
  log(`fetching ${SOURCE_PACKAGE.spec} (the tarball only, about 35 MB) for the llama.cpp source`);
  run('npm', ['pack', SOURCE_PACKAGE.spec, '--pack-destination', work, '--silent'], {
    stdio: ['ignore', 'ignore', 2],
  });
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack ${SOURCE_PACKAGE.spec} wrote no tarball into ${work}`);
  const bytes = readFileSync(join(work, tarball));
  const integrity = `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
  if (integrity !== SOURCE_PACKAGE.integrity) {
    throw new Error(
      `${SOURCE_PACKAGE.spec} tarball has integrity ${integrity}, expected ${SOURCE_PACKAGE.integrity}`,
    );
  }
  run('tar', ['-xzf', join(work, tarball), '-C', work, SOURCE_PACKAGE.bundle]);
  rmSync(join(work, tarball));
  const size = (bytes.length / 1e6).toFixed(1);
  log(`fetched ${size} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return join(work, SOURCE_PACKAGE.bundle);
}

/** The commit a bundle holds; must be the pinned one, else the cache key would lie. */
function checkBundleCommit(bundle) {
  const out = spawnSync('git', ['bundle', 'list-heads', bundle], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`git bundle list-heads ${bundle}: ${out.stderr}`);
  const commit = out.stdout.trim().split(/\s+/)[0];
  if (commit !== SOURCE_PACKAGE.commit) {
    throw new Error(`${bundle} holds commit ${commit}, expected ${SOURCE_PACKAGE.commit}`);
  }
}

function cacheRoot() {
  return process.env.OSSA_LLAMA_CACHE || join(homedir(), '.cache', 'ossa-llama');
}

function sourceTree() {
  const commit = SOURCE_PACKAGE.commit.slice(0, 12);
  const dir = join(cacheRoot(), commit);
  const source = join(dir, 'src');
  if (!existsSync(join(source, 'CMakeLists.txt'))) {
    requireTool('git', 'unpack the llama.cpp source');
    mkdirSync(dir, { recursive: true });
    rmSync(source, { recursive: true, force: true });
    // Everything happens in a private directory next to the target, renamed into place at the end,
    // so a concurrent reader never sees half a tree; the tarball and bundle go with the directory.
    const work = mkdtempSync(join(dir, 'fetch-'));
    try {
      const bundle = fetchBundle(work);
      checkBundleCommit(bundle);
      log(`cloning llama.cpp ${commit}`);
      const partial = join(work, 'src');
      run('git', ['-c', 'advice.detachedHead=false', 'clone', '--quiet', bundle, partial]);
      renameSync(partial, source);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
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

  // A cached binary needs no source: nothing is fetched then.
  const binary = join(cacheRoot(), SOURCE_PACKAGE.commit.slice(0, 12), 'bin', 'llama-server');
  if (existsSync(binary)) return binary;

  for (const tool of ['cmake', 'c++', 'cc']) requireTool(tool, 'build llama-server');
  const { dir, source } = sourceTree();
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
