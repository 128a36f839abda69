// One finished transcript entry (rendered once, into the scrollback).
import { Box, Text } from 'ink';
import type { ApprovalDecision, ApprovalRequest } from '../../protocol/approval.js';
import type { PlanStep } from '../../protocol/events.js';
import { declinedByYou, isDefaultDecline } from '../approval-labels.js';
import { PATCH_PREVIEW_LINES } from '../reduce-tools.js';
import type { Cell, NoticeTone } from '../state.js';
import { type ColorName, useTheme } from '../theme.js';
import { commandLine } from '../tool-display.js';
import { DiffView } from './diff-view.js';
import { MarkdownView } from './markdown-view.js';
import { ToolCellView } from './tool-cell-view.js';

export function CellView({ cell }: { cell: Cell }) {
  const theme = useTheme();
  switch (cell.kind) {
    case 'header':
      return (
        <Box flexDirection="column" marginBottom={1}>
          <Text>
            <Text bold color={theme.color('accent')}>{`ossa ${cell.version}`}</Text>
            <Text dimColor>{`  ${cell.cwd}`}</Text>
          </Text>
          <Text dimColor>/help lists commands and keys · Esc interrupts · Ctrl-D quits</Text>
        </Box>
      );
    case 'user':
      return (
        <Box marginTop={1}>
          <Text color={theme.color('user')} bold>
            {'› '}
          </Text>
          <Box flexShrink={1}>
            <Text>{cell.text}</Text>
          </Box>
        </Box>
      );
    case 'assistant':
      return (
        <Box marginTop={cell.continued ? 0 : 1} paddingLeft={2}>
          <MarkdownView text={cell.text} fence={cell.fence} />
        </Box>
      );
    case 'reasoning': {
      const lines = cell.text.trim().split('\n');
      const first = lines[0]!.length > 70 ? `${lines[0]!.slice(0, 69)}…` : lines[0]!;
      return (
        <Text dimColor italic wrap="truncate-end">
          {`✻ thinking: ${first}${lines.length > 1 ? ` (+${lines.length - 1} lines, Ctrl-O)` : ''}`}
        </Text>
      );
    }
    case 'tool':
      return <ToolCellView cell={cell} />;
    case 'patch':
      return (
        <Box flexDirection="column">
          <Text>
            <Text color={theme.color(cell.success ? 'success' : 'error')}>{cell.success ? '✎ ' : '✖ '}</Text>
            <Text bold>{cell.summary}</Text>
          </Text>
          {cell.diff ? (
            <Box paddingLeft={2}>
              <DiffView diff={cell.diff} maxLines={PATCH_PREVIEW_LINES} />
            </Box>
          ) : null}
        </Box>
      );
    case 'plan':
      return <PlanView plan={cell.plan} explanation={cell.explanation} />;
    case 'approval-request':
      return <ApprovalRequestView request={cell.request} />;
    case 'approval-decision':
      return <DecisionView decision={cell.decision} />;
    case 'notice':
      return <NoticeView tone={cell.tone} text={cell.text} />;
    case 'panel':
      return (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>{cell.title}</Text>
          <Box paddingLeft={2} flexDirection="column">
            {cell.format === 'diff' ? <DiffView diff={cell.body} /> : <Text>{cell.body}</Text>}
          </Box>
        </Box>
      );
    case 'divider':
      return (
        <Box marginTop={1}>
          <Text dimColor>{`── ${cell.text} ──`}</Text>
        </Box>
      );
  }
}

const NOTICE: Record<NoticeTone, { icon: string; color?: ColorName }> = {
  info: { icon: 'ℹ', color: 'accent' },
  warning: { icon: '⚠', color: 'warning' },
  error: { icon: '✖', color: 'error' },
  retry: { icon: '↻', color: 'warning' },
  muted: { icon: '·' },
};

function NoticeView({ tone, text }: { tone: NoticeTone; text: string }) {
  const theme = useTheme();
  const { icon, color } = NOTICE[tone];
  return (
    <Text color={color ? theme.color(color) : undefined} dimColor={tone === 'muted'} bold={tone === 'error'}>
      {`${icon} ${text}`}
    </Text>
  );
}

function PlanView({ plan, explanation }: { plan: PlanStep[]; explanation?: string | undefined }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>Plan</Text>
      {explanation ? <Text dimColor>{`  ${explanation}`}</Text> : null}
      {plan.map((step, index) => {
        const done = step.status === 'completed';
        const active = step.status === 'in_progress';
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: plan steps are positional
          <Text key={index} dimColor={done} bold={active}>
            <Text color={theme.color(done ? 'success' : active ? 'accent' : 'muted')}>
              {done ? '  ✔ ' : active ? '  ▶ ' : '  □ '}
            </Text>
            <Text strikethrough={done}>{step.step}</Text>
          </Text>
        );
      })}
    </Box>
  );
}

function ApprovalRequestView({ request }: { request: ApprovalRequest }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text color={theme.color('warning')} bold>
        {request.kind === 'command'
          ? '⚠ The model wants to run a command'
          : request.kind === 'patch'
            ? '⚠ The model wants to change files'
            : `⚠ The model wants to call ${request.name} (${request.target}, outside the sandbox)`}
      </Text>
      <Text dimColor>{`  reason: ${request.reason}`}</Text>
      {request.kind === 'command' ? (
        <Box flexDirection="column" paddingLeft={2}>
          <Text bold>{`$ ${commandLine(request.command)}`}</Text>
          <Text
            dimColor
          >{`in ${request.cwd}${request.unsandboxed ? ' · runs WITHOUT the sandbox' : ''}`}</Text>
        </Box>
      ) : request.kind === 'patch' ? (
        <Box paddingLeft={2}>
          <DiffView diff={request.diff} />
        </Box>
      ) : (
        <Box paddingLeft={2}>
          <Text>{request.arguments}</Text>
        </Box>
      )}
    </Box>
  );
}

function DecisionView({ decision }: { decision: ApprovalDecision }) {
  const theme = useTheme();
  switch (decision.decision) {
    case 'approved':
      return <Text color={theme.color('success')}>✔ approved</Text>;
    case 'approved-for-session':
      return <Text color={theme.color('success')}>✔ approved for this session</Text>;
    case 'denied':
      // `n` is "declined by you"; an interrupt or a policy denial says its own reason.
      return (
        <Text color={theme.color('error')}>
          {isDefaultDecline(decision.reason)
            ? `✖ ${declinedByYou(decision.reason)}`
            : `✖ not approved: ${decision.reason}`}
        </Text>
      );
  }
}
