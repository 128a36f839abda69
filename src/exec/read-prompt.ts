// Where `ossa exec` gets its prompt: the argument, or stdin when the argument is `-` or absent.
// Piped stdin alongside a prompt is appended as a <stdin> block. A terminal is never read, so
// exec cannot hang waiting for someone to type.
import { fstatSync } from 'node:fs';
import { UsageError } from '../errors.js';

export interface PromptSource {
  arg: string | undefined;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; fd?: number };
  /** Called when stdin is slow to end, so the user knows why nothing happens. */
  onWaiting?: () => void;
  /** Stops waiting for stdin (rejects with the signal's reason). */
  signal?: AbortSignal;
}

function stdinIsReadable(stdin: PromptSource['stdin']): boolean {
  if (stdin.isTTY) return false;
  try {
    const stat = fstatSync(stdin.fd ?? 0);
    return stat.isFIFO() || stat.isFile() || stat.isSocket();
  } catch {
    return false;
  }
}

async function readAll(source: PromptSource): Promise<string> {
  const { stdin, onWaiting, signal } = source;
  signal?.throwIfAborted();
  const timer = onWaiting ? setTimeout(onWaiting, 1000) : undefined;
  const chunks: Buffer[] = [];
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  const read = (async () => {
    for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  })();
  // Destroying stdin after an abort may end the abandoned read with an error nobody awaits.
  read.catch(() => {});
  try {
    await Promise.race([read, aborted]);
  } finally {
    if (timer) clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    // An abandoned read must not hold the process open.
    if (signal?.aborted) (stdin as { destroy?: () => void }).destroy?.();
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readPrompt(source: PromptSource): Promise<string> {
  const fromStdin = source.arg === undefined || source.arg === '-';
  if (fromStdin) {
    if (!stdinIsReadable(source.stdin)) {
      throw new UsageError(
        'No prompt given. Pass it as an argument (`ossa exec "fix the failing test"`) or pipe it on stdin (`echo "…" | ossa exec -`).',
      );
    }
    const text = (await readAll(source)).trim();
    if (!text) throw new UsageError('The prompt read from stdin is empty.');
    return text;
  }
  const prompt = source.arg!.trim();
  if (!prompt) throw new UsageError('The prompt is empty.');
  if (!stdinIsReadable(source.stdin)) return prompt;
  const extra = await readAll(source);
  return extra.trim() ? `${prompt}\n\n<stdin>\n${extra.replace(/\n$/, '')}\n</stdin>` : prompt;
}
