// Scripted models for `ossa eval` tests: a responder for the scripted server that knows which
// scenario (or probe) a request belongs to — by the scenario's prompt in the request — and how far
// the model got (the tool calls in its history), so scenarios may run in any order, be skipped by
// the speed plan, or be compacted mid-way. A model is a policy: given the scenario id and the step,
// the reply; the cooperative policy solves every built-in scenario.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summaryResponder } from './long-task.js';
import type { LoggedRequest, ScriptedReply, ScriptedTurn, ScriptedUsage } from './scripted-model-server.js';

const SCENARIO_DIR = join(import.meta.dirname, '../../src/app/eval/scenarios');

interface ScenarioData {
  id: string;
  prompt: string;
  files?: Record<string, string>;
}

export const BUILT_IN: ScenarioData[] = readdirSync(SCENARIO_DIR)
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(join(SCENARIO_DIR, name), 'utf8')) as ScenarioData);

export interface RequestView {
  /** The wire the request came on. */
  wire: 'chat' | 'responses' | undefined;
  /** The scenario id, `probe:NAME`, or undefined. */
  scenario: string | undefined;
  /** Tool calls the model already made in this conversation (as far as history shows). */
  step: number;
  /** The arguments of the last tool call in history, parsed. */
  lastCall: { name: string; arguments: Record<string, unknown> } | undefined;
  /** The outputs of tool calls in history, in order. */
  outputs: string[];
}

export type Policy = (view: RequestView) => ScriptedReply | undefined;

const shell = (command: string[]): ScriptedReply => ({
  toolCalls: [{ name: 'shell', arguments: { command } }],
});
const patch = (input: string): ScriptedReply => ({
  toolCalls: [{ name: 'apply_patch', arguments: { input } }],
});
const say = (text: string): ScriptedReply => ({ text });
const add = (path: string, text: string) =>
  `*** Begin Patch\n*** Add File: ${path}\n${text
    .split('\n')
    .map((line) => `+${line}`)
    .join('\n')}\n*** End Patch`;

export const GOOD_GREETING = add('greeting.txt', 'hello\n  indented line\nlast line');
export const GOOD_FIX =
  '*** Begin Patch\n*** Update File: math.js\n@@\n export function add(a, b) {\n-  return a - b;\n+  return a + b;\n }\n*** End Patch';

