import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
// @ts-expect-error plain JS build scripts without types
import { INK_REWRITE_TABLES } from './scripts/ink-patches.mjs';
// @ts-expect-error plain JS build scripts without types
import { viteInkRewrite } from './scripts/ink-rewrite.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  define: { OSSA_VERSION: JSON.stringify(pkg.version) },
  // The tests draw with the Ink the bundle ships: the same rewrites (scripts/ink-patches.mjs).
  plugins: [viteInkRewrite(INK_REWRITE_TABLES)],
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
