import { describe, expect, it } from 'vitest';
import { ossaTools } from './corpus/load-corpus.js';
import { argumentsRefusal, renderShape } from './refusal.js';

const [shell, applyPatch, plan] = ossaTools();

describe('refusals', () => {
  it('renders the expected shape of each ossa tool', () => {
    expect(renderShape(shell!.parameters)).toBe(
      '{ command: string[]; workdir?: string; timeout_ms?: integer }',
    );
    expect(renderShape(applyPatch!.parameters)).toBe('{ input: string }');
    expect(renderShape(plan!.parameters)).toBe(
      '{ explanation?: string; plan: { step: string; status: "pending" | "in_progress" | "completed" }[] }',
    );
  });

  it('quotes the problem and what was sent, and shows a valid example', () => {
    const message = argumentsRefusal(plan!, '`plan[0].status` is required', '{"plan":[{"step":"x"}]}');
    expect(message).toBe(
      [
        'Tool call `update_plan` was not run: `plan[0].status` is required.',
        'You sent: {"plan":[{"step":"x"}]}',
        'Expected arguments for `update_plan` (a JSON object): { explanation?: string; plan: { step: string; status: "pending" | "in_progress" | "completed" }[] }',
        'Example: {"plan":[{"step":"...","status":"pending"}]}',
        'Call `update_plan` again with arguments in exactly this shape.',
      ].join('\n'),
    );
  });

  it('shortens a long quote', () => {
    const message = argumentsRefusal(
      shell!,
      'the JSON was cut off',
      `{"command": ["echo", "${'x'.repeat(1000)}`,
    );
    expect(message).toContain('… (1022 characters)');
  });
});
