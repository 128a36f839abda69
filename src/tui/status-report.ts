// The text of /status: the session, where it runs, and what it has used so far.
import { formatTokens } from '../protocol/format-tokens.js';
import { formatDuration } from './format-units.js';
import type { StatusState } from './state.js';
import { contextSegment } from './status-line.js';

export function statusReport(status: StatusState): string {
  const total = status.sessionTotal;
  const rows: [string, string][] = [
    ['session', status.sessionId],
    ['directory', status.cwd],
    ['model', status.model],
    ['provider', status.baseUrl ? `${status.provider} (${status.baseUrl})` : status.provider],
    ['profile', status.profile ?? '(none)'],
    ['sandbox', status.sandbox],
    ['approval', status.approval],
    ['context', contextSegment(status)?.text.replace(/^ctx /, '') ?? 'no request yet'],
    [
      'tokens',
      `${formatTokens(total.inputTokens)} in (${formatTokens(total.cachedInputTokens)} cached) · ${formatTokens(total.outputTokens)} out`,
    ],
    [
      'last reply',
      status.tokensPerSecond !== undefined || status.ttftMs !== undefined
        ? [
            status.tokensPerSecond !== undefined ? `${status.tokensPerSecond.toFixed(1)} tok/s` : undefined,
            status.ttftMs !== undefined ? `first token after ${formatDuration(status.ttftMs)}` : undefined,
          ]
            .filter(Boolean)
            .join(' · ')
        : 'none yet',
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}
