// The session and its turns on screen: the session line, the user's prompt when a turn begins,
// what an interrupted turn leaves, and the token counts of the status line.
import type { AgentEvent, TokenUsage } from '../protocol/events.js';
import { addCell } from './add-cell.js';
import { pieceCell } from './reduce-stream.js';
import { emptyLive, type TuiState } from './state.js';

export function reduceSessionStart(
  state: TuiState,
  event: Extract<AgentEvent, { type: 'session-start' }>,
): TuiState {
  const status = state.status && {
    ...state.status,
    sessionId: event.sessionId,
    model: event.model,
    provider: event.provider,
    sandbox: event.sandbox,
    approval: event.approval,
  };
  const text = `${event.resumed ? 'resumed session' : 'session'} ${event.sessionId.slice(0, 8)} · model ${event.model} · provider ${event.provider} · sandbox ${event.sandbox} · approval ${event.approval}`;
  const base: TuiState = { ...state, ...(status ? { status } : {}), quietStart: false };
  const next = state.quietStart ? base : addCell(base, { kind: 'notice', tone: 'muted', text });
  return event.sandbox === 'danger-full-access'
    ? addCell(next, {
        kind: 'notice',
        tone: 'warning',
        text: 'No sandbox: commands the model runs have full access to this machine.',
      })
    : next;
}

export function reduceTurnBegin(
  state: TuiState,
  event: Extract<AgentEvent, { type: 'turn-begin' }>,
  at: number,
): TuiState {
  const submitted = state.submitted.find((s) => s.text === event.prompt);
  const display = submitted?.display ?? event.prompt;
  const queueIndex = state.queued.indexOf(display);
  const next: TuiState = {
    ...state,
    running: true,
    live: { ...emptyLive, turnId: event.turnId, turnStartedAt: at },
    queued: queueIndex >= 0 ? state.queued.filter((_, i) => i !== queueIndex) : state.queued,
    submitted: submitted ? state.submitted.filter((s) => s !== submitted) : state.submitted,
  };
  return addCell(next, { kind: 'user', text: display });
}

export function reduceUsage(state: TuiState, event: Extract<AgentEvent, { type: 'usage' }>): TuiState {
  if (!state.status) return state;
  const status = {
    ...state.status,
    contextUsed: event.usage.inputTokens + event.usage.outputTokens,
    sessionTotal: addUsage(state.status.sessionTotal, event.usage),
    ...(event.ttftMs !== undefined ? { ttftMs: event.ttftMs } : {}),
    ...(event.tokensPerSecond !== undefined ? { tokensPerSecond: event.tokensPerSecond } : {}),
  };
  return { ...state, status };
}

export function reduceTurnEnd(state: TuiState, status: 'completed' | 'failed' | 'interrupted'): TuiState {
  let next: TuiState = state;
  // Partial output of an interrupted reply stays visible (it is not in the history the model sees).
  const { streamText, printed } = state.live;
  if (streamText.trim()) {
    const rest = streamText.slice(printed.shown).trimEnd();
    const piece = { text: rest ? `${rest} …` : '…', continued: printed.printed };
    next = addCell(next, pieceCell(printed.fence ? { ...piece, fence: printed.fence } : piece));
  }
  for (const tool of state.live.tools) {
    next = addCell(next, { ...tool, status: 'failed', outcome: 'stopped' });
  }
  next = { ...next, running: false, live: emptyLive };
  if (status === 'interrupted') {
    next = addCell(next, {
      kind: 'notice',
      tone: 'warning',
      text: 'Interrupted. Tell the model what to do differently, or send a new task.',
    });
  }
  return next;
}

function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningOutputTokens: a.reasoningOutputTokens + b.reasoningOutputTokens,
  };
}
