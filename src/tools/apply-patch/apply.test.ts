import { chmod, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApplyFs, applyPlan, nodeApplyFs } from './apply.js';
import { fingerprintContent } from './fingerprint.js';
import { Journal } from './journal.js';
import { planPatch } from './plan.js';
import { recoverInterruptedPatches } from './recover.js';

let workspace: string;

beforeEach(async () => {
  workspace = await realpath(await mkdtemp(join(tmpdir(), 'ossa-apply-')));
});
afterEach(async () => {
  await chmod(workspace, 0o755).catch(() => undefined);
  await rm(workspace, { recursive: true, force: true });
});

const wrap = (...lines: string[]) => ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');
const plan = (text: string) => planPatch(text, { cwd: workspace, writableRoots: [workspace] });

/** Every file under the workspace with its contents, temporaries included. */
async function tree(dir = workspace, prefix = ''): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory())
      Object.assign(result, { [`${path}/`]: '' }, await tree(join(dir, entry.name), `${path}/`));
    else result[path] = await readFile(join(dir, entry.name), 'utf8');
  }
  return result;
}

describe('applyPlan', () => {
  it('writes adds, updates, moves and deletes, creating parent directories', async () => {
    await writeFile(join(workspace, 'm.txt'), 'a\nb\n');
    await writeFile(join(workspace, 'old.txt'), 'x\n');
    await writeFile(join(workspace, 'gone.txt'), 'g\n');
    await applyPlan(
      await plan(
        wrap(
          '*** Add File: deep/er/new.txt',
          '+hello',
          '*** Update File: m.txt',
          '@@',
          '-b',
          '+B',
          '*** Update File: old.txt',
          '*** Move to: moved/new.txt',
          '@@',
          '-x',
          '+y',
          '*** Delete File: gone.txt',
        ),
      ),
    );
    expect(await tree()).toEqual({
      'deep/': '',
      'deep/er/': '',
      'deep/er/new.txt': 'hello\n',
      'm.txt': 'a\nB\n',
      'moved/': '',
      'moved/new.txt': 'y\n',
    });
  });

  it('keeps CRLF line endings and the file mode of an updated file', async () => {
    await writeFile(join(workspace, 'run.cmd'), '@echo off\r\necho one\r\n', { mode: 0o754 });
    await applyPlan(
      await plan(wrap('*** Update File: run.cmd', '@@', '-echo one', '+echo two', '+echo three')),
    );
    expect(await readFile(join(workspace, 'run.cmd'), 'utf8')).toBe(
      '@echo off\r\necho two\r\necho three\r\n',
    );
    expect((await stat(join(workspace, 'run.cmd'))).mode & 0o777).toBe(0o754);
  });

  it('changes nothing when a later write fails: earlier files untouched, no temporaries, no new directories', async () => {
    await writeFile(join(workspace, 'a.txt'), 'original\n');
    const planned = await plan(
      wrap(
        '*** Update File: a.txt',
        '@@',
        '-original',
        '+changed',
        '*** Add File: made/up/x.txt',
        '+x',
        '*** Add File: sub/b.txt',
        '+b',
      ),
    );
    // The world changes between planning and writing: `sub` becomes a file, so writing sub/b.txt fails.
    await writeFile(join(workspace, 'sub'), 'in the way\n');
    await expect(applyPlan(planned)).rejects.toThrow(
      `Failed to write file ${join(workspace, 'sub/b.txt')}: Not a directory`,
    );
    expect(await tree()).toEqual({ 'a.txt': 'original\n', sub: 'in the way\n' });
  });

  it('rolls back committed files when a rename fails half-way', async () => {
    await writeFile(join(workspace, 'a.txt'), 'a\n', { mode: 0o640 });
    await writeFile(join(workspace, 'b.txt'), 'b\n');
    await writeFile(join(workspace, 'c.txt'), 'c\n');
    const planned = await plan(
      wrap(
        '*** Delete File: c.txt',
        '*** Update File: a.txt',
        '@@',
        '-a',
        '+A',
        '*** Add File: new/n.txt',
        '+n',
        '*** Update File: b.txt',
        '@@',
        '-b',
        '+B',
      ),
    );
    let renames = 0;
    const failingFs: ApplyFs = {
      ...nodeApplyFs,
      async rename(from, to) {
        if (++renames === 3) throw Object.assign(new Error('simulated'), { code: 'EIO' });
        await nodeApplyFs.rename(from, to);
      },
    };
    await expect(applyPlan(planned, { fs: failingFs })).rejects.toThrow(
      `Failed to write file ${join(workspace, 'b.txt')}: Input/output error (os error 5). No files were modified.`,
    );
    expect(await tree()).toEqual({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' });
    expect((await stat(join(workspace, 'a.txt'))).mode & 0o777).toBe(0o640);
  });

  it.skipIf(process.getuid?.() === 0)(
    'leaves everything as it was when a directory is read-only',
    async () => {
      await mkdir(join(workspace, 'locked'));
      await writeFile(join(workspace, 'locked/l.txt'), 'l\n');
      await writeFile(join(workspace, 'a.txt'), 'a\n');
      const planned = await plan(
        wrap('*** Update File: a.txt', '@@', '-a', '+A', '*** Update File: locked/l.txt', '@@', '-l', '+L'),
      );
      await chmod(join(workspace, 'locked'), 0o555);
      await expect(applyPlan(planned)).rejects.toThrow('Permission denied');
      await chmod(join(workspace, 'locked'), 0o755);
      expect(await tree()).toEqual({ 'a.txt': 'a\n', 'locked/': '', 'locked/l.txt': 'l\n' });
    },
  );

  it('fails with "changed since it was read" when an editor saves the file before the commit', async () => {
    await writeFile(join(workspace, 'a.txt'), 'a\n');
    await writeFile(join(workspace, 'b.txt'), 'b\n');
    const planned = await plan(
      wrap('*** Update File: a.txt', '@@', '-a', '+A', '*** Update File: b.txt', '@@', '-b', '+B'),
    );
    await writeFile(join(workspace, 'b.txt'), 'b\nsaved by the editor\n');
    await expect(applyPlan(planned)).rejects.toThrow(
      `Failed to write file ${join(workspace, 'b.txt')}: the file changed since it was read`,
    );
    expect(await tree()).toEqual({ 'a.txt': 'a\n', 'b.txt': 'b\nsaved by the editor\n' });
  });

  it('rolls back when a file changes in the middle of the commit', async () => {
    await writeFile(join(workspace, 'a.txt'), 'a\n');
    await writeFile(join(workspace, 'b.txt'), 'b\n');
    const planned = await plan(
      wrap('*** Update File: a.txt', '@@', '-a', '+A', '*** Update File: b.txt', '@@', '-b', '+B'),
    );
    const beforeRename = async (index: number) => {
      if (index === 1) await writeFile(join(workspace, 'b.txt'), 'edited meanwhile\n');
    };
    await expect(applyPlan(planned, { beforeRename })).rejects.toThrow('changed since it was read');
    expect(await tree()).toEqual({ 'a.txt': 'a\n', 'b.txt': 'edited meanwhile\n' });
  });
});

describe('recoverInterruptedPatches', () => {
  const journalDir = () => `${workspace}-journal`;
  const lockDir = () => `${workspace}-locks`;
  afterEach(async () => {
    await rm(journalDir(), { recursive: true, force: true });
    await rm(lockDir(), { recursive: true, force: true });
  });

  /** What a process killed by SIGKILL after renaming a.txt (of a, b, new/n.txt) leaves behind. */
  async function killedMidCommit(pid: number, cwd = workspace): Promise<void> {
    await writeFile(join(workspace, 'a.txt'), 'A\n');
    await writeFile(join(workspace, 'b.txt'), 'b\n');
    await writeFile(join(workspace, '.ossa-00000000000b.tmp'), 'B\n');
    await mkdir(join(workspace, 'new'), { recursive: true });
    await writeFile(join(workspace, 'new/.ossa-00000000000c.tmp'), 'n\n');
    await Journal.begin(journalDir(), {
      version: 1,
      pid,
      startedAt: '2025-01-01T00:00:00.000Z',
      cwd,
      state: 'committing',
      entries: [
        {
          path: join(workspace, 'a.txt'),
          temporary: join(workspace, '.ossa-00000000000a.tmp'),
          before: fingerprintContent(Buffer.from('a\n')),
          after: fingerprintContent(Buffer.from('A\n')),
        },
        {
          path: join(workspace, 'b.txt'),
          temporary: join(workspace, '.ossa-00000000000b.tmp'),
          before: fingerprintContent(Buffer.from('b\n')),
          after: fingerprintContent(Buffer.from('B\n')),
        },
        {
          path: join(workspace, 'new/n.txt'),
          temporary: join(workspace, 'new/.ossa-00000000000c.tmp'),
          before: 'missing',
          after: fingerprintContent(Buffer.from('n\n')),
        },
      ],
      createdDirectories: [join(workspace, 'new')],
    });
  }

  it('completes a commit cut off after some renames and removes every temporary', async () => {
    await killedMidCommit(2 ** 22 + 12345);
    const messages = await recoverInterruptedPatches(journalDir(), workspace, lockDir());
    expect(messages).toEqual([expect.stringMatching(/was completed: 2 of 3 files still had to be written/)]);
    expect(await tree()).toEqual({ 'a.txt': 'A\n', 'b.txt': 'B\n', 'new/': '', 'new/n.txt': 'n\n' });
    expect(await readdir(journalDir())).toEqual([]);
  });

  it('leaves the journal of a live process and of another workspace alone', async () => {
    await killedMidCommit(process.ppid);
    expect(await recoverInterruptedPatches(journalDir(), workspace, lockDir())).toEqual([]);
    await rm(journalDir(), { recursive: true });
    await killedMidCommit(2 ** 22 + 12345, '/somewhere/else');
    expect(await recoverInterruptedPatches(journalDir(), workspace, lockDir())).toEqual([]);
    expect(await readdir(journalDir())).toHaveLength(1);
  });

  it('does not overwrite a file someone edited after the crash, and says so', async () => {
    await killedMidCommit(2 ** 22 + 12345);
    await writeFile(join(workspace, 'b.txt'), 'the editor won\n');
    const [message] = await recoverInterruptedPatches(journalDir(), workspace, lockDir());
    expect(message).toContain(
      `Left as they are (changed since, or their new content was lost): ${join(workspace, 'b.txt')}`,
    );
    expect(await tree()).toEqual({
      'a.txt': 'A\n',
      'b.txt': 'the editor won\n',
      'new/': '',
      'new/n.txt': 'n\n',
    });
  });
});
