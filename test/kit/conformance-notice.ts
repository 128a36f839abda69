// vitest globalSetup: one line for the whole run when ../shared/conformance is absent, so a fresh
// clone's `npm test` says why the conformance suites show as skipped instead of failing.
import { hasSharedConformance, SHARED_CONFORMANCE_DIR } from './shared-conformance-path.js';

export default function conformanceNotice(): void {
  if (hasSharedConformance) return;
  process.stdout.write(
    `note: ${SHARED_CONFORMANCE_DIR} not found — the suites replaying the public conformance vectors are skipped (CI has the folder)\n`,
  );
}
