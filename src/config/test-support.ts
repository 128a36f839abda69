// Helpers for the config tests: real temporary directories with real files, and flag sets.
import { mkdir, mkdtemp, realpath, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { GlobalFlags } from './flags.js';
import { resolveConfig } from './resolve.js';
import type { ResolveInput } from './types.js';

/** Creates a fresh temp directory holding `files` (paths relative to it); returns its real path. */
export async function tempTree(files: Record<string, string> = {}): Promise<string> {
  const root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'ossa-config-')));
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(root, relative);
    await mkdir(path.dirname(file), { recursive: true });
    if (relative.endsWith('/')) await mkdir(file, { recursive: true });
    else await writeFile(file, text);
  }
  return root;
}

export function flags(overrides: Partial<GlobalFlags> = {}): GlobalFlags {
  return { config: [], addDir: [], ...overrides };
}

/**
 * Environment for running the built CLI in tests: a private OSSA_HOME and HOME, and none of the
 * variables that would move providers or supply keys from the machine running the tests.
 */
export function isolatedEnv(
  home: string,
  extra: Record<string, string> = {},
): Record<string, string | undefined> {
  return {
    OSSA_HOME: home,
    HOME: home,
    OSSA_OSS_BASE_URL: undefined,
    OSSA_OSS_PORT: undefined,
    OLLAMA_HOST: undefined,
    OPENAI_API_KEY: undefined,
    OPENROUTER_API_KEY: undefined,
    OPENAI_ORGANIZATION: undefined,
    OPENAI_PROJECT: undefined,
    ...extra,
  };
}

/** A temp tree with `home/` as OSSA_HOME and `work/` as the cwd (a git project). */
export async function setupResolve(files: Record<string, string> = {}) {
  const root = await tempTree({ 'home/': '', 'work/.git/': '', ...files });
  const home = path.join(root, 'home');
  const work = path.join(root, 'work');
  const resolve = (input: Partial<ResolveInput> = {}) =>
    resolveConfig({
      ...input,
      cwd: input.cwd ?? work,
      env: { OSSA_HOME: home, ...input.env },
      flags: input.flags ?? flags(),
    });
  return { root, home, work, resolve };
}

export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}
