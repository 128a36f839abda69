// Loaded with `node --import` into the CLI under test: on exit, writes `CLASSIC-ZOD <files>` to
// stderr when the process loaded a dist/ file built from classic zod's sources (its source map
// names node_modules/zod/v4/classic/). Writes `NO-LOAD-HOOKS` on a Node without module.registerHooks.
import { readFileSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const loaded = [];
if (typeof module.registerHooks !== 'function') {
  process.on('exit', () => process.stderr.write('NO-LOAD-HOOKS\n'));
} else {
  module.registerHooks({
    load(url, context, nextLoad) {
      if (url.startsWith('file:') && url.includes('/dist/') && url.endsWith('.js')) {
        const map = JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8'));
        if (map.sources.some((source) => source.includes('node_modules/zod/v4/classic/'))) loaded.push(url);
      }
      return nextLoad(url, context);
    },
  });
  process.on('exit', () => {
    if (loaded.length > 0) process.stderr.write(`CLASSIC-ZOD ${loaded.join(' ')}\n`);
  });
}
