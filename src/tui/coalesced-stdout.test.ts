import { describe, expect, it } from 'vitest';
import { coalescedStdout } from './coalesced-stdout.js';

const BEGIN = '\u001b[?2026h';
const END = '\u001b[?2026l';

function fakeStdout() {
  const writes: string[] = [];
  const stream = {
    columns: 120,
    isTTY: true,
    write(chunk: string, callback?: () => void) {
      writes.push(chunk);
      callback?.();
      return true;
    },
  };
  return { writes, stream: stream as unknown as NodeJS.WriteStream };
}

describe('coalescedStdout', () => {
  it('writes a synchronized frame in one call, at its end, in order', () => {
    const { writes, stream } = fakeStdout();
    const out = coalescedStdout(stream);
    out.write(BEGIN);
    out.write('\u001b[2K erase');
    out.write('static line\n');
    expect(writes).toEqual([]);
    out.write(END);
    expect(writes).toEqual([`${BEGIN}\u001b[2K erasestatic line\n${END}`]);
  });

  it('writes everything outside a frame at once, and a callback write after what waits', () => {
    const { writes, stream } = fakeStdout();
    const out = coalescedStdout(stream);
    out.write('\u001b[?25h');
    expect(writes).toEqual(['\u001b[?25h']);
    out.write(BEGIN);
    out.write('partial');
    let called = false;
    out.write('', () => {
      called = true;
    });
    expect(writes).toEqual(['\u001b[?25h', `${BEGIN}partial`, '']);
    expect(called).toBe(true);
  });

  it('passes everything else through to the stream', () => {
    const { stream } = fakeStdout();
    const out = coalescedStdout(stream);
    expect(out.columns).toBe(120);
    expect(out.isTTY).toBe(true);
  });

  it('does not hold a frame that never ends without bound', () => {
    const { writes, stream } = fakeStdout();
    const out = coalescedStdout(stream);
    out.write(BEGIN);
    out.write('x'.repeat(1_100_000));
    expect(writes.join('')).toHaveLength(BEGIN.length + 1_100_000);
  });
});
