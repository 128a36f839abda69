// An eval scenario is data (one JSON file each): a tiny workspace, a prompt, and checks that
// decide whether the model did the task. Built-ins live in ./scenarios/; users add their own in
// $OSSA_HOME/evals/scenarios/*.json (same format, validated here with the file named).
import * as z from '../../protocol/zod.js';

export const CAPABILITIES = [
  'tool-choice',
  'arguments',
  'no-tool',
  'chained',
  'recovery',
  'agentic',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const check = z.discriminatedUnion('kind', [
  /** The file holds exactly this text (a trailing newline is ignored). */
  z.strictObject({ kind: z.literal('file-equals'), path: z.string(), text: z.string() }),
  /** The file contains this text. */
  z.strictObject({ kind: z.literal('file-contains'), path: z.string(), text: z.string() }),
  /** The file does not exist. */
  z.strictObject({ kind: z.literal('file-absent'), path: z.string() }),
  /** The final answer contains this text (case-insensitive). */
  z.strictObject({ kind: z.literal('answer-contains'), text: z.string() }),
  /** The model called this tool (successfully) at least once. */
  z.strictObject({ kind: z.literal('tool-used'), name: z.string() }),
  /** The model answered without calling any tool. */
  z.strictObject({ kind: z.literal('no-tool-calls') }),
  /** This command, run in the workspace after the turn, exits 0. */
  z.strictObject({ kind: z.literal('command'), argv: z.array(z.string()).check(z.minLength(1)) }),
  /**
   * The scenario's own verify script (Node or sh source), kept outside the workspace so the model
   * cannot edit it, run with the workspace as its working directory after the turn; exit 0 passes.
   * Its environment has OSSA_EVAL_PARTS (generated part files, 0 without `generate`).
   */
  z.strictObject({
    kind: z.literal('script'),
    lang: z.enum(['node', 'sh']),
    source: z.string().check(z.minLength(1)),
  }),
  /** A successful call of this tool whose arguments contain these (a JSON subset: objects by key, arrays element-wise). */
  z.strictObject({
    kind: z.literal('tool-called-with'),
    name: z.string(),
    arguments: z.record(z.string(), z.unknown()),
  }),
  /** At least one call failed before the task was done (a recovery scenario really exercised recovery). */
  z.strictObject({ kind: z.literal('tool-failed') }),
  /** No more than this many tool calls (efficiency: the task needs only a few). */
  z.strictObject({ kind: z.literal('max-tool-calls'), count: z.number().check(z.int(), z.positive()) }),
]);
export type ScenarioCheck = z.infer<typeof check>;

export const scenarioSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes')),
  capability: z.enum(CAPABILITIES),
  /** What it measures, for the scorecard and the docs. */
  title: z.string(),
  prompt: z.string(),
  /** Files of the workspace (path → content); it is a fresh git repository. */
  files: z._default(z.record(z.string(), z.string()), {}),
  checks: z.array(check).check(z.minLength(1)),
  /** Part of `--quick`. */
  quick: z._default(z.boolean(), false),
  /** Wall-clock limit of one attempt. Default 120. */
  timeout_sec: z._default(z.number().check(z.int(), z.positive(), z.maximum(3600)), 120),
  /** Model requests a capable model needs (the speed estimate that scales the suite). Default 3. */
  est_steps: z._default(z.number().check(z.int(), z.positive(), z.maximum(500)), 3),
  /**
   * Workspace files made for the real window at run time: `parts` files of about
   * `part_fraction` × window tokens each, enough of them to hold `fraction` × the window in all.
   * Each file holds one line `CODE <n>: <code>`; `{parts}` in the prompt becomes their count. The
   * long task uses it to force a compaction whatever the window.
   */
  generate: z.optional(
    z.strictObject({
      kind: z.literal('window-parts'),
      fraction: z.number().check(z.positive(), z.maximum(4)),
      part_fraction: z._default(z.number().check(z.positive(), z.maximum(0.5)), 0.06),
    }),
  ),
  /** The task is meant to make the session compact: the scorecard says whether it did. */
  expect_compaction: z._default(z.boolean(), false),
});
export type Scenario = z.infer<typeof scenarioSchema>;
