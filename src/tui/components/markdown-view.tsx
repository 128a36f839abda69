// Assistant text as terminal Markdown: headings bold, code blocks coloured and set off, inline
// code coloured, lists with bullets.
import { Box, Text } from 'ink';
import { highlightLine, type TokenKind } from '../highlight.js';
import { type Block, type OpenFence, parseMarkdown, type Span } from '../markdown.js';
import { type ColorName, useTheme } from '../theme.js';

const TOKEN_COLOR: Record<TokenKind, ColorName | undefined> = {
  plain: undefined,
  keyword: 'keyword',
  string: 'string',
  number: 'number',
  comment: 'comment',
  added: 'added',
  removed: 'removed',
  hunk: 'hunk',
};

/** `fence`: the text continues a code block opened before it. */
export function MarkdownView({ text, fence }: { text: string; fence?: OpenFence | undefined }) {
  const blocks = parseMarkdown(text, fence);
  return (
    <Box flexDirection="column">
      {blocks.map((block, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: blocks have no identity beyond their order
        <BlockView key={index} block={block} />
      ))}
    </Box>
  );
}

function BlockView({ block }: { block: Block }) {
  switch (block.type) {
    case 'blank':
      return <Text> </Text>;
    case 'rule':
      return <Text dimColor>{'─'.repeat(20)}</Text>;
    case 'heading':
      return (
        <Text bold underline={block.level === 1}>
          <Spans spans={block.spans} />
        </Text>
      );
    case 'list-item':
      return (
        <Box paddingLeft={block.indent}>
          <Text>{`${block.marker} `}</Text>
          <Box flexShrink={1}>
            <Text>
              <Spans spans={block.spans} />
            </Text>
          </Box>
        </Box>
      );
    case 'quote':
      return (
        <Text dimColor italic>
          {'│ '}
          <Spans spans={block.spans} />
        </Text>
      );
    case 'paragraph':
      return (
        <Text>
          <Spans spans={block.spans} />
        </Text>
      );
    case 'code':
      return (
        <Box flexDirection="column" paddingLeft={2}>
          {block.lines.map((line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: code lines are positional
            <Text key={index} wrap="wrap">
              <CodeTokens line={line} lang={block.lang} />
              {line === '' ? ' ' : ''}
            </Text>
          ))}
        </Box>
      );
  }
}

function CodeTokens({ line, lang }: { line: string; lang: string }) {
  const theme = useTheme();
  let offset = 0;
  return (
    <>
      {highlightLine(line, lang).map((token) => {
        const name = TOKEN_COLOR[token.kind];
        const key = offset;
        offset += token.text.length;
        return (
          <Text key={key} color={name ? theme.color(name) : undefined} dimColor={token.kind === 'comment'}>
            {token.text}
          </Text>
        );
      })}
    </>
  );
}

function Spans({ spans }: { spans: Span[] }) {
  const theme = useTheme();
  return (
    <>
      {spans.map((span, index) => {
        const key = `${index}`;
        switch (span.style) {
          case 'code':
            return (
              <Text key={key} color={theme.color('code')}>
                {theme.color('code') ? span.text : `\`${span.text}\``}
              </Text>
            );
          case 'bold':
            return (
              <Text key={key} bold>
                {span.text}
              </Text>
            );
          case 'italic':
            return (
              <Text key={key} italic>
                {span.text}
              </Text>
            );
          case 'link':
            return (
              <Text key={key} underline color={theme.color('accent')}>
                {span.text}
              </Text>
            );
          default:
            return <Text key={key}>{span.text}</Text>;
        }
      })}
    </>
  );
}