/** The correct replies, step by step, for every built-in scenario except the long task. */
export const SOLUTIONS: Record<string, ScriptedReply[]> = {
  'list-files': [shell(['ls']), say('The files are notes.md and data.csv.')],
  'pick-plan-tool': [
    {
      toolCalls: [
        {
          name: 'update_plan',
          arguments: {
            plan: [
              { step: 'read the code', status: 'pending' },
              { step: 'change the code', status: 'pending' },
              { step: 'run the tests', status: 'pending' },
            ],
          },
        },
      ],
    },
    say('PLANNED'),
  ],
  'run-and-interpret': [shell(['node', 'version.js']), say('It prints build 6417.')],
  'create-file': [patch(GOOD_GREETING), say('Created greeting.txt.')],
  'array-arguments': [
    shell(['node', 'args.js', 'hello world', '--flag=a b', "it's"]),
    say('It printed: got 3 argument(s).'),
  ],
  'delete-file': [shell(['rm', 'old.log']), say('Deleted old.log.')],
  'multi-line-edit': [
    patch(
      '*** Begin Patch\n*** Update File: list.txt\n@@\n alpha\n-beta\n-gamma\n+BETA-GAMMA\n delta\n*** End Patch',
    ),
    say('Done.'),
  ],
  'nested-json': [
    patch(add('settings.json', '{"server": {"host": "localhost", "ports": [8080, 8081]}, "debug": true}')),
    say('Created settings.json.'),
  ],
  'two-hunk-patch': [
    patch(
      '*** Begin Patch\n*** Update File: server.conf\n@@\n name = demo\n-port = 80\n+port = 8080\n host = 0.0.0.0\n@@\n backlog = 128\n-workers = 1\n+workers = 4\n log = info\n*** End Patch',
    ),
    say('Changed both.'),
  ],
  'unicode-content': [
    patch(add('motto.txt', 'café naïve — "quoted" and \'single\':\t\\path\\to\\file ✓')),
    say('Written.'),
  ],
  'no-tool-needed': [say('42')],
  'no-tool-tempted': [say('alpha.txt')],
  'chain-copy-version': [
    shell(['cat', 'VERSION']),
    patch(
      '*** Begin Patch\n*** Update File: manifest.json\n@@\n   "meta": {\n-    "version": "0.0.0",\n+    "version": "3.14.159",\n*** End Patch',
    ),
    say('Set meta.version to 3.14.159.'),
  ],
  'chain-find-then-edit': [
    shell(['grep', '-rn', 'TIMEOUT_MS =', 'src']),
    patch(
      '*** Begin Patch\n*** Update File: src/net/client.js\n@@\n-export const TIMEOUT_MS = 1200;\n+export const TIMEOUT_MS = 5000;\n*** End Patch',
    ),
    say('Changed TIMEOUT_MS in src/net/client.js.'),
  ],
  'count-lines': [shell(['wc', '-l', 'data.txt']), patch(add('count.txt', '7')), say('7 lines.')],
  'recover-broken-config': [
    shell(['node', 'build.js']),
    shell(['cat', 'config.json']),
    patch(
      '*** Begin Patch\n*** Update File: config.json\n@@\n-  "minify": true,\n+  "minify": true\n*** End Patch',
    ),
    shell(['node', 'build.js']),
    say('DONE'),
  ],
  'recover-missing-file': [
    shell(['cat', 'config/settings.ini']),
    shell(['cat', 'config/settings.toml']),
    say('The port is 7341.'),
  ],
  'recover-wrong-command': [
    shell(['make', 'test']),
    shell(['cat', 'README.md']),
    shell(['node', 'run-tests.js']),
    say('7 passed.'),
  ],
  'fix-failing-test': [patch(GOOD_FIX), say('Fixed add in math.js.')],
  investigate: [shell(['grep', '-rn', 'quota exceeded', 'src']), say('The function is charge, in src/b.js.')],
  'rename-function': [
    shell(['sh', '-c', "sed -i 's/getUser/fetchUser/g' src/users.js src/report.js src/main.js"]),
    say('Renamed getUser to fetchUser in three files.'),
  ],
  'task-create-module': [
    patch(
      add(
        'slugify.js',
        "export function slugify(text) {\n  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');\n}",
      ),
    ),
    say('Created slugify.js.'),
  ],
  'task-run-tests': [
    shell(['node', 'test.js']),
    say('The failing test is sumsCents: it got 0.30000000000000004.'),
  ],
};

/** The long task, from the last call alone (history may have been compacted): cat, append, next. */
function longTask(view: RequestView): ScriptedReply {
  const total = partCount;
  const last = view.lastCall?.arguments.command as string[] | undefined;
  const name = (index: number) => `parts/part-${String(index).padStart(3, '0')}.txt`;
  if (!last) return shell(['cat', name(1)]);
  const catted = /part-(\d+)\.txt$/.exec(last.at(-1) ?? '');
  if (last[0] === 'cat' && catted) {
    const output = view.outputs.at(-1) ?? '';
    const code = /CODE \d+: (\S+)/.exec(output)?.[1] ?? 'missing';
    return shell(['sh', '-c', `echo ${code} >> codes.txt # part ${catted[1]}`]);
  }
  const appended = /# part (\d+)$/.exec(last.at(-1) ?? '');
  const next = appended ? Number(appended[1]) + 1 : 1;
  return next > total ? say('FINISHED') : shell(['cat', name(next)]);
}

/** The long task's part count, read from its prompt ("holds N files") by `view`. */
let partCount = 0;

export const cooperative: Policy = (view) => {
  if (view.scenario === 'long-task-compaction') return longTask(view);
  if (view.scenario?.startsWith('probe:')) return probeReply(view);
  const steps = view.scenario ? SOLUTIONS[view.scenario] : undefined;
  return steps?.[Math.min(view.step, steps.length - 1)];
};

