// The one-line description of a `compaction` event that the TUI transcript and exec's stderr show.
import type { AgentEvent } from './events.js';

type CompactionEvent = Extract<AgentEvent, { type: 'compaction' }>;

const REASONS: Record<CompactionEvent['reason'], string> = {
  threshold: 'the conversation neared the context window',
  overflow: 'the server said the request did not fit',
  truncation: 'the server cut the prompt',
  manual: 'asked with /compact',
};

export function describeCompaction(event: CompactionEvent): string {
  const what =
    event.stage === 'prune'
      ? 'pruned old tool outputs'
      : `summarised the older conversation (${event.requests} summary request${event.requests === 1 ? '' : 's'}, ${formatSeconds(event.durationMs)})`;
  return `context: ${what}: ~${formatK(event.tokensBefore)} → ~${formatK(event.tokensAfter)} tokens of a ${formatK(event.window)} window (${REASONS[event.reason]})`;
}

function formatK(tokens: number): string {
  return tokens >= 1000 ? `${(tokens / 1000).toFixed(1)}K` : String(tokens);
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
