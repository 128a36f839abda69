// Where the public conformance vectors live (beside the checkout) and whether they are there.
// No vitest import: test/kit/conformance-notice.ts reads this from vitest's main process.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHARED_CONFORMANCE_DIR = fileURLToPath(new URL('../../../shared/conformance/', import.meta.url));

export const hasSharedConformance = existsSync(SHARED_CONFORMANCE_DIR);
