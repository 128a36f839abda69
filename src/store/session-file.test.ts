import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSession, SessionFile, SessionWriteError } from './session-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ossa-session-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const meta = {
  type: 'meta',
  id: 's1',
  createdAt: '2025-01-01T00:00:00.000Z',
  cwd: '/w',
  model: 'm',
  provider: 'p',
  ossaVersion: '0',
};
const item = (text: string) => ({ type: 'item', item: { type: 'message', role: 'user', text } });

describe('session files with a torn last line (kill -9, full disk)', () => {
  it('stay resumable however often they are resumed and appended to', () => {
    const path = join(dir, 's.jsonl');
    writeFileSync(
      path,
      `${JSON.stringify(meta)}\n${JSON.stringify(item('one'))}\n{"type":"item","item":{"type":"mes`,
    );
    for (const text of ['two', 'three', 'four']) {
      const loaded = loadSession(path);
      SessionFile.open(path).append(item(text) as never);
      expect(loaded.meta.id).toBe('s1');
    }
    const final = loadSession(path);
    expect(final.items.map((i) => (i as { text: string }).text)).toEqual(['one', 'two', 'three', 'four']);
    expect(final.tornLines).toEqual([]);
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
  });

  it('loads a file an older version appended to after a torn line, keeping the glued record', () => {
    const path = join(dir, 'old.jsonl');
    writeFileSync(
      path,
      `${JSON.stringify(meta)}\n${JSON.stringify(item('one'))}\n{"type":"item","item":{"ty${JSON.stringify(item('two'))}\n${JSON.stringify(item('three'))}\n{"typ`,
    );
    const loaded = loadSession(path);
    expect(loaded.items.map((i) => (i as { text: string }).text)).toEqual(['one', 'two', 'three']);
    expect(loaded.tornLines).toEqual([5]);
  });
});

describe.skipIf(!existsSync('/dev/full'))('a full disk', () => {
  it('is a SessionWriteError naming the file and the free-space problem', () => {
    const file = SessionFile.open('/dev/full');
    let error: unknown;
    try {
      file.append(item('x') as never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SessionWriteError);
    expect((error as Error).message).toMatch(
      /Cannot save the session to \/dev\/full: the disk is full \(ENOSPC/,
    );
  });
});

describe('session files and compaction', () => {
  it('a resumed session continues from the compacted history, with the ledger of the compaction', () => {
    const home = mkdtempSync(join(tmpdir(), 'ossa-store-'));
    const file = SessionFile.create(home, {
      id: 'abc',
      createdAt: '2026-01-02T03:04:05.000Z',
      cwd: '/w',
      model: 'm',
      provider: 'p',
      ossaVersion: 't',
    });
    file.append({ type: 'item', item: { type: 'message', role: 'user', text: 'old 1' } });
    file.append({ type: 'item', item: { type: 'message', role: 'assistant', text: 'old 2' } });
    const handoff = { type: 'message' as const, role: 'user' as const, text: '[ossa: summary]' };
    file.append({ type: 'compaction', items: [handoff], ledger: { filesRead: ['a.ts'] } });
    file.append({ type: 'item', item: { type: 'message', role: 'assistant', text: 'new' } });
    const loaded = loadSession(file.path);
    expect(loaded.items).toEqual([handoff, { type: 'message', role: 'assistant', text: 'new' }]);
    expect(loaded.ledger).toEqual({ filesRead: ['a.ts'] });
  });
});
