// The public conformance vectors live beside the checkout, in ../shared/conformance (CI has the
// folder; a fresh clone does not). Suites that replay them register only when the folder exists;
// otherwise each leaves one skipped entry naming what is missing, and test/kit/conformance-notice.ts
// prints one line for the whole run. The project's own tests never read this folder.
import { describe, test } from 'vitest';
import { hasSharedConformance } from './shared-conformance-path.js';

export { hasSharedConformance, SHARED_CONFORMANCE_DIR } from './shared-conformance-path.js';

/**
 * `describe(title, factory)` when ../shared/conformance exists. When it does not, the factory is
 * never called (it usually reads the vectors at collection time) and one skipped test stands in.
 */
export function describeConformance(title: string, factory: () => void): void {
  if (hasSharedConformance) describe(title, factory);
  else test.skip(`${title} — needs ../shared/conformance (absent)`, () => {});
}
