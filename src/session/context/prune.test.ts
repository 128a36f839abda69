import { describe, expect, it } from 'vitest';
import type { ModelItem } from '../../model/types.js';
import { PRUNED_PREFIX, patchFiles, pruneToolOutputs } from './prune.js';

const tokens = (bytes: number) => Math.ceil(bytes / 4);
function shellStep(id: string, command: string[], output: string): ModelItem[] {
  return [
    { type: 'function_call', callId: id, name: 'shell', arguments: JSON.stringify({ command }) },
    { type: 'function_call_output', callId: id, output },
  ];
}

describe('pruneToolOutputs (stage 1)', () => {
  const big = `Exit code: 0\nDuration: 5 ms\nOutput:\n${'data\n'.repeat(1000)}`;
  const items: ModelItem[] = [
    { type: 'message', role: 'user', text: 'go' },
    ...shellStep('a', ['cat', 'a.ts'], big),
    ...shellStep('b', ['cat', 'b.ts'], big),
    ...shellStep('c', ['cat', 'c.ts'], big),
    ...shellStep('d', ['cat', 'd.ts'], big),
  ];

  it('stubs old outputs with command, outcome and size, and keeps the recent ones whole', () => {
    const result = pruneToolOutputs(items, 100, tokens, 2);
    expect(result.pruned).toBe(2);
    const outputs = result.items.filter((i) => i.type === 'function_call_output').map((i) => i.output);
    expect(outputs[0]).toBe(
      `${PRUNED_PREFIX} shell \`cat a.ts\` → Exit code: 0 (4.9 KB). Run it again if you need the output.]`,
    );
    expect(outputs[2]).toBe(big);
    expect(outputs[3]).toBe(big);
  });

  it('changes nothing before the first pruned output and never prunes a stub again', () => {
    const once = pruneToolOutputs(items, 100, tokens, 2).items;
    expect(JSON.stringify(once.slice(0, 2))).toBe(JSON.stringify(items.slice(0, 2)));
    const twice = pruneToolOutputs(once, 100, tokens, 2);
    expect(twice.pruned).toBe(0);
    expect(twice.items).toEqual(once);
  });

  it('reads the files a patch touches from its headers', () => {
    const patch =
      '*** Begin Patch\n*** Update File: src/a.ts\n*** Move to: src/b.ts\n@@\n*** Add File: c.md\n+x\n*** End Patch';
    expect(patchFiles(patch)).toEqual([
      { path: 'src/a.ts', action: 'update' },
      { path: 'src/b.ts', action: 'move' },
      { path: 'c.md', action: 'add' },
    ]);
  });
});
