// The long task's workspace, made for the real window at run time: part files whose total size is
// a multiple of the window, so reading them all must make the session compact, whatever the
// window. Each part holds one line `CODE <n>: <code>` near its top; the codes are deterministic,
// and the verify script gets them from a file outside the workspace.
import { UNCALIBRATED_BYTES_PER_TOKEN } from '../../protocol/token-estimate.js';

export interface WindowParts {
  files: Record<string, string>;
  /** The codes in part order. */
  codes: string[];
}

/** ossa's one uncalibrated estimate (protocol/token-estimate.ts). */
const BYTES_PER_TOKEN = UNCALIBRATED_BYTES_PER_TOKEN;
/** A part stays below the smallest tool-output cap (min(4096, 10 % W) tokens), so it enters history whole. */
const MAX_PART_TOKENS = 3000;
const MAX_PARTS = 200;

export const partName = (index: number) => `parts/part-${String(index).padStart(3, '0')}.txt`;

export function partCode(index: number): string {
  return `k${(Math.imul(index + 17, 2654435761) >>> 0).toString(36)}`;
}

export function windowParts(window: number, fraction: number, partFraction: number): WindowParts {
  const partTokens = Math.max(200, Math.min(MAX_PART_TOKENS, Math.round(window * partFraction)));
  const count = Math.min(MAX_PARTS, Math.ceil((window * fraction) / partTokens));
  const files: Record<string, string> = {};
  const codes: string[] = [];
  for (let index = 1; index <= count; index++) {
    const code = partCode(index);
    codes.push(code);
    files[partName(index)] = partText(index, code, partTokens * BYTES_PER_TOKEN);
  }
  return { files, codes };
}

function partText(index: number, code: string, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let line = 1; size < bytes; line++) {
    const text = `part ${index} record ${line}: sensor_${(index * 31 + line * 17) % 997} reading=${(index * 7919 + line * 104729) % 100000} status=${line % 5 === 0 ? 'warn' : 'ok'}`;
    lines.push(text);
    size += text.length + 1;
  }
  // Near the top: a tokenizer denser than ossa's guess may cap a part's output to its head and
  // tail (cap-output.ts), and the code must survive that.
  lines.splice(2, 0, `CODE ${index}: ${code}`);
  return `${lines.join('\n')}\n`;
}
