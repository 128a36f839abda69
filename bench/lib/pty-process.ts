// A command in a real pseudo-terminal (util-linux `script`) for benchmarks: every byte it writes
// to the terminal is counted, and its CPU time and memory are read from /proc while it runs.
// Linux only (`available()` says whether it can run here).
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Ink (and most TUIs) wrap each frame in this "begin synchronized update" sequence. */
export const FRAME_START = '\u001b[?2026h';

export function ptyAvailable(): boolean {
  return process.platform === 'linux' && spawnSync('script', ['--version']).status === 0;
}

function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Clock ticks per second for /proc/<pid>/stat (USER_HZ; 100 on every Linux we run on). */
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

export interface ProcessSample {
  /** User + system CPU seconds so far. */
  cpuSeconds: number;
  /** Resident memory now, MiB. */
  rssMiB: number;
  /** Bytes written to the terminal so far. */
  bytes: number;
  /** Frames started so far (FRAME_START sequences). */
  frames: number;
}

export class PtyProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private text = '';
  private bytes = 0;
  private frames = 0;
  /** The tail kept to find a FRAME_START split across two reads. */
  private carry = '';
  readonly closed: Promise<number | null>;

  constructor(
    argv: string[],
    options: { env: NodeJS.ProcessEnv; cwd: string; columns?: number; rows?: number },
  ) {
    const command = `stty cols ${options.columns ?? 100} rows ${options.rows ?? 30}; exec ${argv.map(quote).join(' ')}`;
    this.child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: options.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.bytes += chunk.length;
      const text = chunk.toString('latin1');
      const scan = this.carry + text;
      this.frames += scan.split(FRAME_START).length - 1 - (this.carry.split(FRAME_START).length - 1);
      this.carry = scan.slice(-FRAME_START.length + 1);
      this.text += text;
      if (this.text.length > 4_000_000) this.text = this.text.slice(-1_000_000);
    });
    this.child.stderr.resume();
    this.closed = new Promise((resolve) => this.child.on('close', resolve));
  }

  /** What the terminal received, as latin1 (escape sequences included); the last MB or so. */
  output(): string {
    return this.text;
  }

  write(keys: string): void {
    this.child.stdin.write(keys);
  }

  async waitFor(predicate: (output: string) => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.text)) {
      if (Date.now() > deadline || this.child.exitCode !== null) {
        throw new Error(`no ${what} within ${timeoutMs} ms; output so far:\n${this.text.slice(-2000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Resolves once nothing was written for `quietMs` (a UI that stopped redrawing). */
  async waitQuiet(quietMs: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = this.bytes;
    let since = Date.now();
    while (Date.now() - since < quietMs) {
      if (Date.now() > deadline) throw new Error(`output never went quiet for ${quietMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (this.bytes !== last) {
        last = this.bytes;
        since = Date.now();
      }
    }
  }

  /** The process `script` runs (the command after `exec`). */
  private commandPid(): number {
    const children = readFileSync(`/proc/${this.child.pid}/task/${this.child.pid}/children`, 'utf8').trim();
    const pid = Number(children.split(/\s+/)[0]);
    if (!Number.isInteger(pid) || pid <= 0) throw new Error('the command in the pty is not running');
    return pid;
  }

  sample(): ProcessSample {
    const pid = this.commandPid();
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? Number.NaN);
    return { cpuSeconds: ticks / CLOCK_TICKS, rssMiB: rssKb / 1024, bytes: this.bytes, frames: this.frames };
  }

  /** Kills the command and `script` (a killed `script` alone would leave the command running). */
  kill(): void {
    try {
      process.kill(this.commandPid(), 'SIGKILL');
    } catch {
      // already gone
    }
    this.child.kill('SIGKILL');
  }
}
