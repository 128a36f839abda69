// LM Studio's command-line tool `lms`, used when the REST API cannot load a model (LM Studio
// before 0.4) or a model must be downloaded first (`lms get`). Looked up where the LM Studio
// installer puts it (~/.lmstudio/bin/lms), then on PATH.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { InterruptedError, OssaError } from '../errors.js';

export function findLmsCli(env: NodeJS.ProcessEnv): string | undefined {
  const candidates: string[] = [];
  const home = env.HOME ?? env.USERPROFILE;
  if (home) candidates.push(join(home, '.lmstudio', 'bin', 'lms'));
  for (const dir of (env.PATH ?? '').split(delimiter)) if (dir) candidates.push(join(dir, 'lms'));
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export interface LmsRunOptions {
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Receives the tool's output as it comes (its own progress bars). */
  onOutput?: (text: string) => void;
}

/** Runs `lms ARGS…`; resolves on exit 0, throws with the tool's last output otherwise. */
export function runLms(lms: string, args: string[], options: LmsRunOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(lms, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      tail = (tail + text).slice(-600);
      options.onOutput?.(text);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const onAbort = () => child.kill('SIGINT');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => reject(new OssaError(`Could not run ${lms}: ${error.message}`)));
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) reject(new InterruptedError('cancelled'));
      else if (code === 0) resolve();
      else
        reject(
          new OssaError(
            `\`lms ${args.join(' ')}\` failed (exit ${code}): ${tail.trim().split('\n').at(-1) ?? ''}`,
          ),
        );
    });
  });
}
