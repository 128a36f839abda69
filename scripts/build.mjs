// Bundles src/main.ts into dist/ with code splitting: every subcommand and heavy module is a
// dynamic import, so `ossa --version` loads one small file and nothing else.

import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { INK_REWRITE_TABLES } from './ink-patches.mjs';
import { esbuildInkRewrites } from './ink-rewrite.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const dist = fileURLToPath(new URL('../dist', import.meta.url));
// Build next to dist/ and swap it in, so a process starting meanwhile never sees a half-built dist/.
const next = `${dist}.next-${process.pid}`;
const old = `${dist}.old-${process.pid}`;

/**
 * Classic zod (which only the MCP SDK still imports; src/ uses zod/mini through protocol/zod.ts)
 * re-exports all of its ~60 error-message locales as `z.locales`, and a namespace object cannot be
 * tree-shaken. ossa uses only English: resolving zod's locale index to English alone keeps the
 * other locales out of the bundle.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${'node_modules'}/zod/`)
        ? { path: fileURLToPath(new URL('./zod-locales-en.mjs', import.meta.url)) }
        : undefined,
    );
  },
};

await build({
  entryPoints: ['src/main.ts'],
  outdir: next,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  legalComments: 'none',
  // Smaller files parse faster at every start; names stay for error classes and stack traces.
  // OSSA_BUILD_NO_MINIFY=1 builds readable code for CPU profiles (docs/performance.md).
  minify: process.env.OSSA_BUILD_NO_MINIFY !== '1',
  keepNames: true,
  // Ink imports React DevTools only when DEV=true; it is not a dependency.
  external: ['react-devtools-core'],
  // NODE_ENV=production picks React's production build (the development one is bundled too
  // otherwise, and renders several times slower).
  define: { OSSA_VERSION: JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"' },
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __ossaCreateRequire } from 'node:module'; const require = __ossaCreateRequire(import.meta.url);",
  },
  plugins: [zodEnglishOnly, esbuildInkRewrites(INK_REWRITE_TABLES)],
  logLevel: 'warning',
});

if (existsSync(dist)) renameSync(dist, old);
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });
