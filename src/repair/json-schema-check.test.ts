import { describe, expect, it } from 'vitest';
import { ossaTools } from './corpus/load-corpus.js';
import { checkAgainstSchema } from './json-schema-check.js';

const [shell, , plan] = ossaTools();

describe('checkAgainstSchema', () => {
  it('accepts valid arguments', () => {
    expect(checkAgainstSchema({ command: ['ls'], workdir: 'src', timeout_ms: 5 }, shell!.parameters)).toEqual(
      [],
    );
    expect(checkAgainstSchema({ plan: [{ step: 'a', status: 'pending' }] }, plan!.parameters)).toEqual([]);
  });

  it('names the path of every problem', () => {
    expect(checkAgainstSchema({ command: [], timeout_ms: 1.5, cwd: 'x' }, shell!.parameters)).toEqual([
      { path: 'command', message: 'must have at least 1 item' },
      { path: 'timeout_ms', message: 'expected integer, got number 1.5' },
      { path: 'cwd', message: 'is not an allowed property (allowed: command, workdir, timeout_ms)' },
    ]);
    expect(
      checkAgainstSchema({ plan: [{ step: 'a', status: 'done' }, { status: 'pending' }] }, plan!.parameters),
    ).toEqual([
      {
        path: 'plan[0].status',
        message: 'must be one of "pending", "in_progress", "completed", got string "done"',
      },
      { path: 'plan[1].step', message: 'is required' },
    ]);
    expect(checkAgainstSchema({ timeout_ms: 0 }, shell!.parameters)).toEqual([
      { path: 'command', message: 'is required' },
      { path: 'timeout_ms', message: 'must be > 0, got 0' },
    ]);
  });

  it('follows local $refs and anyOf', () => {
    const schema = {
      type: 'object',
      properties: { when: { anyOf: [{ type: 'null' }, { $ref: '#/$defs/date' }] } },
      $defs: { date: { type: 'string', minLength: 10 } },
    };
    expect(checkAgainstSchema({ when: null }, schema)).toEqual([]);
    expect(checkAgainstSchema({ when: '2026-01-01' }, schema)).toEqual([]);
    expect(checkAgainstSchema({ when: 'soon' }, schema)).toEqual([
      { path: 'when', message: 'does not match any allowed shape, got string "soon"' },
    ]);
  });
});
