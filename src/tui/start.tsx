// Entry the CLI imports lazily: mounts the app with Ink on the real terminal and resolves when
// the user leaves (rejects with the error that ended it, e.g. an invalid config at connect).
import { render } from 'ink';
import { App, type AppProps } from './app.js';

export interface StartOptions extends AppProps {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export async function startTui({ stdin, stdout, stderr, ...props }: StartOptions): Promise<void> {
  const instance = render(<App {...props} />, {
    stdin,
    stdout,
    stderr,
    exitOnCtrlC: false,
    // Terminals that speak the kitty keyboard protocol report Shift+Enter distinctly.
    kittyKeyboard: { mode: 'auto' },
    // Rewrite only the lines of the redrawn area that changed: while a reply streams that is the
    // line being written and the spinner, not the whole area each frame.
    incrementalRendering: true,
  });
  await instance.waitUntilExit();
}
