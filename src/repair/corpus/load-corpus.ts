// Reads the repair corpus (one JSON case per line in corpus/*.jsonl) for the tests and the bench.
// A case: the model name, the declared tools (`"ossa"`, or a list of ossa tool names and custom
// `{name, parameters}` specs), the raw response, and the exact expected result.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RawResponse, RepairToolSchema } from '../types.js';

export type ExpectedCall =
  | { name: string; arguments: unknown; callId?: string }
  | { refused: true; name: string; includes: string[] };

export interface CorpusCase {
  id: string;
  source: string;
  model: string;
  tools: RepairToolSchema[];
  response: RawResponse;
  expected: {
    text: string;
    calls: ExpectedCall[];
    /** Absent: not checked; null: no reasoning. */
    reasoning?: string | null;
    /** Kinds that must appear among the calls' `repairedKinds` or the text kinds. */
    kinds?: string[];
  };
  note?: string;
  file: string;
}

const CORPUS_DIR = fileURLToPath(new URL('./', import.meta.url));

export function ossaTools(): RepairToolSchema[] {
  return JSON.parse(readFileSync(`${CORPUS_DIR}ossa-tools.json`, 'utf8')) as RepairToolSchema[];
}

export function loadCorpus(): CorpusCase[] {
  const ossa = ossaTools();
  const cases: CorpusCase[] = [];
  for (const file of readdirSync(CORPUS_DIR)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()) {
    const lines = readFileSync(`${CORPUS_DIR}${file}`, 'utf8').split('\n');
    for (const line of lines) {
      if (!line.trim()) continue;
      const raw = JSON.parse(line) as Omit<CorpusCase, 'tools' | 'file'> & {
        tools: string | (string | RepairToolSchema)[];
      };
      const tools = raw.tools === 'ossa' ? ossa : resolveTools(raw.tools, ossa);
      cases.push({ ...raw, tools, file });
    }
  }
  return cases;
}

function resolveTools(
  spec: string | (string | RepairToolSchema)[],
  ossa: RepairToolSchema[],
): RepairToolSchema[] {
  const list = typeof spec === 'string' ? [spec] : spec;
  return list.map((entry) => {
    if (typeof entry !== 'string') return entry;
    const tool = ossa.find((candidate) => candidate.name === entry);
    if (!tool) throw new Error(`corpus: unknown ossa tool ${entry}`);
    return tool;
  });
}
