// `ossa apply-patch`: applies a patch read from stdin in the current directory, like Codex's
// standalone apply_patch. Paths must stay inside the current directory. Exit 0 with the summary
// on stdout; 1 with the error on stderr (nothing is written then); 2 when no patch was given.

import { applyPatchInDirectory } from '../app/apply-patch.js';
import { recoverWorkspace } from '../app/recover-workspace.js';
import { ossaHome } from '../config/index.js';
import { UsageError } from '../errors.js';
import type { CommandHandler } from './command-context.js';

export const runApplyPatch: CommandHandler = async (ctx) => {
  // What a killed ossa left here (an apply cut off) is finished or undone before anything else.
  const home = ossaHome(ctx.env);
  for (const line of await recoverWorkspace(home, ctx.cwd)) ctx.stderr.write(`ossa: ${line}\n`);
  const patch = await readStdin(process.stdin);
  if (patch.trim() === '') {
    throw new UsageError('No patch given: pipe the patch text (*** Begin Patch … *** End Patch) to stdin.');
  }
  const result = await applyPatchInDirectory(patch, ctx.cwd, home);
  if (result.ok) {
    ctx.stdout.write(result.summary);
    return 0;
  }
  ctx.stderr.write(`${result.message}\n`);
  return 1;
};

/** All of stdin as UTF-8; an interactive terminal is refused instead of waited on. */
async function readStdin(stdin: NodeJS.ReadStream): Promise<string> {
  if (stdin.isTTY) {
    throw new UsageError(
      '`ossa apply-patch` reads the patch from stdin: pipe it in (ossa apply-patch < fix.patch).',
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
