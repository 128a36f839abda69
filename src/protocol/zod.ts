// The one zod of src/: `zod/mini`, with classic zod's English messages. Every schema file imports
// it as `import * as z from '../protocol/zod.js'` (test/architecture.test.ts keeps 'zod' and
// 'zod/mini' out of every other file).
//
// Why mini: classic zod is one object with every method on it, so a bundle keeps all of it. Its
// chunk was 201 KB and cost about 20 ms of CPU and 7 MiB of RSS on every start (`ossa exec`,
// `ossa debug config`, the TUI) before the first model request; mini's functions tree-shake to
// the ones src/ calls. Same core: the same issue codes, `safeParse`, `z.infer`, `z.toJSONSchema`.
//
// Why the locale: classic zod installs the English messages when it loads; mini does not, and its
// issues all say "Invalid input". Users and models read `issue.message` (a config error, a tool's
// argument error, a server's reply that does not fit), so English is installed here, once, before
// any schema of src/ can parse. `export *` (not a re-exported namespace object) keeps tree-shaking.
import { en } from 'zod/locales';
import { config } from 'zod/mini';

config(en());

export * from 'zod/mini';
