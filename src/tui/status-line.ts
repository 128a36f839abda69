// The status line under the composer: provider and model, profile, sandbox and approval mode,
// context used / window, speed of the last reply. Pure: segments in, the ones that fit out.
import { formatTokens } from '../protocol/format-tokens.js';
import { formatDuration } from './format-units.js';
import type { StatusState } from './state.js';

export type SegmentTone = 'accent' | 'plain' | 'muted' | 'warning' | 'error';

export interface Segment {
  text: string;
  tone: SegmentTone;
}

/** Share of the window at which the context figure turns yellow, then red. */
const CONTEXT_WARNING = 0.8;
const CONTEXT_CRITICAL = 0.95;

export const STATUS_SEPARATOR = ' · ';

export function contextSegment(status: StatusState): Segment | undefined {
  const used = status.contextUsed;
  const window = status.contextWindow;
  if (used === undefined && window === undefined) return undefined;
  if (window === undefined) return { text: `ctx ${formatTokens(used ?? 0)}`, tone: 'plain' };
  if (used === undefined) return { text: `ctx –/${formatTokens(window)}`, tone: 'plain' };
  const share = used / window;
  const tone: SegmentTone =
    share >= CONTEXT_CRITICAL ? 'error' : share >= CONTEXT_WARNING ? 'warning' : 'plain';
  return {
    text: `ctx ${formatTokens(used)}/${formatTokens(window)} (${Math.round(share * 100)}%)`,
    tone,
  };
}

function speedSegment(status: StatusState): Segment | undefined {
  const parts: string[] = [];
  if (status.tokensPerSecond !== undefined) parts.push(`${status.tokensPerSecond.toFixed(1)} tok/s`);
  if (status.ttftMs !== undefined) parts.push(`TTFT ${formatDuration(status.ttftMs)}`);
  return parts.length > 0 ? { text: parts.join(' '), tone: 'muted' } : undefined;
}

/** Segments that fit in `width` columns, least important dropped first. */
export function statusSegments(status: StatusState, width: number): Segment[] {
  // [priority (lower = keep longer), segment]
  const candidates: [number, Segment | undefined][] = [
    [0, { text: status.model, tone: 'accent' }],
    [4, { text: status.provider, tone: 'plain' }],
    [5, status.profile ? { text: `profile ${status.profile}`, tone: 'plain' } : undefined],
    [2, { text: `${status.sandbox} / ${status.approval}`, tone: 'plain' }],
    [1, contextSegment(status)],
    [3, speedSegment(status)],
  ];
  let kept = candidates.filter((c): c is [number, Segment] => c[1] !== undefined);
  const total = (list: [number, Segment][]) =>
    list.reduce((sum, [, s]) => sum + s.text.length, 0) +
    STATUS_SEPARATOR.length * Math.max(0, list.length - 1);
  while (kept.length > 1 && total(kept) > width) {
    const worst = Math.max(...kept.map(([priority]) => priority));
    kept = kept.filter(([priority]) => priority !== worst);
  }
  return kept.map(([, segment]) => segment);
}
