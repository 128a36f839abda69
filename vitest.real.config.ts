// `npm run test:real`: the real llama.cpp tier (test/real). Its global setup finds or builds
// llama-server (scripts/llama-server.mjs) and skips the tier with a notice when it cannot.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  define: { OSSA_VERSION: JSON.stringify(pkg.version) },
  test: {
    include: ['test/real/**/*.test.ts'],
    globalSetup: ['test/real/kit/global-setup.ts'],
    // Real servers and real processes on a shared 2-core machine: files run one at a time.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
