// The built-in scenarios, in the order they run (by capability, quick ones first, the long task
// last). Each is a JSON file in ./scenarios/ — the same format users write (scenario.ts).
// A unit test checks that every file in ./scenarios/ is listed here.
import arrayArguments from './scenarios/array-arguments.json' with { type: 'json' };
import chainCopyVersion from './scenarios/chain-copy-version.json' with { type: 'json' };
import chainFindThenEdit from './scenarios/chain-find-then-edit.json' with { type: 'json' };
import countLines from './scenarios/count-lines.json' with { type: 'json' };
import createFile from './scenarios/create-file.json' with { type: 'json' };
import deleteFile from './scenarios/delete-file.json' with { type: 'json' };
import fixFailingTest from './scenarios/fix-failing-test.json' with { type: 'json' };
import investigate from './scenarios/investigate.json' with { type: 'json' };
import listFiles from './scenarios/list-files.json' with { type: 'json' };
import longTaskCompaction from './scenarios/long-task-compaction.json' with { type: 'json' };
import multiLineEdit from './scenarios/multi-line-edit.json' with { type: 'json' };
import nestedJson from './scenarios/nested-json.json' with { type: 'json' };
import noToolNeeded from './scenarios/no-tool-needed.json' with { type: 'json' };
import noToolTempted from './scenarios/no-tool-tempted.json' with { type: 'json' };
import pickPlanTool from './scenarios/pick-plan-tool.json' with { type: 'json' };
import recoverBrokenConfig from './scenarios/recover-broken-config.json' with { type: 'json' };
import recoverMissingFile from './scenarios/recover-missing-file.json' with { type: 'json' };
import recoverWrongCommand from './scenarios/recover-wrong-command.json' with { type: 'json' };
import renameFunction from './scenarios/rename-function.json' with { type: 'json' };
import runAndInterpret from './scenarios/run-and-interpret.json' with { type: 'json' };
import taskCreateModule from './scenarios/task-create-module.json' with { type: 'json' };
import taskRunTests from './scenarios/task-run-tests.json' with { type: 'json' };
import twoHunkPatch from './scenarios/two-hunk-patch.json' with { type: 'json' };
import unicodeContent from './scenarios/unicode-content.json' with { type: 'json' };

export const BUILT_IN_SCENARIOS: unknown[] = [
  listFiles,
  pickPlanTool,
  runAndInterpret,
  createFile,
  arrayArguments,
  deleteFile,
  multiLineEdit,
  nestedJson,
  twoHunkPatch,
  unicodeContent,
  noToolNeeded,
  noToolTempted,
  chainCopyVersion,
  chainFindThenEdit,
  countLines,
  recoverBrokenConfig,
  recoverMissingFile,
  recoverWrongCommand,
  fixFailingTest,
  investigate,
  renameFunction,
  taskCreateModule,
  taskRunTests,
  longTaskCompaction,
];
