// Waiting until killed processes are really gone, so that "the command finished" also means
// "nothing it started is still running". Signals are delivered asynchronously: a process that
// was sent SIGKILL can still be listed for a moment afterwards.
import { readdirSync, readFileSync } from 'node:fs';

const POLL_MS = 5;

/** Resolves once `pid` has exited (gone, or a zombie), or after `limitMs`. */
export async function waitUntilExited(pid: number, limitMs = 2000): Promise<void> {
  await pollUntil(() => !isRunning(pid), limitMs);
}

/** Resolves once no process of group `pgid` can be signalled any more, or after `limitMs`. */
export async function waitUntilGroupGone(pgid: number, limitMs = 2000): Promise<void> {
  await pollUntil(() => !groupExists(pgid), limitMs);
}

async function pollUntil(done: () => boolean, limitMs: number): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (!done() && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function isRunning(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // Field 3 follows the parenthesised command name, which may itself contain spaces or ')'.
  const state = stat.charAt(stat.lastIndexOf(')') + 2);
  return state !== 'Z' && state !== 'X';
}

function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    // EPERM: members exist but belong to someone else — still there.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed member whose parent died is a zombie until init reaps it, and an init that is slow
  // to reap (a container's) would hold the wait to its limit: zombies have ended, they do not count.
  return process.platform !== 'linux' || groupHasLiveMember(pgid);
}

function groupHasLiveMember(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const entry of entries) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // After the parenthesised name: state, ppid, pgrp.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ', 3);
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}
