// Nothing a command starts outlives ossa. Every command runs in its own process group (spawn.ts)
// and carries OSSA_COMMAND_ID=<run>.<n> in its environment, which its descendants inherit — also
// those that leave the group with setsid, double-fork or nohup. Three moments reap them:
//  - when a command ends (or is stopped), everything carrying its id is killed;
//  - when ossa exits (normally, process.exit, a signal it handles), every live group and every
//    process carrying this run's ids is killed, synchronously, in the 'exit' handler;
//  - when ossa is killed with SIGKILL (no code of ours runs), a small watchdog started with the
//    first command notices — its stdin, a pipe from ossa, reaches end-of-file — and does the same.
// Finding processes by environment reads /proc (Linux). Elsewhere only the process groups are
// killed. A process that clears its environment and leaves the group escapes (docs/sandbox.md).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

export const COMMAND_ID_VARIABLE = 'OSSA_COMMAND_ID';

/** This ossa process's prefix of command ids. */
const RUN_ID = `${process.pid}-${randomBytes(6).toString('hex')}`;
let counter = 0;
const liveGroups = new Set<number>();
let exitHookInstalled = false;
let watchdogStarted = false;

/** A fresh id for one command: put it in the command's environment as COMMAND_ID_VARIABLE. */
export function newCommandId(): string {
  counter += 1;
  return `${RUN_ID}.${counter}`;
}

/** Records a command's process group, killed when ossa exits while it is still alive. */
export function trackGroup(pgid: number): void {
  liveGroups.add(pgid);
  installExitHook();
  startWatchdog();
}

export function untrackGroup(pgid: number): void {
  liveGroups.delete(pgid);
}

/** Commands younger than this are scanned from their own pid up (see `sincePid`). */
export const PID_ORDER_TRUSTED_MS = 60_000;

export interface KillTaggedOptions {
  /** Any id that starts with `commandId` (this whole run's commands). */
  prefix?: boolean;
  /**
   * The pid of the command's first process: whatever carries its id was started after it, and
   * Linux hands out pids in increasing order, so lower pids are skipped — unless the counter has
   * wrapped since (the last pid handed out is below this one), when every process is read. Only
   * for commands that ran under PID_ORDER_TRUSTED_MS: the counter cannot go all the way round
   * (pid_max, 4 million by default) in that time. Saves reading every process's environment
   * (about 5 ms per command on a busy machine).
   */
  sincePid?: number;
}

/**
 * SIGKILLs every process whose environment carries `commandId` (or, with `prefix`, any id that
 * starts with it), a few rounds while new ones appear. Returns how many were killed.
 */
export function killTagged(commandId: string, options: KillTaggedOptions = {}): number {
  if (process.platform !== 'linux') return 0;
  const needle = Buffer.from(`${COMMAND_ID_VARIABLE}=${commandId}${options.prefix ? '' : '\0'}`);
  const lowestPid = lowestPidToRead(options.sincePid);
  let killed = 0;
  for (let round = 0; round < 5; round++) {
    let found = 0;
    for (const pid of taggedPids(needle, lowestPid)) {
      try {
        process.kill(pid, 'SIGKILL');
        found++;
      } catch {
        // Gone already, or not ours.
      }
    }
    killed += found;
    if (found === 0) break;
  }
  return killed;
}

/** `sincePid` when the pid counter has not wrapped past it since, else 0 (read every process). */
function lowestPidToRead(sincePid: number | undefined): number {
  if (sincePid === undefined) return 0;
  try {
    const lastPid = Number(readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8').trim());
    return Number.isInteger(lastPid) && lastPid >= sincePid ? sincePid : 0;
  } catch {
    return 0;
  }
}

function taggedPids(needle: Buffer, lowestPid: number): number[] {
  const pids: number[] = [];
  // Entries are NUL-separated: the variable starts the file or follows a NUL.
  const afterNul = Buffer.concat([Buffer.from([0]), needle]);
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid < lowestPid || pid === process.pid) continue;
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${entry}/environ`);
    } catch {
      continue; // another user's process, or gone
    }
    if (environ.subarray(0, needle.length).equals(needle) || environ.includes(afterNul)) pids.push(pid);
  }
  return pids;
}

/** Kills what this run started: every live group, every tagged process. Synchronous. */
export function reapAll(): void {
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  liveGroups.clear();
  killTagged(`${RUN_ID}.`, { prefix: true });
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', reapAll);
}

/**
 * The watchdog for a SIGKILLed ossa: `sh`, in its own session (terminal signals do not reach it),
 * ignoring the usual signals, waits for end-of-file on stdin — the write end is held by ossa alone
 * and closes whatever way ossa ends — then kills every process carrying this run's ids.
 */
function startWatchdog(): void {
  if (watchdogStarted || process.platform !== 'linux') return;
  watchdogStarted = true;
  const script = [
    "trap '' INT HUP TERM QUIT PIPE",
    'cat >/dev/null',
    'for round in 1 2 3 4 5; do',
    '  found=',
    '  for f in /proc/[0-9]*/environ; do',
    '    if grep -qsz -- "^$OSSA_REAP" "$f"; then',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
    '      p=${f#/proc/}; kill -9 "${p%/environ}" 2>/dev/null && found=1',
    '    fi',
    '  done',
    '  [ -z "$found" ] && break',
    'done',
  ].join('\n');
  try {
    const watchdog = spawn('/bin/sh', ['-c', script], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      // Not OSSA_COMMAND_ID itself: the watchdog must not match its own pattern.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', OSSA_REAP: `${COMMAND_ID_VARIABLE}=${RUN_ID}\\.` },
    });
    watchdog.on('error', () => {});
    watchdog.unref();
    // The pipe must not keep ossa alive; it closes when ossa's process ends.
    (watchdog.stdin as unknown as { unref?: () => void }).unref?.();
    watchdog.stdin?.on('error', () => {});
  } catch {
    // No /bin/sh: the exit hook still reaps everything but a SIGKILLed ossa's commands.
  }
}
