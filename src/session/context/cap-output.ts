// Stage 0 of context management, applied to every tool output before it enters history: an
// output longer than the cap (a fraction of the window) keeps its head and tail — the start says
// what ran, the end how it finished — and says in its place how much was dropped and how to see
// it. Tools that cap their own output (the shell keeps head and tail while it reads) are given
// the same budget, so this is the guard for everything else.

export interface CapResult {
  output: string;
  /** Bytes left out (0 when the output fitted). */
  droppedBytes: number;
}

/** Room for the marker, so the capped output stays within the cap. */
const MARKER_ROOM = 360;

/** Keeps at most `maxBytes` bytes of `output`: head and tail, with a marker between. */
export function capToolOutput(output: string, maxBytes: number): CapResult {
  const bytes = Buffer.byteLength(output);
  if (bytes <= maxBytes) return { output, droppedBytes: 0 };
  const buffer = Buffer.from(output);
  // Cut points move to character boundaries, so no character is split into replacement marks.
  const room = Math.max(0, maxBytes - MARKER_ROOM);
  let headEnd = Math.floor(room * 0.6);
  while (headEnd > 0 && isContinuation(buffer[headEnd])) headEnd--;
  let tailStart = bytes - (room - Math.floor(room * 0.6));
  while (tailStart < bytes && isContinuation(buffer[tailStart])) tailStart++;
  const head = buffer.subarray(0, headEnd).toString('utf8');
  const tail = buffer.subarray(tailStart).toString('utf8');
  const dropped = tailStart - headEnd;
  const lines = countLines(buffer.subarray(headEnd, tailStart));
  const marker =
    `[… ossa left out ${dropped} bytes (${lines} lines) in the middle of this output to fit the context window. ` +
    'To see them, run the command again with its output narrowed: a line range (`sed -n START,ENDp FILE`), ' +
    '`grep -n PATTERN`, `head`/`tail`, or redirect it to a file and read that in parts. …]';
  const before = head.endsWith('\n') || head === '' ? head : `${head}\n`;
  const after = tail.startsWith('\n') || tail === '' ? tail : `\n${tail}`;
  return { output: `${before}${marker}${after}`, droppedBytes: dropped };
}

const isContinuation = (byte: number | undefined) => byte !== undefined && (byte & 0xc0) === 0x80;

function countLines(bytes: Buffer): number {
  let lines = 0;
  for (const byte of bytes) if (byte === 0x0a) lines++;
  return lines;
}
