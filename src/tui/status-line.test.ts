import { describe, expect, it } from 'vitest';
import { emptyUsage, type StatusState } from './state.js';
import { statusSegments } from './status-line.js';
import { statusReport } from './status-report.js';
import { fitTail } from './text-layout.js';
import { commandLine, toolTitle } from './tool-display.js';

const status: StatusState = {
  sessionId: 'abc',
  provider: 'lmstudio',
  model: 'qwen/qwen3-coder-30b',
  profile: 'mlx',
  sandbox: 'workspace-write',
  approval: 'on-request',
  contextWindow: 32_768,
  contextUsed: 27_000,
  cwd: '/w',
  sessionTotal: emptyUsage,
  ttftMs: 1250,
  tokensPerSecond: 61.24,
};

describe('status line', () => {
  it('shows everything in a wide terminal, with the context near the limit as a warning', () => {
    const segments = statusSegments(status, 200);
    expect(segments.map((s) => s.text)).toEqual([
      'qwen/qwen3-coder-30b',
      'lmstudio',
      'profile mlx',
      'workspace-write / on-request',
      'ctx 26K/32K (82%)',
      '61.2 tok/s TTFT 1.3 s',
    ]);
    expect(segments[4]?.tone).toBe('warning');
    expect(statusSegments({ ...status, contextUsed: 32_000 }, 200)[4]?.tone).toBe('error');
    expect(statusSegments({ ...status, contextUsed: 1000 }, 200)[4]?.tone).toBe('plain');
  });

  it('drops the least important segments first to fit 80 columns', () => {
    const segments = statusSegments(status, 79).map((s) => s.text);
    expect(segments).toEqual(['qwen/qwen3-coder-30b', 'workspace-write / on-request', 'ctx 26K/32K (82%)']);
    expect(statusSegments(status, 10).map((s) => s.text)).toEqual(['qwen/qwen3-coder-30b']);
  });

  it('reports the session for /status', () => {
    const report = statusReport({ ...status, baseUrl: 'http://localhost:1234/v1' });
    expect(report).toContain('provider    lmstudio (http://localhost:1234/v1)');
    expect(report).toContain('last reply  61.2 tok/s · first token after 1.3 s');
  });
});

describe('layout and tool display helpers', () => {
  it('keeps the tail of streamed text within a row budget, counting wrapped lines', () => {
    expect(fitTail('a\nb\nc', 80, 2)).toEqual({ text: 'b\nc', cut: true });
    expect(fitTail(`${'x'.repeat(100)}\nend`, 50, 3)).toEqual({
      text: `${'x'.repeat(100)}\nend`,
      cut: false,
    });
    expect(fitTail(`${'x'.repeat(100)}\nend`, 50, 2)).toEqual({ text: 'end', cut: true });
    expect(fitTail('y'.repeat(500), 10, 2).text).toHaveLength(20);
  });

  it('reads shell calls as the command a person would type', () => {
    expect(commandLine(['bash', '-lc', 'ls -la | head'])).toBe('ls -la | head');
    expect(commandLine(['git', 'commit', '-m', "it's done"])).toBe(`git commit -m 'it'\\''s done'`);
    expect(toolTitle('shell', '{"command":"npm test"}')).toBe('npm test');
    expect(
      toolTitle(
        'apply_patch',
        JSON.stringify({
          input: '*** Begin Patch\n*** Update File: a.ts\n*** Delete File: b.ts\n*** End Patch',
        }),
      ),
    ).toBe('apply_patch a.ts, b.ts');
    expect(toolTitle('web_search', '{"q": "x"}')).toBe('web_search {"q": "x"}');
  });
});

describe('streaming Markdown tail', () => {
  it('puts the code fence back when the visible tail starts inside a code block', async () => {
    const { fitMarkdownTail } = await import('./text-layout.js');
    const text = 'intro\n```ts\nconst a = 1;\nconst b = 2;\nconst c = 3;';
    expect(fitMarkdownTail(text, 80, 2)).toBe('```ts\nconst c = 3;');
    expect(fitMarkdownTail('a\n```\nx\n```\nb\nc', 80, 2)).toBe('b\nc');
    expect(fitMarkdownTail('short', 80, 5)).toBe('short');
  });
});
