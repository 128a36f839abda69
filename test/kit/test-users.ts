// Who the sandbox tests run as: the current user, and — when that is root — an unprivileged one
// too, since bubblewrap behaves differently without root (user namespaces, capabilities).
import { spawnSync } from 'node:child_process';
import { chownSync, readFileSync } from 'node:fs';

export interface TestUser {
  name: string;
  /** Undefined: the user the tests run as. */
  runAs?: { uid: number; gid: number };
}

/** An existing unprivileged account (the first with uid >= 1000, else `nobody`). */
function unprivilegedAccount(): { uid: number; gid: number; name: string } | undefined {
  let passwd: string;
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return undefined;
  }
  const accounts = passwd
    .split('\n')
    .map((line) => line.split(':'))
    .filter((fields) => fields.length >= 7)
    .map(([name, , uid, gid]) => ({ name: name!, uid: Number(uid), gid: Number(gid) }));
  return (
    accounts.find((account) => account.uid >= 1000 && account.uid < 60000) ??
    accounts.find((account) => account.name === 'nobody')
  );
}

export function testUsers(): TestUser[] {
  const users: TestUser[] = [{ name: process.getuid?.() === 0 ? 'root' : 'current user' }];
  if (process.getuid?.() === 0) {
    const account = unprivilegedAccount();
    if (account && canRunAs(account)) {
      users.push({ name: account.name, runAs: { uid: account.uid, gid: account.gid } });
    }
  }
  return users;
}

/**
 * Whether a process of `account` can do what every spawn needs: open /dev/null. Some container
 * hosts deny device access to other users (EACCES on /dev/null); the tests as that user are then
 * left out, with a notice, instead of failing on the machine rather than on ossa.
 */
function canRunAs(account: { uid: number; gid: number; name: string }): boolean {
  const probe = spawnSync('setpriv', [
    ...['--reuid', String(account.uid), '--regid', String(account.gid), '--clear-groups'],
    ...['sh', '-c', ': </dev/null'],
  ]);
  if (probe.status === 0) return true;
  if (!noticeShown) {
    noticeShown = true;
    process.stderr.write(
      `note: tests as the unprivileged user ${account.name} are skipped: it cannot open /dev/null on this machine\n`,
    );
  }
  return false;
}
let noticeShown = false;

/** Gives `paths` to the test user (a no-op for the current user). */
export function giveTo(user: TestUser, ...paths: string[]): void {
  if (!user.runAs) return;
  for (const path of paths) chownSync(path, user.runAs.uid, user.runAs.gid);
}
