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
