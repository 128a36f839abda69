// `ossa eval [-p PROFILE]… [--quick] [--repeat N] [--json] [--report FILE.html]
// [--sweep KEY=v1,v2] [--write-profile NAME]`: qualifies the configured model and server for
// agentic coding (app/eval/run-eval.ts) and prints the scorecard, or one JSON document.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { escapeTerminalText } from '../protocol/terminal-text.js';
import type { CommandHandler } from './command-context.js';

interface EvalOptions {
  quick?: boolean;
  repeat?: string;
  json?: boolean;
  report?: string;
  sweep?: string[];
  only?: string;
  scale?: boolean;
  writeProfile?: string;
}

export const runEvalCommand: CommandHandler = async (ctx) => {
  const options = ctx.options as EvalOptions;
  const repeat = options.repeat === undefined ? 1 : Number(options.repeat);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 20) {
    throw new UsageError(`--repeat ${options.repeat}: give a whole number from 1 to 20.`);
  }
  const sweeps = (options.sweep ?? []).map(parseSweep);
  const { runEval, MAX_SWEEP_COMBINATIONS } = await import('../app/eval/run-eval.js');
  const keys = sweeps.map((axis) => axis.key);
  const repeated = keys.find((key, index) => keys.indexOf(key) !== index);
  if (repeated)
    throw new UsageError(`--sweep ${repeated} is given twice: list all its values in one --sweep.`);
  const combinations = sweeps.reduce((product, axis) => product * axis.values.length, 1);
  if (combinations > MAX_SWEEP_COMBINATIONS) {
    throw new UsageError(
      `--sweep: ${sweeps.map((a) => a.values.length).join(' × ')} = ${combinations} combinations, each a whole suite; sweep at most ${MAX_SWEEP_COMBINATIONS} (fewer values, or one key at a time).`,
    );
  }
  const only = options.only
    ?.split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  // Ctrl-C, SIGTERM and SIGHUP stop the run within a second, as in exec (process/interrupt.ts).
  const { handleInterrupts } = await import('../process/interrupt.js');
  const controller = new AbortController();
  const stopHandling = handleInterrupts({ onInterrupt: () => controller.abort() });
  let report: Awaited<ReturnType<typeof runEval>>;
  try {
    report = await runEval({
      cwd: ctx.cwd,
      env: ctx.env,
      flags: ctx.flags,
      profiles: ctx.flags.profiles && ctx.flags.profiles.length > 1 ? ctx.flags.profiles : [],
      quick: Boolean(options.quick),
      repeat,
      ...(sweeps.length ? { sweeps } : {}),
      ...(only?.length ? { only } : {}),
      scale: options.scale !== false,
      onProgress: (line) => ctx.stderr.write(`${escapeTerminalText(line)}\n`),
      signal: controller.signal,
    });
  } finally {
    stopHandling();
  }
  if (options.report) {
    const { renderEvalHtml } = await import('./eval/report-html.js');
    const file = resolve(ctx.cwd, options.report);
    writeFileSync(file, renderEvalHtml(report));
    ctx.stderr.write(`report: ${file}\n`);
  }
  if (options.writeProfile) {
    const { writeEvalProfile } = await import('../app/eval/write-profile.js');
    const { ossaHome } = await import('../config/index.js');
    const written = writeEvalProfile(ossaHome(ctx.env), options.writeProfile, report);
    ctx.stderr.write(
      `wrote ${written.file} (${written.run.label}) — use it with \`ossa -p ${options.writeProfile}\`\n`,
    );
  }
  if (options.json) {
    ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const { renderEvalText } = await import('./eval/render-text.js');
    ctx.stdout.write(renderEvalText(report));
  }
  return report.runs.every((run) => run.scorecard.verdict !== 'not qualified') ? 0 : 1;
};

function parseSweep(text: string): { key: string; values: string[] } {
  const match = /^([A-Za-z0-9_.-]+)=(.+)$/.exec(text);
  const values =
    match?.[2]
      ?.split(',')
      .map((value) => value.trim())
      .filter(Boolean) ?? [];
  if (!match || values.length < 2) {
    throw new UsageError(
      `--sweep ${JSON.stringify(text)}: write KEY=v1,v2 (at least two values), e.g. --sweep model_reasoning_effort=low,high`,
    );
  }
  return { key: match[1]!, values };
}
