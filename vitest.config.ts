import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
// @ts-expect-error plain JS build scripts without types
import { INK_CACHES_REWRITES } from './scripts/ink-caches.mjs';
// @ts-expect-error plain JS build scripts without types
import { viteInkRewrite } from './scripts/ink-rewrite.mjs';
// @ts-expect-error plain JS build scripts without types
import { INK_STATIC_ONCE_REWRITES } from './scripts/ink-static-once.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  define: { OSSA_VERSION: JSON.stringify(pkg.version) },
  // The tests draw with the Ink the bundle ships: the same rewrites (scripts/build.mjs).
  plugins: [
    viteInkRewrite({ 'ink-caches': INK_CACHES_REWRITES, 'ink-static-once': INK_STATIC_ONCE_REWRITES }),
  ],
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    // The real llama.cpp tier has its own command (npm run test:real, vitest.real.config.ts).
    exclude: ['test/real/**', '**/node_modules/**'],
    globalSetup: ['test/kit/conformance-notice.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    server: { deps: { inline: ['ink'] } },
  },
});
