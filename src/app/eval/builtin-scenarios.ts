// The built-in scenarios, in the order they run (quick ones first within each capability).
// Each is a JSON file in ./scenarios/ — the same format users write (scenario.ts).
import countLines from './scenarios/count-lines.json' with { type: 'json' };
import createFile from './scenarios/create-file.json' with { type: 'json' };
import deleteFile from './scenarios/delete-file.json' with { type: 'json' };
import fixFailingTest from './scenarios/fix-failing-test.json' with { type: 'json' };
import investigate from './scenarios/investigate.json' with { type: 'json' };
import listFiles from './scenarios/list-files.json' with { type: 'json' };
import multiLineEdit from './scenarios/multi-line-edit.json' with { type: 'json' };
import nestedJson from './scenarios/nested-json.json' with { type: 'json' };
import noToolNeeded from './scenarios/no-tool-needed.json' with { type: 'json' };
import recoverMissingFile from './scenarios/recover-missing-file.json' with { type: 'json' };
import renameFunction from './scenarios/rename-function.json' with { type: 'json' };
import runAndInterpret from './scenarios/run-and-interpret.json' with { type: 'json' };

export const BUILT_IN_SCENARIOS: unknown[] = [
  listFiles,
  runAndInterpret,
  createFile,
  nestedJson,
  multiLineEdit,
  deleteFile,
  noToolNeeded,
  countLines,
  recoverMissingFile,
  fixFailingTest,
  renameFunction,
  investigate,
];
