// One terminal write per frame. Ink writes a frame in pieces (begin-synchronized-update, erase,
// static output, the redrawn area, end-synchronized-update), and every write to a terminal is a
// system call the terminal then processes on its own: about 4 per frame while a reply streams.
// This stream stands in for stdout and holds what is written between the begin and the end of
// a synchronized update, writing it at the end in one call. Everything else is written at once,
// so nothing waits for a later tick (an exit handler's last write is never lost).

/** DEC mode 2026: the terminal draws what comes between these two as one frame. */
const BEGIN_FRAME = '\u001b[?2026h';
const END_FRAME = '\u001b[?2026l';
/** A frame that never ends is written out once this much of it waits. */
const MAX_HELD_CHARS = 1_000_000;

/** `stdout` with each synchronized frame written in one call; everything else is the stream's own. */
export function coalescedStdout(stdout: NodeJS.WriteStream): NodeJS.WriteStream {
  let held: string[] = [];
  let heldChars = 0;
  const flush = () => {
    if (held.length === 0) return;
    const data = held.join('');
    held = [];
    heldChars = 0;
    stdout.write(data);
  };
  const write = (chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: unknown): boolean => {
    const withCallback = typeof encodingOrCallback === 'function' || typeof callback === 'function';
    if (typeof chunk !== 'string' || withCallback || (held.length === 0 && !chunk.startsWith(BEGIN_FRAME))) {
      flush();
      return stdout.write(chunk, encodingOrCallback as BufferEncoding, callback as () => void);
    }
    held.push(chunk);
    heldChars += chunk.length;
    if (chunk.endsWith(END_FRAME) || heldChars > MAX_HELD_CHARS) flush();
    return true;
  };
  return new Proxy(stdout, {
    get(target, property) {
      if (property === 'write') return write;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
