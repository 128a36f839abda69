// The built-in tools' declarations sit in the prompt prefix of every request: one changed byte and
// the server prefills the whole prompt again, and a resumed session no longer matches its cache.
// They are pinned byte for byte (first to what classic zod 4 emitted before src/ moved to
// zod/mini; the shell's escalation parameters are declared under every policy since).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApplyPatchTool } from './apply-patch/tool.js';
import { updatePlanTool } from './plan/tool.js';
import { createToolRegistry } from './registry.js';
import { shellTool } from './shell/tool.js';

const pinned = JSON.parse(
  readFileSync(new URL('../../test/fixtures/tool-specs.json', import.meta.url), 'utf8'),
) as Record<string, unknown[]>;

describe('built-in tool declarations', () => {
  it('shell, apply_patch and update_plan are byte-identical to the pinned ones', () => {
    const specs = createToolRegistry([shellTool, createApplyPatchTool({}), updatePlanTool]).specs();
    expect(JSON.stringify(specs)).toBe(JSON.stringify(pinned['shell, apply_patch, update_plan']));
  });
});
