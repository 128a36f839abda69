import { describe, expect, it } from 'vitest';
import { SUBCOMMANDS } from '../../src/cli/subcommand-typo.js';
import { runOssa } from '../kit/run-cli.js';

describe('command-line surface', () => {
  it('prints `ossa X.Y.Z` for --version and exits 0', async () => {
    const result = await runOssa(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ossa \d+\.\d+\.\d+\n$/);
  });

  it('has --help on subcommands', async () => {
    for (const args of [
      ['--help'],
      ['exec', '--help'],
      ['debug', 'config', '--help'],
      ['profiles', '--help'],
    ]) {
      const result = await runOssa(args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toContain('Usage: ossa');
    }
  });

  it('exits 2 with the allowed values for a bad flag value', async () => {
    const result = await runOssa(['exec', '-s', 'bogus', 'hi']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('read-only, workspace-write, danger-full-access');
  });
});

describe('help and usage errors, as a newcomer meets them', () => {
  it("a subcommand's --help shows its own options and one line about the global ones", async () => {
    const sub = await runOssa(['exec', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--output-last-message');
    expect(sub.stdout).not.toContain('--dangerously-bypass-approvals-and-sandbox');
    expect(sub.stdout).not.toContain('--strict-config');
    expect(sub.stdout).toContain('Global options work here too');
    const root = await runOssa(['--help']);
    expect(root.stdout).toContain('--dangerously-bypass-approvals-and-sandbox');
  });

  it('parse errors read like ossa errors: Error: …, then fix: naming the command', async () => {
    const unknown = await runOssa(['--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      "Error: unknown option '--bogus'\nfix: `ossa --help` lists what it accepts\n",
    );
    const missing = await runOssa(['exec', '-m']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      "Error: option '-m, --model <model>' argument missing\nfix: `ossa exec --help`",
    );
  });

  it('`ossa debug` alone is `ossa debug config`', async () => {
    const alone = await runOssa(['debug', '--json']);
    expect(alone.code, alone.stderr).toBe(0);
    expect(JSON.parse(alone.stdout)).toHaveProperty('provider');
  });

  it('the typo guard knows every subcommand the CLI has', async () => {
    const root = await runOssa(['--help']);
    const listed = [...root.stdout.split('Commands:')[1]!.matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]);
    expect(listed.filter((name) => name !== 'help').sort()).toEqual([...SUBCOMMANDS].sort());
  });
});
