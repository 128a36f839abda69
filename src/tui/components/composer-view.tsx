// The input box: the text with a visible cursor, a hint when empty, and completion candidates
// under it. Long input shows the lines around the cursor.

import { Box, Text } from 'ink';
import { escapeTerminalText } from '../../protocol/terminal-text.js';
import type { ComposerState } from '../composer-state.js';
import { useTheme } from '../theme.js';

export const MAX_COMPOSER_LINES = 8;

export interface ComposerViewProps {
  composer: ComposerState;
  placeholder: string;
  /** False while an approval or a picker has the keyboard. */
  active: boolean;
  completion?: { items: string[]; index: number } | undefined;
}

export function ComposerView({ composer, placeholder, active, completion }: ComposerViewProps) {
  const theme = useTheme();
  const { value, cursor } = composer;
  const lines = value.split('\n');
  const cursorLine = value.slice(0, cursor).split('\n').length - 1;
  const cursorColumn = cursor - (value.lastIndexOf('\n', cursor - 1) + 1);
  const first = Math.max(0, Math.min(cursorLine - MAX_COMPOSER_LINES + 1, lines.length - MAX_COMPOSER_LINES));
  const shown = lines.slice(first, first + MAX_COMPOSER_LINES);

  return (
    <Box flexDirection="column">
      <Box
        borderStyle="round"
        borderColor={theme.color(active ? 'accent' : 'muted')}
        borderDimColor={!active}
        flexDirection="column"
        paddingX={1}
      >
        {value === '' ? (
          <Text>
            <Text bold color={theme.color('accent')}>
              {'› '}
            </Text>
            {active ? <Text inverse> </Text> : null}
            <Text dimColor>{placeholder}</Text>
          </Text>
        ) : (
          shown.map((line, offset) => {
            const index = first + offset;
            const prefix = index === 0 ? '› ' : '  ';
            const hasCursor = active && index === cursorLine;
            return (
              <Text key={index}>
                <Text bold color={theme.color('accent')}>
                  {prefix}
                </Text>
                {hasCursor ? <CursorLine line={line} column={cursorColumn} /> : <Text>{line}</Text>}
              </Text>
            );
          })
        )}
      </Box>
      {completion && completion.items.length > 0 ? (
        <Box flexDirection="column" paddingLeft={2}>
          {completion.items.map((item, index) => (
            <Text key={item} inverse={index === completion.index} color={theme.color('accent')}>
              {escapeTerminalText(item)}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}

function CursorLine({ line, column }: { line: string; column: number }) {
  const before = line.slice(0, column);
  const code = line.codePointAt(column);
  const at = code === undefined ? ' ' : String.fromCodePoint(code);
  const after = line.slice(column + (code === undefined ? 0 : at.length));
  return (
    <>
      <Text>{before}</Text>
      <Text inverse>{at}</Text>
      <Text>{after}</Text>
    </>
  );
}
