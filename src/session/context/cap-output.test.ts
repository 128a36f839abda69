import { describe, expect, it } from 'vitest';
import { capToolOutput } from './cap-output.js';

describe('capToolOutput (stage 0)', () => {
  it('leaves output within the cap untouched', () => {
    expect(capToolOutput('short\n', 1000)).toEqual({ output: 'short\n', droppedBytes: 0 });
  });

  it('keeps head and tail within the cap and says what was dropped and how to see it', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n');
    const { output, droppedBytes } = capToolOutput(lines, 2000);
    expect(Buffer.byteLength(output)).toBeLessThanOrEqual(2000);
    expect(output.startsWith('line 0\n')).toBe(true);
    expect(output.endsWith('line 1999')).toBe(true);
    expect(droppedBytes).toBeGreaterThan(10_000);
    expect(output).toContain(`left out ${droppedBytes} bytes`);
    expect(output).toMatch(/sed -n START,ENDp/);
  });

  it('never splits a multi-byte character at either cut', () => {
    const text = 'é'.repeat(5000) + '😀'.repeat(5000);
    const { output } = capToolOutput(text, 1500);
    expect(output).not.toContain('\uFFFD');
  });
});
