// Every rewrite of Ink that ships, in one list: scripts/build.mjs bundles Ink with them and
// vitest.config.ts loads Ink with them, so the tests draw with the Ink users get.
import { INK_CACHES_REWRITES } from './ink-caches.mjs';
import { INK_STATIC_ONCE_REWRITES } from './ink-static-once.mjs';

export const INK_REWRITE_TABLES = {
  'ink-caches': INK_CACHES_REWRITES,
  'ink-static-once': INK_STATIC_ONCE_REWRITES,
};
