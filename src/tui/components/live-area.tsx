// The redrawn part above the composer: reasoning and reply as they stream, running tools with a
// spinner and timer, the approval question, the working indicator and queued inputs. Everything
// is cut to `rows` so the redrawn area never outgrows the window.
import { Box, Text } from 'ink';
import { memo, type ReactElement } from 'react';
import type { ApprovalRequest } from '../../protocol/approval.js';
import { sessionApprovalLabel } from '../approval-labels.js';
import { formatElapsed } from '../format-units.js';
import type { TuiState } from '../state.js';
import { unprinted } from '../stream-print.js';
import { fitMarkdownTail } from '../text-layout.js';
import { useTheme } from '../theme.js';
import { commandLine } from '../tool-display.js';
import { workingLabel } from '../working-label.js';
import { MarkdownView } from './markdown-view.js';
import { ToolCellView } from './tool-cell-view.js';
import { spinnerFrame, useNow } from './use-now.js';

export interface LiveAreaProps {
  state: TuiState;
  columns: number;
  /** Rows this area may take. */
  rows: number;
}

export function LiveArea({ state, columns, rows }: LiveAreaProps) {
  const theme = useTheme();
  const { live } = state;
  const now = useNow(state.running);
  const fixed: ReactElement[] = [];
  let used = 0;

  if (live.reasoningText.trim()) {
    const last = live.reasoningText.trim().split('\n').at(-1) ?? '';
    fixed.push(
      <Text key="reasoning" dimColor italic wrap="truncate-end">
        {`✻ thinking: ${last}`}
      </Text>,
    );
    used += 1;
  }
  for (const tool of live.tools) {
    fixed.push(<ToolCellView key={tool.id} cell={tool} now={now} />);
    used += 1;
  }
  if (live.approval) {
    fixed.push(<ApprovalPrompt key="approval" request={live.approval} />);
    used += 3;
  }
  if (state.running) {
    const label = workingLabel(live);
    const elapsed = live.turnStartedAt !== undefined ? formatElapsed(now - live.turnStartedAt) : '';
    fixed.push(
      <Text key="working" wrap="truncate-end">
        <Text color={theme.color('accent')}>{`${spinnerFrame(now)} `}</Text>
        <Text bold>{label}</Text>
        <Text dimColor>{` ${elapsed} · Esc to interrupt`}</Text>
      </Text>,
    );
    used += 1;
  }
  for (const text of state.queued.slice(0, 2)) {
    fixed.push(
      <Text key={`queued-${text}`} dimColor wrap="truncate-end">
        {`↳ queued: ${text.split('\n', 1)[0]}`}
      </Text>,
    );
    used += 1;
  }

  // Word wrapping and Markdown layout take a little more room than the plain count: keep a margin.
  const streamRows = rows - used - 2;
  // Finished lines are in the scrollback already: only the line being written is redrawn.
  const pending = unprinted(live.streamText, live.printed);
  const stream = pending && streamRows > 0 ? fitMarkdownTail(pending, columns - 8, streamRows) : undefined;
  return (
    <Box flexDirection="column">
      {stream ? <StreamView text={stream} continued={live.printed.printed} /> : null}
      {fixed}
    </Box>
  );
}

/** The streamed tail; memoised so the spinner's clock ticks do not lay its Markdown out again. */
const StreamView = memo(function StreamView({ text, continued }: { text: string; continued: boolean }) {
  return (
    <Box paddingLeft={2} marginTop={continued ? 0 : 1} flexDirection="column">
      <MarkdownView text={text} />
    </Box>
  );
});

function ApprovalPrompt({ request }: { request: ApprovalRequest }) {
  const theme = useTheme();
  const what =
    request.kind === 'command'
      ? `run \`${commandLine(request.command)}\``
      : request.kind === 'patch'
        ? `apply this patch to ${request.files.join(', ')}`
        : `call \`${request.name}\` (${request.target})`;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold color={theme.color('warning')} wrap="truncate-end">
        {`Allow the model to ${what}?`}
      </Text>
      <Text>
        <Text bold color={theme.color('success')}>
          y
        </Text>
        <Text> yes · </Text>
        <Text bold color={theme.color('success')}>
          a
        </Text>
        <Text>{` ${sessionApprovalLabel(request)} · `}</Text>
        <Text bold color={theme.color('error')}>
          n
        </Text>
        <Text> no · </Text>
        <Text dimColor>Esc interrupt</Text>
      </Text>
    </Box>
  );
}
