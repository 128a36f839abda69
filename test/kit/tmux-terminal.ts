// A real terminal for the TUI e2e tests: the built CLI in tmux on a private socket. Keys go in
// with send-keys; the screen comes back with capture-pane and is polled until the expected text
// appears (bounded waits). `workspace` makes an $OSSA_HOME and a git work tree for one terminal.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_NODE, OSSA_BIN } from './run-cli.js';
import type { ScriptedModelServer } from './scripted-model-server.js';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const SOCKET = `ossa-tui-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export class Terminal {
  private static counter = 0;
  readonly name = `ossa${Terminal.counter++}`;

  constructor(
    args: string[],
    options: { cwd: string; env: Record<string, string>; width?: number; height?: number },
  ) {
    const env = Object.entries(options.env).map(([key, value]) => `${key}=${shellQuote(value)}`);
    // `env -u CI`: Ink draws only a final frame when it thinks it runs in CI.
    const command = [
      'env -u CI',
      ...env,
      shellQuote(CLI_NODE),
      shellQuote(OSSA_BIN),
      ...args.map(shellQuote),
      '; echo "[exit $?]"; sleep 600',
    ].join(' ');
    this.tmux(
      'new-session',
      '-d',
      '-s',
      this.name,
      '-x',
      String(options.width ?? 100),
      '-y',
      String(options.height ?? 30),
      '-c',
      options.cwd,
      command,
    );
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  }

  /** The visible screen plus scrollback, wrapped lines joined. */
  screen(colors = false): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-2000', ...(colors ? ['-e'] : []), '-t', this.name);
  }

  /** Only what is visible now. */
  visible(): string {
    return this.tmux('capture-pane', '-p', '-t', this.name);
  }

  type(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', text);
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  /** Pastes like a terminal does when the application enabled bracketed paste. */
  paste(text: string): void {
    this.tmux('set-buffer', '-b', this.name, text);
    this.tmux('paste-buffer', '-p', '-d', '-b', this.name, '-t', this.name);
  }

  async waitFor(
    what: string | RegExp,
    timeoutMs = 15_000,
    read: () => string = () => this.screen(),
  ): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = read();
      if (typeof what === 'string' ? screen.includes(what) : what.test(screen)) return screen;
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    throw new Error(`Timed out waiting for ${String(what)}. Screen:\n${screen}`);
  }

  kill(): void {
    spawnSync('tmux', ['-L', SOCKET, 'kill-session', '-t', this.name]);
  }
}

export interface Workspace {
  home: string;
  cwd: string;
  env: Record<string, string>;
}

export function workspace(server: ScriptedModelServer, extraConfig = ''): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'ossa-tui-'));
  const home = join(root, 'home');
  const cwd = join(root, 'work');
  execFileSync('mkdir', ['-p', home, cwd]);
  execFileSync('git', ['init', '-q'], { cwd });
  writeFileSync(join(cwd, 'README.md'), 'readme\n');
  writeFileSync(
    join(home, 'config.toml'),
    [
      'model = "scripted-model"',
      'model_provider = "scripted"',
      'model_context_window = 32000',
      extraConfig,
      '[model_providers.scripted]',
      'name = "Scripted"',
      `base_url = "${server.url}"`,
      'wire_api = "responses"',
      'request_max_retries = 0',
      '',
    ].join('\n'),
  );
  return { home, cwd, env: { OSSA_HOME: home, TERM: 'xterm-256color' } };
}

/** Ends the private tmux server (every terminal of this test file). */
export function killTmuxServer(): void {
  spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
}
