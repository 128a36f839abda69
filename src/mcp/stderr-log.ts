// A server's stderr goes to its log file (appended, capped so a chatty server cannot fill the
// disk) and its last lines are kept for error messages. Nothing of it reaches the terminal.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Stream } from 'node:stream';

/** Bytes one session writes to one server's log at most. */
export const MAX_LOG_BYTES = 4 * 1024 * 1024;
const TAIL_BYTES = 600;

export class StderrLog {
  #fd: number | undefined;
  #written = 0;
  #tail = '';

  constructor(
    readonly file: string,
    server: string,
  ) {
    try {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      this.#fd = openSync(file, 'a', 0o600);
      this.#write(`--- ${new Date().toISOString()} ossa starts MCP server ${server}\n`);
    } catch {
      // No log (read-only home): stderr is still kept for messages.
      this.#fd = undefined;
    }
  }

  attach(stream: Stream | null): void {
    stream?.on('data', (chunk: Buffer | string) => {
      const text = chunk.toString();
      this.#tail = (this.#tail + text).slice(-TAIL_BYTES);
      this.#write(text);
    });
  }

  /** The last stderr output on one line, control characters removed. */
  tail(): string {
    return this.#tail
      .split(/\r?\n/)
      .map((line) => line.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim())
      .filter(Boolean)
      .slice(-3)
      .join(' | ');
  }

  close(): void {
    if (this.#fd === undefined) return;
    try {
      closeSync(this.#fd);
    } catch {
      // already closed
    }
    this.#fd = undefined;
  }

  #write(text: string): void {
    if (this.#fd === undefined || this.#written >= MAX_LOG_BYTES) return;
    const bytes = Buffer.from(text);
    const room = MAX_LOG_BYTES - this.#written;
    try {
      writeSync(this.#fd, room >= bytes.length ? bytes : bytes.subarray(0, room));
      this.#written += Math.min(room, bytes.length);
      if (this.#written >= MAX_LOG_BYTES) writeSync(this.#fd, '\n--- log capped; later stderr dropped\n');
    } catch {
      this.close();
    }
  }
}
