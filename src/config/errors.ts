// ConfigError: a configuration problem the user can fix. Exit code 2. The message already holds
// everything a person needs (where, what, how to fix), because main.ts prints only `message`.
import { OssaError } from '../errors.js';

export interface ConfigErrorDetails {
  /** What is wrong, in one sentence. */
  message: string;
  /** The file (or `-c`, `--flag`, `env NAME`) the problem comes from. */
  file?: string;
  /** 1-based position in `file`, when known. */
  line?: number;
  column?: number;
  /** Dotted key path, e.g. `model_providers.local.base_url`. */
  keyPath?: string;
  /** What to do about it. */
  fix?: string;
  /** The offending source line, shown with a caret under `column`. */
  sourceLine?: string;
}

export class ConfigError extends OssaError {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly keyPath?: string;
  readonly problem: string;
  readonly fix?: string;

  constructor(details: ConfigErrorDetails) {
    super(formatConfigError(details), 2);
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.keyPath = details.keyPath;
    this.problem = details.message;
    this.fix = details.fix;
  }
}

/** Every `scheme://user:password@` in `text` with the user-info replaced. */
export function redactCredentialsInText(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"']*@/gi, '$1<redacted>@');
}

/** `file:line:column: message`, the source line with a caret, then `fix: …`. */
export function formatConfigError(details: ConfigErrorDetails): string {
  let where = details.file ?? '';
  if (where && details.line !== undefined) {
    where += `:${details.line}`;
    if (details.column !== undefined) where += `:${details.column}`;
  }
  let text = where ? `${where}: ${details.message}` : details.message;
  if (details.sourceLine !== undefined && details.line !== undefined) {
    const gutter = `${details.line} | `;
    // The line may hold a URL with a password in it: never echoed.
    text += `\n  ${gutter}${redactCredentialsInText(details.sourceLine)}`;
    if (details.column !== undefined) {
      text += `\n  ${' '.repeat(gutter.length + Math.max(0, details.column - 1))}^`;
    }
  }
  if (details.fix) text += `\nfix: ${details.fix}`;
  return text;
}
