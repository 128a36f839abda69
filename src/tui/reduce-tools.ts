// Tool calls on screen: the call being written, running tools in the live area, approvals, and
// the finished cell with the typed details (a command's outcome and output tail, a patch's diff).
import type { AgentEvent, PatchDetails } from '../protocol/events.js';
import { rejectedText, shellOutcome } from '../protocol/tool-outcome-text.js';
import { addCell, withExpandable } from './add-cell.js';
import type { ToolCell, TuiState } from './state.js';
import { tailLines, toolTitle } from './tool-display.js';

/** Lines of command output a finished tool cell shows; Ctrl-O shows the rest. */
export const TOOL_TAIL_LINES = 5;
/** Diff lines a patch cell shows; Ctrl-O shows the rest. */
export const PATCH_PREVIEW_LINES = 40;

export function reduceToolCallDelta(
  state: TuiState,
  event: Extract<AgentEvent, { type: 'tool-call-delta' }>,
): TuiState {
  return {
    ...state,
    live: { ...state.live, writingTool: { name: event.name, characters: event.characters } },
  };
}

export function reduceToolBegin(
  state: TuiState,
  event: Extract<AgentEvent, { type: 'tool-call-begin' }>,
  at: number,
): TuiState {
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

export function reducePlanUpdate(
  state: TuiState,
  event: Extract<AgentEvent, { type: 'plan-update' }>,
): TuiState {
  return addCell(state, {
    kind: 'plan',
    plan: event.plan,
    ...(event.explanation ? { explanation: event.explanation } : {}),
  });
}

export function reduceApprovalRequest(
  state: TuiState,
  event: Extract<AgentEvent, { type: 'approval-request' }>,
): TuiState {
  const tools = markAwaiting(state.live.tools, event.request.callId, true);
  const next: TuiState = {
    ...state,
    live: { ...state.live, approval: event.request, tools },
    diffShown: event.request.kind === 'patch' ? [...state.diffShown, event.request.callId] : state.diffShown,
  };
  return addCell(next, { kind: 'approval-request', request: event.request });
}

export function reduceApprovalDecision(
  state: TuiState,
  event: Extract<AgentEvent, { type: 'approval-decision' }>,
): TuiState {
  const approval = state.live.approval?.callId === event.callId ? undefined : state.live.approval;
  const tools = markAwaiting(state.live.tools, event.callId, false);
  const next = { ...state, live: { ...state.live, approval, tools } };
  return addCell(next, { kind: 'approval-decision', decision: event.decision });
}

export function reduceToolRepair(
  state: TuiState,
  event: Extract<AgentEvent, { type: 'tool-call-repair' }>,
): TuiState {
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
}

export function reduceToolEnd(
  state: TuiState,
  event: Extract<AgentEvent, { type: 'tool-call-end' }>,
): TuiState {
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

export function withoutWritingTool(state: TuiState): TuiState {
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
