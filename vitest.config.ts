import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  define: { OSSA_VERSION: JSON.stringify(pkg.version) },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    // The real llama.cpp tier has its own command (npm run test:real, vitest.real.config.ts).
    exclude: ['test/real/**', '**/node_modules/**'],
    globalSetup: ['test/kit/conformance-notice.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
