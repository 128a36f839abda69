// Prefix stability across resume (issue 15): a session started with `-s read-only`, then resumed
// with other flags (`-s workspace-write`, `-a untrusted`, `--full-auto`). A local server keeps
// the prompt of the last request in its cache and evaluates only what follows the part the new
// prompt shares with it; this measures that part on the chat wire, the way a llama.cpp chat
// template lays the request out (system message, tools, then the conversation), in tokens
// (gpt-tokenizer's o200k; a real model's tokenizer differs a little). Codex CLI: 180 tokens.
//
// OSSA_BENCH_BEFORE=/path/to/other/checkout/bin/ossa.js measures that build too.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { countTokens } from 'gpt-tokenizer';
import { type LoggedRequest, startScriptedModelServer } from '../../test/kit/scripted-model-server.js';
import { gitWorkspace, mockHome } from '../../test/kit/workspace.js';

export const title = 'Resume with other flags: tokens the server must prefill again';

const BIN = resolve('bin/ossa.js');
const RESUMES: { label: string; flags: string[] }[] = [
  { label: '-s workspace-write', flags: ['-s', 'workspace-write'] },
  { label: '-a untrusted', flags: ['-a', 'untrusted'] },
  { label: '--full-auto', flags: ['--full-auto'] },
];

/** The prompt as a chat template renders it: system message, tool definitions, then the messages. */
function renderedPrompt(request: LoggedRequest): string {
  const body = request.body as { messages: { role: string; content?: unknown }[]; tools?: unknown[] };
  const [system, ...rest] = body.messages;
  return [
    JSON.stringify(system),
    JSON.stringify(body.tools ?? []),
    ...rest.map((message) => JSON.stringify(message)),
  ].join('\n');
}

function sharedPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

/** Runs the CLI without blocking this process (the scripted server answers from it). */
function runCli(bin: string, args: string[], home: string, cwd: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, OSSA_HOME: home },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('close', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`ossa ${args.join(' ')} exited ${code}: ${stderr}`)),
    );
  });
}

async function measure(bin: string, flags: string[]): Promise<{ total: number; again: number }> {
  const server = await startScriptedModelServer({
    turns: [{ text: 'The answer to the first task.' }, { text: 'The answer to the second.' }],
    wires: ['chat'],
  });
  try {
    const home = mockHome(server.url, { wireApi: 'chat' });
    const cwd = gitWorkspace({ 'README.md': '# demo\n' });
    await runCli(bin, ['exec', '-s', 'read-only', 'Explain what this repository does.'], home, cwd);
    await runCli(bin, ['exec', ...flags, 'resume', '--last', 'Now add a test for it.'], home, cwd);
    const [first, second] = server.requests.filter((r) => r.wire === 'chat').map(renderedPrompt);
    if (!first || !second) throw new Error('expected two model requests');
    const total = countTokens(second);
    return { total, again: total - countTokens(sharedPrefix(first, second)) };
  } finally {
    await server.close();
  }
}

export async function run() {
  const builds: [string, string][] = [['this build', BIN]];
  if (process.env.OSSA_BENCH_BEFORE) builds.unshift(['before', resolve(process.env.OSSA_BENCH_BEFORE)]);
  const rows: string[][] = [];
  for (const { label, flags } of RESUMES) {
    for (const [build, bin] of builds) {
      const { total, again } = await measure(bin, flags);
      rows.push([label, build, String(total), String(again), `${Math.round((100 * again) / total)} %`]);
    }
  }
  return {
    columns: ['resumed with', 'build', 'prompt tokens', 'prefilled again', 'share'],
    rows,
    notes: ['First run `exec -s read-only`; the resume adds one user message. Codex CLI: 180 tokens again.'],
  };
}
