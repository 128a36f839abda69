// A tool call: its command, a spinner with elapsed time while it runs, then the outcome, the
// duration and the tail of the output.
import { Box, Text } from 'ink';
import { formatDuration, formatElapsed } from '../format-units.js';
import { TOOL_TAIL_LINES } from '../reduce-tools.js';
import type { ToolCell } from '../state.js';
import { useTheme } from '../theme.js';
import { tailLines } from '../tool-display.js';
import { spinnerFrame } from './use-now.js';

export function ToolCellView({ cell, now }: { cell: ToolCell; now?: number }) {
  const theme = useTheme();
  const prompt = cell.name === 'shell' ? '$ ' : '';
  if (cell.status === 'running' && cell.awaitingApproval) {
    // Nothing runs until the question below is answered: no spinner, no ticking time.
    return (
      <Text>
        <Text color={theme.color('warning')}>? </Text>
        <Text bold>{`${prompt}${cell.title}`}</Text>
        <Text dimColor>{'  waiting for your answer'}</Text>
      </Text>
    );
  }
  if (cell.status === 'running') {
    const clock = now ?? cell.startedAt;
    return (
      <Text>
        <Text color={theme.color('accent')}>{spinnerFrame(clock)} </Text>
        <Text bold>{`${prompt}${cell.title}`}</Text>
        <Text dimColor>{`  ${formatElapsed(clock - cell.startedAt)}`}</Text>
      </Text>
    );
  }
  const ok = cell.status === 'succeeded';
  const { lines, omitted } = tailLines(cell.output, TOOL_TAIL_LINES);
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={theme.color(ok ? 'success' : 'error')}>{ok ? '✔ ' : '✖ '}</Text>
        <Text bold>{`${prompt}${cell.title}`}</Text>
        <Text dimColor>
          {`  ${cell.outcome ?? ''}${cell.durationMs !== undefined ? ` · ${formatDuration(cell.durationMs)}` : ''}`}
        </Text>
      </Text>
      {omitted > 0 ? <Text dimColor>{`  │ … ${omitted} earlier lines (Ctrl-O shows all)`}</Text> : null}
      {lines.map((line, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: output lines are positional
        <Text key={index} dimColor wrap="truncate-end">
          {`  │ ${line}`}
        </Text>
      ))}
    </Box>
  );
}
