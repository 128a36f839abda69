// Entry the CLI imports lazily: mounts the app with Ink on the real terminal and resolves when
// the user leaves (rejects with the error that ended it, e.g. an invalid config at connect).
import { type Instance, type RenderOptions, render } from 'ink';
import { App, type AppProps } from './app.js';
import { coalescedStdout } from './coalesced-stdout.js';

export interface StartOptions extends AppProps {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/**
 * Mounts the app with the render settings the terminal gets. Tests mount it on fake streams and
 * keep the console (`patchConsole: false`).
 */
export function mountTui(
  { stdin, stdout, stderr, ...props }: StartOptions,
  overrides: Pick<RenderOptions, 'patchConsole'> = {},
): Instance {
  return render(<App {...props} />, {
    ...overrides,
    stdin,
    stdout: coalescedStdout(stdout),
    stderr,
    exitOnCtrlC: false,
    // Terminals that speak the kitty keyboard protocol report Shift+Enter distinctly.
    kittyKeyboard: { mode: 'auto' },
    // Not Ink's incrementalRendering: under tmux it left stale frames in the scrollback (the e2e
    // tests caught them). The redrawn area is small anyway — finished lines are printed once.
  });
}

export async function startTui(options: StartOptions): Promise<void> {
  await mountTui(options).waitUntilExit();
}
