// Source rewrites of Ink's build files, applied where Ink is bundled (scripts/build.mjs, esbuild)
// and where tests load it (vitest.config.ts, vite), so the tests run the Ink that ships.
//
// A table maps a file name in ink/build/ to [from, to] pairs. Each rewrite checks that the code
// it replaces is there: an Ink update that changes it fails the build and the tests instead of
// quietly losing the fix.
import { readFile } from 'node:fs/promises';

const INK_BUILD_FILE = /[\\/]ink[\\/]build[\\/]([\w-]+\.js)$/;
/** Any module of Ink's build, in subfolders too. */
const INK_BUILD_MODULE = /[\\/]ink[\\/]build[\\/].+\.js$/;

/** `contents` of Ink's `path` with the table's rewrites for that file, or undefined when it has none. */
export function rewriteInkFile(name, path, contents, table) {
  const file = path.match(INK_BUILD_FILE)?.[1];
  const rewrites = file ? table[file] : undefined;
  if (!rewrites) return undefined;
  let out = contents;
  for (const [from, to] of rewrites) {
    if (!out.includes(from)) {
      throw new Error(
        `${name}: ${path} no longer contains ${JSON.stringify(from)}; update scripts/${name}.mjs`,
      );
    }
    out = out.replace(from, to);
  }
  return out;
}

/** Applies every table's rewrites for `path` in turn; undefined when none has the file. */
function rewriteWithTables(tables, path, contents) {
  let out;
  for (const [name, table] of Object.entries(tables))
    out = rewriteInkFile(name, path, out ?? contents, table) ?? out;
  return out;
}

/**
 * The esbuild plugin (the bundle) for several tables (name → table). One plugin for all: esbuild
 * gives each file to the first plugin that loads it, so two tables for one file must share it.
 */
export function esbuildInkRewrites(tables) {
  const files = [...new Set(Object.values(tables).flatMap((table) => Object.keys(table)))];
  const filter = new RegExp(
    `[\\\\/]ink[\\\\/]build[\\\\/](${files.map((f) => f.replace('.', '\\.')).join('|')})$`,
  );
  return {
    name: 'ink-rewrites',
    setup(build) {
      build.onLoad({ filter }, async (args) => ({
        contents: rewriteWithTables(tables, args.path, await readFile(args.path, 'utf8')),
        loader: 'js',
      }));
    },
  };
}

/**
 * The vite plugin (vitest) for several tables; Ink must be inlined (`server.deps.inline`) to reach
 * it. It loads Ink's build files itself, without their source-map comments: Ink ships the maps
 * but not the sources they name, which vite would warn about for every file.
 */
export function viteInkRewrite(tables) {
  return {
    name: 'ink-rewrites',
    enforce: 'pre',
    async load(id) {
      const path = id.split('?')[0];
      if (!INK_BUILD_MODULE.test(path)) return undefined;
      let code = (await readFile(path, 'utf8')).replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
      for (const [name, table] of Object.entries(tables))
        code = rewriteInkFile(name, path, code, table) ?? code;
      return { code, map: null };
    },
  };
}
