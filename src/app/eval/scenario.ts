// An eval scenario is data (one JSON file each): a tiny workspace, a prompt, and checks that
// decide whether the model did the task. Built-ins live in ./scenarios/; users add their own in
// $OSSA_HOME/evals/scenarios/*.json (same format, validated here with the file named).
import { z } from 'zod';

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
  /** This command, run in the workspace after the turn, exits 0 (the scenario's verify script). */
  z.strictObject({ kind: z.literal('command'), argv: z.array(z.string()).min(1) }),
]);
export type ScenarioCheck = z.infer<typeof check>;

export const scenarioSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  capability: z.enum(CAPABILITIES),
  /** What it measures, for the scorecard and the docs. */
  title: z.string(),
  prompt: z.string(),
  /** Files of the workspace (path → content); it is a fresh git repository. */
  files: z.record(z.string(), z.string()).default({}),
  checks: z.array(check).min(1),
  /** Part of `--quick`. */
  quick: z.boolean().default(false),
  /** Wall-clock limit of one attempt. Default 120. */
  timeout_sec: z.number().int().positive().max(3600).default(120),
});
export type Scenario = z.infer<typeof scenarioSchema>;
