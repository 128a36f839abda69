// Knowing when a bubblewrap sandbox is really gone. When bwrap is killed, the kernel tears down
// its pid namespace — killing every process in it — shortly *after* bwrap itself has exited. To
// report "finished" only once nothing is left, bwrap writes the pid of the namespace's init
// process to an info fd (`--info-fd`), and we wait for that process to end: the kernel lets a
// namespace's init finish exiting only after every other process in the namespace is reaped.
import type { Readable, Writable } from 'node:stream';

/** The fd number bwrap writes its info JSON to (the spawner opens a pipe there). */
export const BWRAP_INFO_FD = 3;
/** The fd bwrap reads the seccomp socket filter from (seccomp-socket-filter.ts). */
export const BWRAP_SECCOMP_FD = 4;

/** Reads bwrap's info JSON (`{"child-pid": N, …}`) to its end; undefined when there is none. */
export function readChildPid(stream: Readable): Promise<number | undefined> {
  return new Promise((resolve) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
    });
    stream.on('error', () => resolve(undefined));
    stream.on('close', () => {
      const match = /"child-pid"\s*:\s*(\d+)/.exec(text);
      resolve(match?.[1] ? Number(match[1]) : undefined);
    });
  });
}

/** The stdio entries after stdin/stdout/stderr that bwrap needs: its info fd and its seccomp fd. */
export function bwrapExtraStdio(prepared: {
  infoFd?: number;
  seccomp?: { fd: number };
}): ('pipe' | 'ignore')[] {
  const extra: ('pipe' | 'ignore')[] = [];
  if (prepared.infoFd !== undefined) extra[prepared.infoFd - 3] = 'pipe';
  if (prepared.seccomp) extra[prepared.seccomp.fd - 3] = 'pipe';
  return Array.from(extra, (entry) => entry ?? 'ignore');
}

/** Writes the seccomp filter into the pipe bwrap reads it from (it reads to the end, then starts). */
export function feedSeccompFilter(
  stdio: readonly unknown[],
  prepared: { seccomp?: { fd: number; filter: Buffer } },
): void {
  if (!prepared.seccomp) return;
  const pipe = stdio[prepared.seccomp.fd] as Writable | null | undefined;
  pipe?.on('error', () => {}); // bwrap failed before reading: its stderr says why
  pipe?.end(prepared.seccomp.filter);
}
