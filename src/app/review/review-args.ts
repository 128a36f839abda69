// The review's choices as the CLI flags and `/review` arguments give them: one scope at most, and
// the --fail-on threshold. Usage errors name the flag and what it accepts.
import { UsageError } from '../../errors.js';
import type { ReviewScope } from './review-scope.js';

export interface ScopeFlags {
  uncommitted?: boolean;
  base?: string;
  commit?: string;
}

export function parseReviewScope(flags: ScopeFlags): ReviewScope | undefined {
  const given = [
    flags.uncommitted ? '--uncommitted' : undefined,
    flags.base !== undefined ? '--base' : undefined,
    flags.commit !== undefined ? '--commit' : undefined,
  ].filter(Boolean);
  if (given.length > 1) {
    throw new UsageError(
      `${given.join(' and ')} choose different changes: pass one of --uncommitted, --base BRANCH, --commit SHA.`,
    );
  }
  if (flags.uncommitted) return { kind: 'uncommitted' };
  if (flags.base !== undefined) return { kind: 'base', branch: flags.base };
  if (flags.commit !== undefined) return { kind: 'commit', sha: flags.commit };
  return undefined;
}

/** `P1`, `p1` or `1` → 1. */
export function parseFailOn(value: string): number {
  const match = /^[Pp]?([0-3])$/.exec(value.trim());
  if (!match)
    throw new UsageError(`--fail-on ${JSON.stringify(value)}: expected a priority P0, P1, P2 or P3.`);
  return Number(match[1]);
}

/**
 * `/review` arguments: `--uncommitted`, `--base BRANCH`, `--commit SHA`, `--title "T"`, and the
 * rest as instructions.
 */
export function parseReviewArguments(text: string): {
  scope?: ReviewScope;
  title?: string;
  instructions?: string;
} {
  const flags: ScopeFlags = {};
  let title: string | undefined;
  const words = text.trim().split(/\s+/).filter(Boolean);
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const value = () => {
      const next = words[++i];
      if (next === undefined) throw new UsageError(`/review ${word} needs a value.`);
      return next;
    };
    if (word === '--uncommitted') flags.uncommitted = true;
    else if (word === '--base') flags.base = value();
    else if (word === '--commit') flags.commit = value();
    else if (word === '--title') title = value();
    else if (word.startsWith('--') && rest.length === 0)
      throw new UsageError(
        `/review: unknown option ${word} (use --uncommitted, --base BRANCH, --commit SHA, --title T).`,
      );
    else rest.push(word);
  }
  const scope = parseReviewScope(flags);
  const instructions = rest.join(' ');
  return {
    ...(scope ? { scope } : {}),
    ...(title ? { title } : {}),
    ...(instructions ? { instructions } : {}),
  };
}
