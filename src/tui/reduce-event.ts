// AgentEvent → screen state. Pure: the time an event arrived comes with it (`at`), so recorded
// event sequences replay to the same screen.
import { describeCompaction } from '../protocol/compaction-text.js';
import type { AgentEvent, PatchDetails, ShellDetails, TokenUsage } from '../protocol/events.js';
import { escapeTerminalStrings } from '../protocol/terminal-text.js';
import { declinedByYou } from './approval-labels.js';
import {
  type Cell,
  type Expandable,
  emptyLive,
  type NewCell,
  type ToolCell,
  type TuiState,
} from './state.js';
import { nothingPrinted, type PrintedPiece, printSettled } from './stream-print.js';
import { tailLines, toolTitle } from './tool-display.js';

/** Lines of command output a finished tool cell shows; Ctrl-O shows the rest. */
export const TOOL_TAIL_LINES = 5;
/** Diff lines a patch cell shows; Ctrl-O shows the rest. */
export const PATCH_PREVIEW_LINES = 40;
/**
 * Finished lines of a streaming reply wait in the redrawn area and go into the scrollback at most
 * this often (or once this many are waiting). Each print is a frame Ink draws at once plus one
 * that lets go of the printed cells; printing every line as it ends cost two such frames per line.
 */
export const PRINT_INTERVAL_MS = 500;
export const PRINT_MAX_WAITING_LINES = 6;

export function addCell(state: TuiState, cell: NewCell): TuiState {
  const id = `${state.epoch}:${state.nextId}`;
  return { ...state, nextId: state.nextId + 1, cells: [...state.cells, { ...cell, id } as Cell] };
}

