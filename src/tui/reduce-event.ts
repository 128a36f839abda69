// AgentEvent → screen state. Pure: the time an event arrived comes with it (`at`), so recorded
// event sequences replay to the same screen. One handler per event type, grouped by concept:
// the session and its turns (reduce-turn.ts), the streamed reply (reduce-stream.ts), tool calls
// and approvals (reduce-tools.ts), and the one-line notices below.
import { describeCompaction } from '../protocol/compaction-text.js';
import type { AgentEvent } from '../protocol/events.js';
import { escapeTerminalStrings } from '../protocol/terminal-text.js';
import { addCell } from './add-cell.js';
import {
  reduceMessage,
  reduceReasoning,
  reduceReasoningDelta,
  reduceStreamReset,
  reduceTextDelta,
} from './reduce-stream.js';
import {
  reduceApprovalDecision,
  reduceApprovalRequest,
  reducePlanUpdate,
  reduceToolBegin,
  reduceToolCallDelta,
  reduceToolEnd,
  reduceToolRepair,
} from './reduce-tools.js';
import { reduceSessionStart, reduceTurnBegin, reduceTurnEnd, reduceUsage } from './reduce-turn.js';
import type { TuiState } from './state.js';

type Handler<T extends AgentEvent['type']> = (
  state: TuiState,
  event: Extract<AgentEvent, { type: T }>,
  at: number,
) => TuiState;

/** Every event type has its handler (the mapped type makes a missing one a compile error). */
const HANDLERS: { [T in AgentEvent['type']]: Handler<T> } = {
  'session-start': reduceSessionStart,
  'turn-begin': reduceTurnBegin,
  'request-begin': (state) => state,
  'text-delta': reduceTextDelta,
  'reasoning-delta': reduceReasoningDelta,
  message: reduceMessage,
  reasoning: reduceReasoning,
  'stream-reset': reduceStreamReset,
  'tool-call-delta': reduceToolCallDelta,
  'tool-call-begin': reduceToolBegin,
  'tool-call-end': reduceToolEnd,
  'tool-call-repair': reduceToolRepair,
  'plan-update': reducePlanUpdate,
  'approval-request': reduceApprovalRequest,
  'approval-decision': reduceApprovalDecision,
  usage: reduceUsage,
  'turn-end': (state, event) => reduceTurnEnd(state, event.status),
  retry: (state, event) =>
    addCell(state, {
      kind: 'notice',
      tone: 'retry',
      text: `${event.reason}, retrying in ${Math.max(1, Math.round(event.delayMs / 1000))} s (${event.attempt}/${event.maxAttempts})`,
    }),
  compaction: (state, event) =>
    addCell(state, { kind: 'notice', tone: 'muted', text: describeCompaction(event) }),
  warning: (state, event) => addCell(state, { kind: 'notice', tone: 'warning', text: event.message }),
  error: (state, event) => addCell(state, { kind: 'notice', tone: 'error', text: event.message }),
  'mcp-server': reduceMcpServer,
  'mcp-tools': reduceMcpTools,
};

export function reduceEvent(state: TuiState, rawEvent: AgentEvent, at: number): TuiState {
  // Everything the agent reports may be model-controlled: no raw control characters on screen.
  const event = escapeTerminalStrings(rawEvent);
  const handler = HANDLERS[event.type] as Handler<AgentEvent['type']> | undefined;
  if (!handler) throw new Error(`unhandled event ${JSON.stringify(event)}`);
  return handler(state, event, at);
}

/** A server that started is shown by `/mcp`; what went wrong is shown here. */
function reduceMcpServer(state: TuiState, event: Extract<AgentEvent, { type: 'mcp-server' }>): TuiState {
  if (event.status === 'ready') return state;
  return addCell(state, {
    kind: 'notice',
    tone: event.status === 'restarted' ? 'info' : 'warning',
    text: `MCP server ${event.server}: ${event.status}${event.message ? ` — ${event.message}` : ''}`,
  });
}

function reduceMcpTools(state: TuiState, event: Extract<AgentEvent, { type: 'mcp-tools' }>): TuiState {
  if (event.leftOut.length === 0) return state;
  return addCell(state, {
    kind: 'notice',
    tone: 'info',
    text: `MCP: ${event.offered.length} tools offered (${event.usedTokens} of ${event.budgetTokens} budget tokens), ${event.leftOut.length} left out — /mcp shows which and why.`,
  });
}
