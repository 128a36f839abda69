// Test support: the recorded wire streams in ../shared/conformance/wire, turned into the exact
// SSE bodies to replay (rules from that directory's README), and the re-chunkings the
// conformance tests apply (per line, per byte, split inside multi-byte UTF-8 characters).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SHARED_CONFORMANCE_DIR } from '../../../test/kit/shared-conformance-path.js';
import type { WireApi } from '../../protocol/provider.js';

/** Read only by suites registered through test/kit/shared-conformance.ts (absent on a fresh clone). */
export const WIRE_FIXTURES_DIR = join(SHARED_CONFORMANCE_DIR, 'wire');

export interface WireFixture {
  /** Path relative to the wire directory; `#n` marks the n-th response of a multi-response file. */
  name: string;
  wire: WireApi;
  /** The SSE body to replay. */
  sse: string;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}

function wireOf(name: string): WireApi {
  return /responses/.test(name) ? 'responses' : 'chat';
}

/** `event: <type>` for a chunk line; read with a regex because some recorded lines are malformed JSON. */
function responsesFrame(line: string): string {
  const type = /"type"\s*:\s*"([^"]+)"/.exec(line)?.[1];
  return `${type ? `event: ${type}\n` : ''}data: ${line}\n\n`;
}

/** Splits a chunks file holding several recorded responses (one per `response.created`). */
function splitResponses(lines: string[]): string[][] {
  const groups: string[][] = [];
  for (const line of lines) {
    if (/"type"\s*:\s*"response\.created"/.test(line) || groups.length === 0) groups.push([]);
    groups.at(-1)?.push(line);
  }
  return groups;
}

/** Every whole stream in the wire directory (snippets and choices fragments excluded). */
export function loadWireFixtures(): WireFixture[] {
  const fixtures: WireFixture[] = [];
  for (const path of listFiles(WIRE_FIXTURES_DIR)) {
    const name = relative(WIRE_FIXTURES_DIR, path);
    const wire = wireOf(name);
    if (name.endsWith('.sse')) {
      fixtures.push({ name, wire, sse: readFileSync(path, 'utf8') });
    } else if (name.endsWith('.chunks.jsonl')) {
      const lines = readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '');
      if (wire === 'chat') {
        fixtures.push({
          name,
          wire,
          sse: `${lines.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`,
        });
      } else {
        const groups = splitResponses(lines);
        groups.forEach((group, index) => {
          fixtures.push({
            name: groups.length > 1 ? `${name}#${index + 1}` : name,
            wire,
            sse: group.map(responsesFrame).join(''),
          });
        });
      }
    } else if (name.endsWith('incomplete_sse.json')) {
      // Codex's JSON array of events; single-key objects render as an `event:` line with no data.
      const events = JSON.parse(readFileSync(path, 'utf8')) as { type: string }[];
      fixtures.push({
        name,
        wire,
        sse: events
          .map((event) =>
            Object.keys(event).length === 1
              ? `event: ${event.type}\n\n`
              : responsesFrame(JSON.stringify(event)),
          )
          .join(''),
      });
    }
  }
  return fixtures;
}

export type Rechunking = 'whole' | 'lines' | 'bytes' | 'utf8-split';

/** The body as the chunks a server would write under each re-chunking. */
export function rechunk(sse: string, how: Rechunking): Uint8Array[] {
  const bytes = Buffer.from(sse, 'utf8');
  switch (how) {
    case 'whole':
      return [bytes];
    case 'lines': {
      const chunks: Uint8Array[] = [];
      let start = 0;
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] === 0x0a) {
          chunks.push(bytes.subarray(start, i + 1));
          start = i + 1;
        }
      }
      if (start < bytes.length) chunks.push(bytes.subarray(start));
      return chunks;
    }
    case 'bytes':
      return Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
    case 'utf8-split': {
      // Cut after the first byte of every multi-byte character (lead bytes are 0b11xxxxxx).
      const chunks: Uint8Array[] = [];
      let start = 0;
      for (let i = 0; i < bytes.length; i++) {
        const byte = bytes[i] ?? 0;
        if (byte >= 0xc0) {
          chunks.push(bytes.subarray(start, i + 1));
          start = i + 1;
        }
      }
      chunks.push(bytes.subarray(start));
      return chunks;
    }
  }
}