export function reduceEvent(state: TuiState, rawEvent: AgentEvent, at: number): TuiState {
  // Everything the agent reports may be model-controlled: no raw control characters on screen.
  const event = escapeTerminalStrings(rawEvent);
  switch (event.type) {
    case 'session-start': {
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
    case 'turn-begin': {
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
    case 'request-begin':
      return state;
    case 'text-delta': {
      const next = { ...state, live: { ...state.live, streamText: state.live.streamText + event.text } };
      return event.text.includes('\n') && printDue(next, at) ? printStreamed(next, at) : next;
    }
    case 'reasoning-delta':
      return { ...state, live: { ...state.live, reasoningText: state.live.reasoningText + event.text } };
    case 'message': {
      const { streamText, printed } = state.live;
      const next = { ...state, live: { ...state.live, streamText: '', printed: nothingPrinted } };
      // The message is authoritative: when it is not what was printed so far, it is printed whole.
      if (!printed.printed || !event.text.startsWith(streamText.slice(0, printed.shown))) {
        return event.text.trim() ? addCell(next, { kind: 'assistant', text: event.text }) : next;
      }
      const { piece } = printSettled(event.text, printed, true);
      return piece ? addCell(next, pieceCell(piece)) : next;
    }
    case 'reasoning': {
      const next = { ...state, live: { ...state.live, reasoningText: '' } };
      if (!event.text.trim()) return next;
      return withExpandable(addCell(next, { kind: 'reasoning', text: event.text }), {
        title: 'reasoning',
        body: event.text.trim(),
        format: 'text',
      });
    }
    case 'tool-call-delta':
      return {
        ...state,
        live: { ...state.live, writingTool: { name: event.name, characters: event.characters } },
      };
    case 'tool-call-begin': {
      if (event.name === 'update_plan') return withoutWritingTool(state);
      const cell: ToolCell = {
        kind: 'tool',
        id: `${state.epoch}:${event.turnId}:${event.callId}`,
        callId: event.callId,
        name: event.name,
        title: toolTitle(event.name, event.arguments),
        status: 'running',
        startedAt: at,
        output: '',
      };
      const { writingTool: _written, ...live } = state.live;
      return { ...state, live: { ...live, tools: [...live.tools, cell] } };
    }
    case 'tool-call-end':
      return reduceToolEnd(state, event);
    case 'plan-update':
      return addCell(state, {
        kind: 'plan',
        plan: event.plan,
        ...(event.explanation ? { explanation: event.explanation } : {}),
      });
    case 'approval-request': {
      const tools = markAwaiting(state.live.tools, event.request.callId, true);
      const next: TuiState = {
        ...state,
        live: { ...state.live, approval: event.request, tools },
        diffShown:
          event.request.kind === 'patch' ? [...state.diffShown, event.request.callId] : state.diffShown,
      };
      return addCell(next, { kind: 'approval-request', request: event.request });
    }
    case 'approval-decision': {
      const approval = state.live.approval?.callId === event.callId ? undefined : state.live.approval;
      const tools = markAwaiting(state.live.tools, event.callId, false);
      const next = { ...state, live: { ...state.live, approval, tools } };
      return addCell(next, { kind: 'approval-decision', decision: event.decision });
    }
    case 'tool-call-repair':
      return addCell(
        state,
        event.refused
          ? { kind: 'notice', tone: 'warning', text: `Could not use a malformed tool call: ${event.refused}` }
          : {
              kind: 'notice',
              tone: 'muted',
              text: `repaired a malformed ${event.repaired?.name ?? 'tool'} call (${event.kinds.join(', ')})`,
            },
      );
    case 'retry':
      return addCell(state, {
        kind: 'notice',
        tone: 'retry',
        text: `${event.reason}, retrying in ${Math.max(1, Math.round(event.delayMs / 1000))} s (${event.attempt}/${event.maxAttempts})`,
      });
    case 'stream-reset': {
      const reset = withoutWritingTool(state);
      return addCell(
        { ...reset, live: { ...reset.live, streamText: '', printed: nothingPrinted, reasoningText: '' } },
        {
          kind: 'notice',
          tone: 'warning',
          text: `The stream dropped; restarting the response (${event.reason}).`,
        },
      );
    }
    case 'usage': {
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
    case 'compaction':
      return addCell(state, { kind: 'notice', tone: 'muted', text: describeCompaction(event) });
    case 'warning':
      return addCell(state, { kind: 'notice', tone: 'warning', text: event.message });
    case 'error':
      return addCell(state, { kind: 'notice', tone: 'error', text: event.message });
    case 'turn-end':
      return reduceTurnEnd(state, event.status);
    case 'mcp-server':
      // A server that started is shown by `/mcp`; what went wrong is shown here.
      if (event.status === 'ready') return state;
      return addCell(state, {
        kind: 'notice',
        tone: event.status === 'restarted' ? 'info' : 'warning',
        text: `MCP server ${event.server}: ${event.status}${event.message ? ` — ${event.message}` : ''}`,
      });
    case 'mcp-tools':
      if (event.leftOut.length === 0) return state;
      return addCell(state, {
        kind: 'notice',
        tone: 'info',
        text: `MCP: ${event.offered.length} tools offered (${event.usedTokens} of ${event.budgetTokens} budget tokens), ${event.leftOut.length} left out — /mcp shows which and why.`,
      });
    default:
      return assertNever(event);
  }
}

function reduceToolEnd(state: TuiState, event: Extract<AgentEvent, { type: 'tool-call-end' }>): TuiState {
  const running = state.live.tools.find((t) => t.callId === event.callId);
  const live = { ...state.live, tools: state.live.tools.filter((t) => t !== running) };
  const next = { ...state, live };
  const details = event.details;
  if (details?.kind === 'plan') return next;
  if (event.name === 'update_plan') {
    // A plan the tool refused (bad arguments) has no details: say why, once.
    return addCell(next, {
      kind: 'notice',
      tone: 'warning',
      text: `update_plan: ${firstLine(event.output)}`,
    });
  }
  if (details?.kind === 'apply_patch') return reducePatchEnd(next, event, details);
  if (event.name === 'apply_patch') return reducePatchEnd(next, event, undefined);

  const { outcome, body } =
    details?.kind === 'shell'
      ? { outcome: shellOutcome(details), body: details.output.replace(/\n$/, '') }
      : { outcome: event.success ? 'done' : 'failed', body: event.output };
  const cell: Omit<ToolCell, 'id'> = {
    kind: 'tool',
    callId: event.callId,
    name: event.name,
    title: running?.title ?? event.name,
    status: event.success ? 'succeeded' : 'failed',
    startedAt: running?.startedAt ?? 0,
    durationMs: event.durationMs,
    outcome,
    output: body,
  };
  const withCell = addCell(next, cell);
  return tailLines(body, TOOL_TAIL_LINES).omitted > 0
    ? withExpandable(withCell, { title: `output of ${cell.title}`, body, format: 'text' })
    : withCell;
}

function reducePatchEnd(
  state: TuiState,
  event: Extract<AgentEvent, { type: 'tool-call-end' }>,
  details: PatchDetails | undefined,
): TuiState {
  const diff = details?.diff ?? '';
  const files = details?.files.map((file) => file.path) ?? [];
  const alreadyShown = state.diffShown.includes(event.callId);
  const summary = details?.applied
    ? `${alreadyShown ? 'applied the approved patch' : 'patched'}: ${files.join(', ') || 'no files'}`
    : details?.rejected
      ? `patch ${rejectedText(details.rejected)}`
      : `apply_patch failed: ${firstLine(event.output)}`;
  const next = addCell(
    { ...state, diffShown: state.diffShown.filter((id) => id !== event.callId) },
    { kind: 'patch', files, diff: alreadyShown ? '' : diff, success: event.success, summary },
  );
  return !alreadyShown && diff.split('\n').length > PATCH_PREVIEW_LINES
    ? withExpandable(next, { title: `patch ${files.join(', ')}`, body: diff, format: 'diff' })
    : next;
}

function reduceTurnEnd(state: TuiState, status: 'completed' | 'failed' | 'interrupted'): TuiState {
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

/** Time to print the finished lines: the interval is over, or more lines wait than the area shows well. */
function printDue(state: TuiState, at: number): boolean {
  const { live } = state;
  if (at - (live.printedAt ?? Number.NEGATIVE_INFINITY) >= PRINT_INTERVAL_MS) return true;
  let waiting = 0;
  for (let i = live.printed.shown; i < live.streamText.length; i++) {
    if (live.streamText.charCodeAt(i) === 10 && ++waiting >= PRINT_MAX_WAITING_LINES) return true;
  }
  return false;
}

/** Prints the finished lines of the streaming reply into the scrollback (see stream-print.ts). */
function printStreamed(state: TuiState, at: number): TuiState {
  const { piece, progress } = printSettled(state.live.streamText, state.live.printed, false);
  const next = { ...state, live: { ...state.live, printed: progress, printedAt: at } };
  return piece ? addCell(next, pieceCell(piece)) : next;
}

function pieceCell(piece: PrintedPiece): NewCell {
  return {
    kind: 'assistant',
    text: piece.text,
    ...(piece.continued ? { continued: true } : {}),
    ...(piece.fence ? { fence: piece.fence } : {}),
  };
}

function withExpandable(state: TuiState, expandable: Expandable): TuiState {
  return { ...state, expandable };
}

function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningOutputTokens: a.reasoningOutputTokens + b.reasoningOutputTokens,
  };
}

function withoutWritingTool(state: TuiState): TuiState {
  if (!state.live.writingTool) return state;
  const { writingTool: _written, ...live } = state.live;
  return { ...state, live };
}

/** The tool cell of `callId` waits for (or got) its approval answer. */
function markAwaiting(tools: ToolCell[], callId: string, awaiting: boolean): ToolCell[] {
  return tools.map((tool) => {
    if (tool.callId !== callId) return tool;
    const { awaitingApproval: _was, ...rest } = tool;
    return awaiting ? { ...rest, awaitingApproval: true } : rest;
  });
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

function assertNever(value: never): never {
  throw new Error(`unhandled event ${JSON.stringify(value)}`);
}

/** `exit 0`, `timed out`, `declined: …` — the outcome line of a shell cell, from the typed details. */
function shellOutcome(details: ShellDetails): string {
  if (details.rejected) return rejectedText(details.rejected);
  if (details.interrupted) return 'interrupted';
  if (details.timedOut) return 'timed out';
  if (details.exitCode !== null) return `exit ${details.exitCode}`;
  return details.signal ? `killed by ${details.signal}` : 'ended without an exit code';
}

function rejectedText(rejected: { by: 'policy' | 'user'; reason: string }): string {
  return rejected.by === 'policy' ? `rejected: ${rejected.reason}` : declinedByYou(rejected.reason);
}
