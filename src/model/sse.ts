// Bytes → server-sent events. A streaming TextDecoder keeps multi-byte UTF-8 characters split
// across reads intact; eventsource-parser handles CRLF, comments (`: OPENROUTER PROCESSING`),
// multi-line `data:` and `event:` lines. Synchronous, so a whole network read is decoded without
// a promise per event.
import { createParser, type EventSourceParser } from 'eventsource-parser';

export interface SseMessage {
  /** The `event:` field, when the server sent one (Responses servers do; it repeats the JSON type). */
  event: string | undefined;
  data: string;
  /** True for an event completed only by the end of the body (no blank line after it). */
  atEof: boolean;
}

const TAIL_LIMIT = 300;

export class SseDecoder {
  readonly #decoder = new TextDecoder('utf-8');
  readonly #parser: EventSourceParser;
  #out: SseMessage[] = [];
  #atEof = false;
  #tail = '';
  #unknownLine: string | undefined;
  #bytes = 0;
  /** Where the current (unterminated) line stands: at its start, inside a `:` comment, or in data. */
  #line: 'start' | 'comment' | 'data' = 'start';
  #progress = false;
  #overflowed = false;

  /**
   * `maxBufferChars` bounds what waits for a line break or a blank line (one line, one event's
   * data): a server sending one endless line must not grow memory without end.
   */
  constructor(maxBufferChars?: number) {
    this.#parser = createParser({
      ...(maxBufferChars === undefined ? {} : { maxBufferSize: maxBufferChars }),
      onEvent: (event) => {
        this.#out.push({ event: event.event, data: event.data, atEof: this.#atEof });
      },
      onError: (error) => {
        if (error.type === 'max-buffer-size-exceeded') {
          this.#overflowed = true;
          return;
        }
        // A line that is not SSE (a raw JSON error, an HTML page): kept (a copied, bounded
        // prefix, not a slice that pins a huge line) for the error message.
        this.#unknownLine ??= copyPrefix(error.line ?? error.message, 1000);
      },
    });
  }

  /** Number of body bytes seen so far. */
  get bytesSeen(): number {
    return this.#bytes;
  }

  /** The unterminated text after the last line break (what a truncated stream was cut in). */
  get partialLine(): string {
    return this.#tail;
  }

  /** True once a line or an event outgrew `maxBufferChars`; nothing more is decoded. */
  get overflowed(): boolean {
    return this.#overflowed;
  }

  /** The first line that was not valid SSE, if any. */
  get firstNonSseLine(): string | undefined {
    return this.#unknownLine;
  }

  /**
   * True when the last read carried anything besides `:` comment lines and blank lines. Keep-alive
   * comments (`: ping`) prove the connection is open, not that the reply advances: they must not
   * hold off the idle timeout forever.
   */
  get lastReadWasProgress(): boolean {
    return this.#progress;
  }

  /** Decodes one network read; returns the events it completed. */
  push(chunk: Uint8Array): SseMessage[] {
    if (this.#overflowed) return EMPTY;
    this.#bytes += chunk.byteLength;
    const text = this.#decoder.decode(chunk, { stream: true });
    this.#progress = this.#scanProgress(text);
    this.#feed(text);
    return this.#drain();
  }

  #scanProgress(text: string): boolean {
    let progress = false;
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (char === '\n' || char === '\r') {
        this.#line = 'start';
        continue;
      }
      if (this.#line === 'start') this.#line = char === ':' ? 'comment' : 'data';
      if (this.#line === 'data') progress = true;
      // The rest of the line does not change its kind: skip to its end.
      const lf = text.indexOf('\n', i);
      const cr = text.indexOf('\r', i);
      const end = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      if (end < 0) break;
      i = end - 1;
    }
    return progress;
  }

  /**
   * The body ended: flushes the decoder and dispatches an event that was still waiting for its
   * blank line (several servers and fixtures end with a single `\n`).
   */
  end(): SseMessage[] {
    if (this.#overflowed) return EMPTY;
    this.#feed(this.#decoder.decode());
    this.#atEof = true;
    this.#parser.feed('\n\n');
    return this.#drain();
  }

  #feed(text: string): void {
    if (text === '') return;
    let lastBreak = text.lastIndexOf('\n');
    // Only the text after the last LF can hold a later (lone) CR; avoids scanning every read twice.
    if (text.indexOf('\r', lastBreak + 1) !== -1) lastBreak = text.lastIndexOf('\r');
    if (lastBreak === -1) {
      if (this.#tail.length < TAIL_LIMIT) this.#tail += text.slice(0, TAIL_LIMIT - this.#tail.length);
    } else {
      this.#tail = text.slice(lastBreak + 1, lastBreak + 1 + TAIL_LIMIT);
    }
    if (!this.#overflowed) this.#parser.feed(text);
  }

  #drain(): SseMessage[] {
    if (this.#out.length === 0) return EMPTY;
    const out = this.#out;
    this.#out = [];
    return out;
  }
}

const EMPTY: SseMessage[] = [];

/** The first `max` characters as a string of their own (a slice would keep the whole alive). */
function copyPrefix(text: string, max: number): string {
  return Buffer.from(text.slice(0, max)).toString();
}
