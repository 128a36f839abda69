// Who the sandbox tests run as: the current user, and — when that is root — an unprivileged one
// too, since bubblewrap behaves differently without root (user namespaces, capabilities).
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
    if (account) users.push({ name: account.name, runAs: { uid: account.uid, gid: account.gid } });
  }
  return users;
}

/** Gives `paths` to the test user (a no-op for the current user). */
export function giveTo(user: TestUser, ...paths: string[]): void {
  if (!user.runAs) return;
  for (const path of paths) chownSync(path, user.runAs.uid, user.runAs.gid);
}
