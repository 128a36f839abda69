import { describe, expect, it } from 'vitest';
import { subcommandTypo } from './subcommand-typo.js';

describe('subcommandTypo', () => {
  it('a one-word prompt one edit from a subcommand', () => {
    expect(subcommandTypo('doctr')).toBe('doctor');
    expect(subcommandTypo('modles')).toBe('models');
    expect(subcommandTypo('inti')).toBe('init');
  });

  it('leaves real tasks, exact names and short words alone', () => {
    expect(subcommandTypo('fix the doctr typo')).toBeUndefined();
    expect(subcommandTypo('doctor')).toBeUndefined();
    expect(subcommandTypo('map')).toBeUndefined();
    expect(subcommandTypo('refactor')).toBeUndefined();
  });
});
