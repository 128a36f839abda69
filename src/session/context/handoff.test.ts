import { describe, expect, it } from 'vitest';
import { composeHandoff, summaryPrompt } from './handoff.js';
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
});
