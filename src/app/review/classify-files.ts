// Files a review lists but does not send: binary files (no text to read), lock files,
// vendored dependencies and generated code (a model's time is better spent on what people
// wrote). Decided by path, by the repository's .gitattributes (`linguist-generated`,
// `linguist-vendored`, `-diff`), and by the markers generators write at the top of a file.
// Pure: the attributes come in from the caller.
import { basename } from 'node:path';
import type { FileDiff } from './parse-diff.js';

export type SkipReason = 'binary' | 'lock file' | 'vendored' | 'generated';

const LOCK_FILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  'bun.lock',
  'Cargo.lock',
  'Gemfile.lock',
  'composer.lock',
  'poetry.lock',
  'Pipfile.lock',
  'uv.lock',
  'pdm.lock',
  'go.sum',
  'flake.lock',
  'mix.lock',
  'pubspec.lock',
  'Podfile.lock',
  'packages.lock.json',
  'gradle.lockfile',
  'deno.lock',
]);

const VENDORED_DIR = /(?:^|\/)(?:node_modules|vendor|third_party|third-party|bower_components|\.yarn)\//;

const GENERATED_PATH =
  /(?:\.min\.(?:js|css|mjs)|\.map|\.pb\.go|_pb2\.pyi?|_pb2_grpc\.py|\.pb\.(?:h|cc)|\.g\.dart|\.freezed\.dart|\.generated\.\w+|\.designer\.cs)$/i;

/** What generators write near the top of a file. */
const GENERATED_MARKER =
  /@generated|\bDO NOT EDIT\b|\bCode generated\b.*\bDO NOT EDIT\b|\bauto-?generated\b|\bThis file (?:is|was) (?:automatically )?generated\b/i;
/** Lines from the top of a file that count as "the top". */
const MARKER_LINES = 5;

export interface FileAttributes {
  generated?: boolean;
  vendored?: boolean;
  /** `-diff` / `binary`: git treats the file as binary. */
  binary?: boolean;
}

export function skipReason(file: FileDiff, attributes: FileAttributes = {}): SkipReason | undefined {
  if (file.binary || attributes.binary) return 'binary';
  if (LOCK_FILES.has(basename(file.path))) return 'lock file';
  if (attributes.vendored || VENDORED_DIR.test(file.path)) return 'vendored';
  if (attributes.generated || GENERATED_PATH.test(file.path) || hasGeneratedMarker(file)) return 'generated';
  return undefined;
}

/** A marker in the first lines of the new file, when the diff shows them. */
function hasGeneratedMarker(file: FileDiff): boolean {
  const first = file.hunks[0];
  if (!first || first.newStart > 1) return false;
  const newLines = first.text
    .split('\n')
    .slice(1)
    .filter((line) => line.startsWith('+') || line.startsWith(' '))
    .slice(0, MARKER_LINES);
  return newLines.some((line) => GENERATED_MARKER.test(line));
}
