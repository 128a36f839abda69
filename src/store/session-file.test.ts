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

describe('each text is stored once (issue: session files stored tool outputs and prompts twice)', () => {
  const bigOutput = `Exit code: 0\n${'line of output\n'.repeat(2_000)}`;
  const patch = `*** Begin Patch\n*** Add File: a.txt\n${'+added line\n'.repeat(500)}*** End Patch`;
  const records = [
    { type: 'event', event: { type: 'turn-begin', turnId: 't1', prompt: 'fix the build '.repeat(200) } },
    {
      type: 'item',
      item: {
        type: 'message',
        role: 'user',
        text: `<environment_context>\n  <cwd>/w</cwd>\n</environment_context>\n\n${'fix the build '.repeat(200)}`,
      },
    },
    { type: 'item', item: { type: 'function_call', callId: 'c1', name: 'apply_patch', arguments: patch } },
    {
      type: 'item',
      item: { type: 'function_call', callId: 'c2', name: 'shell', arguments: '{"command":["make"]}' },
    },
    {
      type: 'event',
      event: { type: 'tool-call-begin', turnId: 't1', callId: 'c1', name: 'apply_patch', arguments: patch },
    },
    { type: 'item', item: { type: 'function_call_output', callId: 'c1', output: 'Success.' } },
    {
      type: 'event',
      event: {
        type: 'tool-call-end',
        turnId: 't1',
        callId: 'c1',
        name: 'apply_patch',
        output: 'Success.',
        success: true,
        durationMs: 3,
      },
    },
    {
      type: 'event',
      event: {
        type: 'tool-call-begin',
        turnId: 't1',
        callId: 'c2',
        name: 'shell',
        arguments: '{"command":["make"]}',
      },
    },
    { type: 'item', item: { type: 'function_call_output', callId: 'c2', output: bigOutput } },
    {
      type: 'event',
      event: {
        type: 'tool-call-end',
        turnId: 't1',
        callId: 'c2',
        name: 'shell',
        output: bigOutput,
        success: true,
        durationMs: 9,
      },
    },
    { type: 'item', item: { type: 'message', role: 'assistant', text: 'The build passes now.' } },
    { type: 'event', event: { type: 'message', turnId: 't1', text: 'The build passes now.' } },
    // An event that differs from its item keeps its own text.
    {
      type: 'event',
      event: {
        type: 'tool-call-end',
        turnId: 't1',
        callId: 'c2',
        name: 'shell',
        output: 'other',
        success: false,
        durationMs: 1,
      },
    },
    // A prompt refused before its message is appended: the held turn-begin is written whole.
    { type: 'event', event: { type: 'turn-begin', turnId: 't2', prompt: 'too big' } },
    { type: 'event', event: { type: 'error', turnId: 't2', message: 'does not fit' } },
  ];

  it('writes outputs, patches, answers and prompts once and loads every event back whole', () => {
    const file = SessionFile.create(dir, meta);
    for (const record of records) file.append(record as never);
    const text = readFileSync(file.path, 'utf8');
    const count = (needle: string) => text.split(needle).length - 1;
    expect(count('line of output')).toBe(2_000);
    expect(count('+added line')).toBe(500);
    expect(count('fix the build')).toBe(200);
    expect(count('The build passes now.')).toBe(1);
    const loaded = loadSession(file.path);
    const wanted = records.filter((record) => record.type === 'event').map((record) => record.event);
    expect(loaded.events).toHaveLength(wanted.length);
    for (const event of wanted) expect(loaded.events).toContainEqual(event);
    expect(loaded.items).toHaveLength(records.filter((record) => record.type === 'item').length);
  });

  it('files written before (no markers) load as they are', () => {
    const path = join(dir, 'old.jsonl');
    const event = {
      type: 'tool-call-end',
      turnId: 't',
      callId: 'c',
      name: 'shell',
      output: 'x',
      success: true,
      durationMs: 1,
    };
    writeFileSync(path, `${JSON.stringify(meta)}\n${JSON.stringify({ type: 'event', event })}\n`);
    expect(loadSession(path).events).toEqual([event]);
  });
});