/** Answers ossa eval's wire and speed probes the way a capable model on a good server does. */
export function probeReply(view: RequestView): ScriptedReply {
  switch (view.scenario) {
    case 'probe:streamed-arguments':
      return view.outputs.length
        ? say(receipts(view))
        : {
            reasoning: 'I will call record_value.',
            toolCalls: [{ name: 'record_value', arguments: { value: 'alpha-42', tags: ['x', 'y'] } }],
          };
    case 'probe:parallel-calls':
      return view.outputs.length
        ? say(receipts(view))
        : {
            toolCalls: [
              { name: 'record_value', arguments: { value: 'a', tags: [] } },
              { name: 'record_value', arguments: { value: 'b', tags: [] } },
            ],
          };
    case 'probe:speed-small':
      return say(Array.from({ length: 30 }, (_, i) => i + 1).join(' '));
    default:
      return say('ready');
  }
}

function receipts(view: RequestView): string {
  return `The receipts: ${view.outputs.map((output) => /R-\w+/.exec(output)?.[0] ?? '?').join(', ')}.`;
}

/** A responder for `startScriptedModelServer({ respond })` playing `policy`. */
export function evalResponder(
  current: () => { policy: Policy; usage?: ScriptedUsage },
): (request: LoggedRequest) => ScriptedTurn | undefined {
  return (request) => {
    const summary = summaryResponder(request);
    if (summary) return summary;
    const { policy, usage } = current();
    const reply = policy(view(request)) ?? say('I do not know.');
    return usage ? { ...reply, usage } : reply;
  };
}

export function view(request: LoggedRequest): RequestView {
  const raw = request.rawBody;
  const probe = /\[ossa eval probe: ([a-z-]+)\]/.exec(raw)?.[1];
  let scenario = probe ? `probe:${probe}` : undefined;
  if (!scenario) {
    for (const data of BUILT_IN) {
      const head = JSON.stringify(data.prompt.split('{')[0]!.slice(0, 60)).slice(1, -1);
      if (raw.includes(head)) scenario = data.id;
    }
  }
  const parts = /holds (\d+) files, part-001/.exec(raw);
  if (parts) partCount = Number(parts[1]);
  const calls: { name: string; arguments: Record<string, unknown> }[] = [];
  const outputs: string[] = [];
  const body = (request.body ?? {}) as { input?: unknown[]; messages?: unknown[] };
  for (const item of (body.input ?? body.messages ?? []) as Record<string, unknown>[]) {
    if (item.type === 'function_call') calls.push(parseCall(item.name, item.arguments));
    if (item.type === 'function_call_output') outputs.push(String(item.output ?? ''));
    if (item.role === 'assistant' && Array.isArray(item.tool_calls)) {
      for (const call of item.tool_calls as { function: { name: string; arguments: string } }[])
        calls.push(parseCall(call.function.name, call.function.arguments));
    }
    if (item.role === 'tool')
      outputs.push(typeof item.content === 'string' ? item.content : JSON.stringify(item.content));
  }
  return { wire: request.wire, scenario, step: calls.length, lastCall: calls.at(-1), outputs };
}

function parseCall(name: unknown, args: unknown): { name: string; arguments: Record<string, unknown> } {
  try {
    return { name: String(name), arguments: JSON.parse(String(args)) as Record<string, unknown> };
  } catch {
    return { name: String(name), arguments: {} };
  }
}

/**
 * Tool calls written as `<tool_call>` text instead of structured calls: repair recovers them in
 * sessions; the wire probes, outside any session, see no structured call.
 */
export function misformatting(policy: Policy): Policy {
  return (view) => {
    const reply = policy(view);
    if (!reply?.toolCalls?.length) return reply;
    return {
      text: reply.toolCalls
        .map(
          (call) =>
            `<tool_call>\n${JSON.stringify({ name: call.name, arguments: call.arguments })}\n</tool_call>`,
        )
        .join('\n'),
    };
  };
}

/** Replaces the replies of some scenarios' steps. */
export function overriding(policy: Policy, overrides: Record<string, ScriptedReply[]>): Policy {
  return (view) => {
    const steps = view.scenario ? overrides[view.scenario] : undefined;
    return steps ? steps[Math.min(view.step, steps.length - 1)] : policy(view);
  };
}

/** Never calls a tool: answers every request with a plausible guess. */
export const talker: Policy = () => say('The files are probably notes.md and data.csv. 42. 7341.');
