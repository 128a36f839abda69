import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeConformance, SHARED_CONFORMANCE_DIR } from '../../test/kit/shared-conformance.js';
import { CODEX_NESTED_KEYS, CODEX_TOP_LEVEL_KEYS } from './codex-known-keys.js';
import { extractCodexKeys, renderCodexKnownKeysModule } from './extract-codex-keys.js';

const schemaPath = join(SHARED_CONFORMANCE_DIR, 'config/codex-config.schema.json');
const moduleUrl = new URL('./codex-known-keys.ts', import.meta.url);
const SOURCE = 'shared/conformance/config/codex-config.schema.json (Codex 6219b7c)';

describeConformance('codex-known-keys.ts', () => {
  it('holds exactly the key names of Codex’s config schema', () => {
    const keys = extractCodexKeys(JSON.parse(readFileSync(schemaPath, 'utf8')));
    if (process.env.OSSA_UPDATE_GENERATED === '1') {
      // Rewritten, then formatted by `npx biome format --write src/config/codex-known-keys.ts`.
      writeFileSync(moduleUrl, renderCodexKnownKeysModule(keys, SOURCE));
      return;
    }
    expect(CODEX_TOP_LEVEL_KEYS).toEqual(keys.topLevel);
    expect(CODEX_NESTED_KEYS).toEqual(keys.nested);
    expect(keys.topLevel).toContain('model_providers');
    expect(keys.nested['model_providers.*']).toContain('supports_websockets');
    expect(keys.nested['mcp_servers.*']).toContain('oauth');
  });
});
