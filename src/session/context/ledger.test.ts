import { describe, expect, it } from 'vitest';
import type { ModelItem } from '../../model/types.js';
import { absorbItems, emptyLedger, filesReadBy, HANDOFF_MARKER, ledgerFrom } from './ledger.js';
import { pruneToolOutputs } from './prune.js';

function step(id: string, name: string, args: unknown, output: string): ModelItem[] {
  return [
    { type: 'function_call', callId: id, name, arguments: JSON.stringify(args) },
    { type: 'function_call_output', callId: id, output },
  ];
}

describe('ledger: what ossa tracks itself', () => {
  it('records files read and modified, failed commands with their error, the plan and the request', () => {
    const items: ModelItem[] = [
      { type: 'message', role: 'user', text: 'fix the parser' },
      ...step('1', 'shell', { command: ['sed', '-n', '1,80p', 'src/parse.ts'] }, 'Exit code: 0\nOutput:\n…'),
      ...step(
        '2',
        'shell',
        { command: ['bash', '-lc', 'cat a.ts | head -n 5 && rg -n foo src'] },
        'Exit code: 0\nOutput:\nx',
      ),
      ...step(
        '3',
        'apply_patch',
        { input: '*** Begin Patch\n*** Update File: src/parse.ts\n@@\n-a\n+b\n*** End Patch' },
        'Success. Updated the following files:\nM src/parse.ts',
      ),
      ...step(
        '4',
        'apply_patch',
        { input: '*** Begin Patch\n*** Update File: nope.ts\n*** End Patch' },
        'Patch failed: nope.ts not found',
      ),
      ...step(
        '5',
        'shell',
        { command: ['npm', 'test'] },
        'Exit code: 1\nDuration: 2 s\nOutput:\nFAIL parse.test.ts\nExpected 1, got 2',
      ),
      ...step('6', 'update_plan', { plan: [{ step: 'fix', status: 'in_progress' }] }, 'Plan updated'),
    ];
    const ledger = absorbItems(emptyLedger(), items);
    expect(ledger.filesRead).toEqual(['src/parse.ts', 'a.ts', 'src']);
    expect(ledger.filesModified).toEqual(['src/parse.ts']);
    expect(ledger.failedCommands).toEqual([
      { command: 'npm test', error: 'Exit code: 1: FAIL parse.test.ts\nExpected 1, got 2' },
    ]);
    expect(ledger.plan).toEqual([{ step: 'fix', status: 'in_progress' }]);
    expect(ledger.userRequest).toBe('fix the parser');
  });

  it('records the files the workspace showed changed, whatever the tool and however the call ended', () => {
    const items: ModelItem[] = [
      {
        type: 'function_call',
        callId: '1',
        name: 'shell',
        arguments: JSON.stringify({ command: ['sh', 'gen.sh'] }),
      },
      {
        type: 'function_call_output',
        callId: '1',
        output: 'Exit code: 3\nOutput:\nboom',
        modifiedFiles: ['out.ts'],
      },
      { type: 'function_call', callId: '2', name: 'fs__write_file', arguments: '{"path":"x"}' },
      { type: 'function_call_output', callId: '2', output: 'ok', modifiedFiles: ['x', 'out.ts'] },
    ];
    const ledger = absorbItems(emptyLedger(), items);
    expect(ledger.filesModified).toEqual(['x', 'out.ts']);
    expect(ledger.failedCommands.map((f) => f.command)).toEqual(['sh gen.sh']);
  });

  it('reads pruned outputs by their stub: a pruned success is no failure, its files still count', () => {
    const items: ModelItem[] = [
      ...step(
        '1',
        'shell',
        { command: ['cat', 'part-01.txt'] },
        `Exit code: 0\nOutput:\n${'x'.repeat(3000)}`,
      ),
      ...step('2', 'shell', { command: ['false'] }, `Exit code: 1\nOutput:\n${'y'.repeat(3000)}`),
      ...step(
        '3',
        'apply_patch',
        { input: '*** Begin Patch\n*** Add File: new.ts\n+x\n*** End Patch' },
        `Success. Updated the following files:\nA new.ts\n${'z'.repeat(3000)}`,
      ),
      { type: 'message', role: 'user', text: 'recent' },
    ];
    const pruned = pruneToolOutputs(items, 0, (bytes) => bytes / 4, 0).items;
    expect(
      pruned.filter((item) => item.type === 'function_call_output' && item.output.startsWith('[ossa pruned')),
    ).toHaveLength(3);
    const ledger = absorbItems(emptyLedger(), pruned);
    expect(ledger.filesRead).toEqual(['part-01.txt']);
    expect(ledger.filesModified).toEqual(['new.ts']);
    expect(ledger.failedCommands.map((f) => f.command)).toEqual(['false']);
  });

  it('does not take its own handoff summary for the user request', () => {
    const ledger = absorbItems({ ...emptyLedger(), userRequest: 'the real one' }, [
      { type: 'message', role: 'user', text: `${HANDOFF_MARKER} …]` },
    ]);
    expect(ledger.userRequest).toBe('the real one');
  });

  it('reads only well-formed, bounded fields back from a session file', () => {
    const ledger = ledgerFrom({
      filesRead: ['a', 42, { evil: true }],
      failedCommands: [{ command: 'x'.repeat(10_000), error: 'e' }, 'junk'],
      plan: 'not a list',
      userRequest: 7,
    });
    expect(ledger.filesRead).toEqual(['a']);
    expect(ledger.failedCommands).toHaveLength(1);
    expect(ledger.failedCommands[0]!.command.length).toBeLessThanOrEqual(200);
    expect(ledger.plan).toBeUndefined();
    expect(ledger.userRequest).toBeUndefined();
    expect(ledgerFrom('garbage')).toEqual(emptyLedger());
  });

  it('takes searchers’ first argument for the pattern, not a file', () => {
    expect(filesReadBy(['grep', '-rn', 'TODO', 'src', 'docs'])).toEqual(['src', 'docs']);
    expect(filesReadBy(['npm', 'test'])).toEqual([]);
  });
});
