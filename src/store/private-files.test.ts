// Session files are private: 0600 files in 0700 directories, also when umask is 000 and when
// the file or its directories already existed with looser modes. Real files, real modes.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionFile } from './session-file.js';

let home: string;
let umask: number;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'ossa-private-'));
  umask = process.umask(0o000);
});
afterEach(() => {
  process.umask(umask);
  rmSync(home, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;
const meta = {
  id: 'abc',
  createdAt: '2026-01-02T03:04:05.000Z',
  cwd: '/w',
  model: 'm',
  provider: 'p',
  ossaVersion: 't',
};

describe('session file privacy', () => {
  it('a new session under umask 000 is 0600 in 0700 directories', () => {
    const file = SessionFile.create(home, meta);
    file.append({ type: 'item', item: { type: 'message', role: 'user', content: 'secret' } as never });
    expect(mode(file.path)).toBe(0o600);
    for (const dir of ['sessions', 'sessions/2026', 'sessions/2026/01', 'sessions/2026/01/02']) {
      expect(mode(join(home, dir)), dir).toBe(0o700);
    }
  });

  it('an existing world-readable session and its directories are tightened on resume', () => {
    const dir = join(home, 'sessions', '2026', '01', '02');
    mkdirSync(dir, { recursive: true, mode: 0o777 });
    for (const part of ['sessions', 'sessions/2026', 'sessions/2026/01', 'sessions/2026/01/02']) {
      chmodSync(join(home, part), 0o777);
    }
    const path = join(dir, 'old.jsonl');
    writeFileSync(path, `${JSON.stringify({ type: 'meta', ...meta })}\n`, { mode: 0o644 });
    chmodSync(path, 0o644);
    SessionFile.open(path).append({ type: 'event', event: { type: 'turn-start', turnId: 't' } as never });
    expect(mode(path)).toBe(0o600);
    for (const part of ['sessions', 'sessions/2026', 'sessions/2026/01', 'sessions/2026/01/02']) {
      expect(mode(join(home, part)), part).toBe(0o700);
    }
  });
});
