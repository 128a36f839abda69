// Module boundaries from docs/architecture.md, enforced on the import graph of src/.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Top-level module (config, model, …) of every relative import in a file, type-only ones included. */
function importedModules(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const modules: string[] = [];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = relative(SRC, resolve(file, '..', match[1]!));
    modules.push(target.split('/')[0]!);
  }
  return modules;
}

// The layers, top to bottom: cli → app → servers / session / mcp → tools, model, repair → sandbox,
// store, config → protocol. A module may import only what is below it. mcp/ (MCP servers as a
// tool source) reaches the session only through tools/ (the registry): the session never knows it.
const RULES: Record<string, string[]> = {
  // module → modules it must never import
  cli: ['servers', 'session', 'model', 'repair', 'tools', 'sandbox', 'store', 'mcp'],
  app: ['cli'],
  servers: ['cli', 'app', 'session', 'tui', 'exec', 'tools', 'repair', 'store', 'mcp'],
  session: ['cli', 'app', 'servers', 'tui', 'exec', 'config', 'mcp'],
  repair: [
    'cli',
    'app',
    'servers',
    'session',
    'tui',
    'exec',
    'config',
    'model',
    'tools',
    'sandbox',
    'store',
    'mcp',
  ],
  model: [
    'cli',
    'app',
    'servers',
    'session',
    'tui',
    'exec',
    'config',
    'tools',
    'sandbox',
    'store',
    'repair',
    'mcp',
  ],
  tools: ['cli', 'app', 'servers', 'session', 'tui', 'exec', 'model', 'repair', 'mcp'],
  sandbox: ['cli', 'app', 'servers', 'session', 'tui', 'exec', 'config', 'model', 'repair', 'tools', 'mcp'],
  store: ['cli', 'app', 'servers', 'session', 'tui', 'exec', 'config', 'repair', 'tools', 'sandbox', 'mcp'],
  config: [
    'cli',
    'app',
    'servers',
    'session',
    'tui',
    'exec',
    'model',
    'repair',
    'tools',
    'sandbox',
    'store',
    'mcp',
  ],
  protocol: [
    'cli',
    'app',
    'servers',
    'session',
    'tui',
    'exec',
    'config',
    'model',
    'repair',
    'tools',
    'sandbox',
    'store',
    'mcp',
  ],
  // Process lifecycle (signals held during a commit): a leaf every layer may use.
  process: [
    'cli',
    'app',
    'servers',
    'session',
    'tui',
    'exec',
    'config',
    'model',
    'repair',
    'tools',
    'sandbox',
    'store',
    'protocol',
    'mcp',
  ],
  mcp: ['cli', 'app', 'servers', 'session', 'tui', 'exec'],
  // Front-ends render the event stream: protocol and the Session type only.
  tui: ['cli', 'app', 'servers', 'config', 'model', 'repair', 'tools', 'sandbox', 'store', 'exec', 'mcp'],
  exec: ['cli', 'app', 'servers', 'config', 'model', 'repair', 'tools', 'sandbox', 'store', 'tui', 'mcp'],
};

describe('module boundaries', () => {
  it('every folder the rules name exists, and every folder of src/ has rules', () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(folders).toEqual(Object.keys(RULES).sort());
  });

  for (const [module, forbidden] of Object.entries(RULES)) {
    it(`${module}/ imports none of ${forbidden.join(', ')}`, () => {
      const violations: string[] = [];
      for (const file of sourceFiles(join(SRC, module))) {
        for (const imported of importedModules(file)) {
          if (forbidden.includes(imported)) violations.push(`${relative(SRC, file)} → ${imported}/`);
        }
      }
      expect(violations).toEqual([]);
    });
  }
});

/** Every file under `dir` (recursively) whose name matches `pattern`, test files included. */
function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(path, pattern);
    return pattern.test(entry.name) ? [path] : [];
  });
}

/** The zod modules a file imports (`import … from`, `export … from`, `import()`, `require()`). */
function zodImports(text: string): string[] {
  const found = text.matchAll(/(?:from|import|require)\s*\(?\s*['"](zod(?:\/[^'"]*)?)['"]/g);
  return [...found].map((match) => match[1]!);
}

/** Classic zod: one object with every method on it, so a bundle keeps all of it (~200 KB). */
function isClassicZod(specifier: string): boolean {
  return /^zod(?:\/v[34])?$/.test(specifier) || /^zod\/v[34]\/classic\b|^zod\/v3\//.test(specifier);
}

describe('one zod', () => {
  const ROOT = fileURLToPath(new URL('../', import.meta.url));
  const code = ['src', 'test', 'bench'].flatMap((dir) => filesUnder(join(ROOT, dir), /\.(?:tsx?|mjs|js)$/));

  it('nothing imports classic zod: only zod/mini', () => {
    const classic = code
      .flatMap((file) => zodImports(readFileSync(file, 'utf8')).map((spec) => ({ file, spec })))
      .filter(({ spec }) => isClassicZod(spec))
      .map(({ file, spec }) => `${relative(ROOT, file)} imports '${spec}'`);
    expect(
      classic,
      "classic zod cannot be tree-shaken: importing it put a 201 KB chunk (~20 ms CPU, ~7 MiB) on every start. Import z from src/protocol/zod.ts (zod/mini: `z.optional(z.string())`, `.check(z.minLength(1))`, `z.looseObject`), or 'zod/mini' outside src/",
    ).toEqual([]);
  });

  it('src/ imports zod only through protocol/zod.ts, which installs the English messages', () => {
    const direct = filesUnder(SRC, /\.tsx?$/)
      .filter((file) => relative(SRC, file) !== join('protocol', 'zod.ts'))
      .filter((file) => zodImports(readFileSync(file, 'utf8')).length > 0)
      .map((file) => relative(SRC, file));
    expect(
      direct,
      'zod/mini says only "Invalid input" until a locale is installed: `import * as z from \'…/protocol/zod.js\'` instead',
    ).toEqual([]);
  });
});

describe('one owner per fact', () => {
  const all = sourceFiles(SRC).map((file) => ({
    file: relative(SRC, file),
    text: readFileSync(file, 'utf8'),
  }));

  it('one HTTP stack: nothing in src/ calls fetch (it has a hidden 300 s header timeout)', () => {
    const callers = all.filter(({ text }) => /(?<![.\w])fetch\(/.test(text)).map(({ file }) => file);
    expect(callers).toEqual([]);
  });

  it('the session does not know MCP by name: MCP tools reach it through the tool registry', () => {
    const knowing = all
      .filter(({ file }) => file.startsWith('session/'))
      .filter(({ text }) => /mcp/i.test(text))
      .map(({ file }) => file);
    expect(knowing).toEqual([]);
  });

  it('nothing outside config/ reads the merged config table or re-reads settings by key', () => {
    const readers = all
      .filter(({ file }) => !file.startsWith('config/'))
      .filter(({ text }) => /config\.table\b|\.settings\[`model_providers/.test(text))
      .map(({ file }) => file);
    expect(readers).toEqual([]);
  });
});
