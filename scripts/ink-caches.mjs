// esbuild plugin for the bundle: Ink's text caches, shared across frames and bounded.
//
// Ink builds every frame from scratch, and the cache of tokenized lines and character widths it
// keeps (output.js OutputCaches) is new for each frame: the composer, the status line and the
// lines of the reply that did not change are tokenized again, character by character, about 7
// times a second while a reply streams (the largest part of the UI's CPU time). One set of caches
// for all frames, emptied when it grows past a bound, keeps that work for the lines that changed.
//
// Ink's wrap-text.js and measure-text.js caches are module-wide already but never emptied: they
// grow with every distinct text ever drawn, i.e. with the transcript. They get the same bound.
//
// Applied by scripts/ink-rewrite.mjs (the bundle and the tests), which fails when Ink changed.
import { esbuildInkRewrites } from './ink-rewrite.mjs';

/** Entries a cache holds before it starts again empty. */
const BOUND = 4096;

export const INK_CACHES_REWRITES = {
  'output.js': [
    ['    caches = new OutputCaches();', '    caches = sharedOutputCaches();'],
    [
      'export default class Output {',
      `let ossaSharedCaches;
/** ossa: one set of caches for every frame, started again when it holds more than ${BOUND} entries. */
function sharedOutputCaches() {
    const caches = ossaSharedCaches;
    if (!caches || caches.styledChars.size + caches.widths.size + caches.blockWidths.size > ${BOUND}) {
        ossaSharedCaches = new OutputCaches();
    }
    return ossaSharedCaches;
}
export default class Output {`,
    ],
  ],
  'wrap-text.js': [
    ['const cache = {};', 'let cache = {};\nlet ossaCacheSize = 0;'],
    [
      '    cache[cacheKey] = wrappedText;',
      `    if (++ossaCacheSize > ${BOUND}) {\n        cache = {};\n        ossaCacheSize = 1;\n    }\n    cache[cacheKey] = wrappedText;`,
    ],
  ],
  'measure-text.js': [
    [
      '    cache.set(text, dimensions);',
      `    if (cache.size >= ${BOUND})\n        cache.clear();\n    cache.set(text, dimensions);`,
    ],
  ],
};

/** These rewrites alone, as an esbuild plugin (test/build-ink-caches.test.ts). */
export const inkCaches = esbuildInkRewrites({ 'ink-caches': INK_CACHES_REWRITES });
