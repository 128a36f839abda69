// GPT-2 style byte-level BPE spelling (used by the Qwen2 vocabulary): every byte maps to one
// printable character, so " world" is spelled "Ġworld" and "\n" is "Ċ" in the token list.

function byteToChar(): string[] {
  const table: string[] = new Array(256);
  let extra = 0;
  for (let byte = 0; byte < 256; byte++) {
    const printable =
      (byte >= 33 && byte <= 126) || (byte >= 161 && byte <= 172) || (byte >= 174 && byte <= 255);
    table[byte] = String.fromCodePoint(printable ? byte : 256 + extra++);
  }
  return table;
}

const TABLE = byteToChar();

/** The byte-level spelling of `text` (UTF-8 bytes, one character each). */
export function byteLevel(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) out += TABLE[byte];
  return out;
}
