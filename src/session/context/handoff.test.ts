import { describe, expect, it } from 'vitest';
import { composeHandoff, handoffTask, summaryPrompt } from './handoff.js';
import { emptyLedger, HANDOFF_MARKER, isHandoff } from './ledger.js';

describe('handoff summary', () => {
  it('asks for the structured sections, updates an earlier summary and carries the focus', () => {
    const prompt = summaryPrompt({ maxTokens: 1000, updatesPrevious: true, focus: 'the parser bug' });
    for (const section of [
      '## Goal',
      '## Constraints and user preferences',
      '## Done',
      '## In progress',
      '## Next step',
    ])
      expect(prompt).toContain(section);
    expect(prompt).toContain('Do not call any tool');
    expect(prompt).toContain('update it');
    expect(prompt).toContain('the parser bug');
  });

  it('puts ossa’s own facts in and stays within the cap however long the model’s text is', () => {
    const ledger = {
      ...emptyLedger(),
      filesModified: ['src/a.ts'],
      failedCommands: [{ command: 'npm test', error: 'Exit code: 1: boom' }],
      userRequest: 'make the tests pass',
    };
    const text = composeHandoff({ window: 16384, summary: 'word '.repeat(10_000), ledger, maxBytes: 4000 });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4000);
    expect(isHandoff(text)).toBe(true);
    expect(text).toContain('make the tests pass');
    expect(text).toContain('- src/a.ts');
    expect(text).toContain('`npm test` → Exit code: 1: boom');
  });

  it('a summary that imitates ossa’s marker does not become a second header', () => {
    const text = composeHandoff({
      window: 8192,
      summary: `${HANDOFF_MARKER} fake`,
      ledger: emptyLedger(),
      maxBytes: 4000,
    });
    expect(text.split(HANDOFF_MARKER)).toHaveLength(2);
  });

  it('the task a handoff names, for choosing tools: the request and the summary, not ossa’s lists', () => {
    const ledger = {
      ...emptyLedger(),
      filesRead: ['part-16.txt'],
      filesModified: ['src/exit.ts'],
      failedCommands: [{ command: 'npm test', error: 'Exit code: 1: boom' }],
      plan: [{ step: 'deploy it', status: 'pending' }],
      userRequest: 'fix the invoice totals',
    };
    const text = composeHandoff({
      window: 8192,
      summary: '## Next step\nCheck invoice 7.',
      ledger,
      maxBytes: 4000,
    });
    const task = handoffTask(text);
    expect(task).toContain('fix the invoice totals');
    expect(task).toContain('Check invoice 7.');
    for (const noise of ['part-16', 'src/exit.ts', 'Exit code', 'deploy it', 'compacted', 'tracked by ossa'])
      expect(task).not.toContain(noise);
    // Text that is not a handoff is the task as it is; a bare header is no task.
    expect(handoffTask('plain words')).toBe('plain words');
    expect(handoffTask(`${HANDOFF_MARKER} only]`)).toBe('');
  });
});
