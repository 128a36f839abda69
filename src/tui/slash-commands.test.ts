import { describe, expect, it } from 'vitest';
import { classifyInput } from './slash-commands.js';

describe('classifyInput', () => {
  it('a known command runs, an unknown /word is not a task', () => {
    expect(classifyInput('/debug-config')).toMatchObject({ kind: 'command', invocation: { arg: '' } });
    expect(classifyInput('/profile fast')).toMatchObject({ kind: 'command', invocation: { arg: 'fast' } });
    expect(classifyInput('/nope')).toEqual({ kind: 'unknown', name: 'nope' });
  });

  it('//text and a leading space send the text; paths are text', () => {
    expect(classifyInput('//debug-config')).toEqual({ kind: 'text', text: '/debug-config' });
    expect(classifyInput(' /nope')).toEqual({ kind: 'text', text: ' /nope' });
    expect(classifyInput('/usr/bin is slow')).toEqual({ kind: 'text', text: '/usr/bin is slow' });
  });
});
