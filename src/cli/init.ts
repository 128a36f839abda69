// `ossa init`: finds the model servers running here and writes a profile file for what it finds
// into $OSSA_HOME (app/init/run-init.ts). An existing file is never overwritten without asking;
// without a terminal to ask on, it is left alone and reported.
import type { CommandHandler } from './command-context.js';
import { printWarnings } from './print-warnings.js';

export const runInit: CommandHandler = async (ctx) => {
  const { runInit: init } = await import('../app/init/run-init.js');
  const { howToStart } = await import('../app/format.js');
  const { terminalConfirm } = await import('./oss/confirm.js');
  const interactive = Boolean((ctx.stderr as { isTTY?: boolean }).isTTY && process.stdin.isTTY);
  const confirm = terminalConfirm(process.stdin, ctx.stderr);
  const outcome = await init({
    cwd: ctx.cwd,
    env: ctx.env,
    flags: ctx.flags,
    warn: (lines) => printWarnings(lines, ctx.stderr),
    ...(interactive ? { overwrite: (file: string) => confirm(`${file} exists. Overwrite it?`, false) } : {}),
  });
  if (outcome.status === 'no-servers') {
    ctx.stderr.write(
      `No model server is running (probed ${outcome.probed.join(', ')}). Start one — Ollama: ${howToStart('ollama')} — then run \`ossa init\` again.\n`,
    );
    return 1;
  }
  if (outcome.status === 'no-tool-models') {
    ctx.stderr.write(
      'The running servers have no model that can call tools. Download one (e.g. `ollama pull gpt-oss:20b`), then run `ossa init` again.\n',
    );
    return 1;
  }
  let written = 0;
  for (const file of outcome.files) {
    if (file.action === 'kept') {
      ctx.stdout.write(
        `kept    ${file.file} (it exists${file.asked ? '' : '; run `ossa init` in a terminal to be asked, or remove the file'})\n`,
      );
      continue;
    }
    written += 1;
    ctx.stdout.write(
      `wrote   ${file.file}: ${file.server}, ${file.model} — use it with \`ossa -p ${file.name}\`\n`,
    );
    if (file.warning) ctx.stdout.write(`  ! ${file.warning}\n`);
  }
  if (written > 0) ctx.stdout.write('Check a profile end to end with `ossa doctor -p NAME`.\n');
  return 0;
};
