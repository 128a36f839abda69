// A long task for context-management tests and benchmarks: N part files of 2–8 KB, a script in
// which the model reads them one `cat` per step and then answers, and a responder that answers
// ossa's summary requests (recognised by their prompt) without using a scripted turn.
import type { LoggedRequest, ScriptedTurn } from './scripted-model-server.js';

export const SUMMARY_PROMPT = '[ossa: context compaction]';

const partName = (i: number) => `part-${String(i).padStart(2, '0')}.txt`;

/** Part files of 2–8 KB, deterministic. */
export function longTaskFiles(steps: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= steps; i++) {
    const size = 2048 + ((i * 2654435761) % 6144);
    let text = '';
    for (let line = 1; text.length < size; line++) {
      text += `part ${i} line ${line}: value_${(i * 31 + line * 17) % 1000} = compute(${line}, "${'x'.repeat(line % 13)}");\n`;
    }
    files[partName(i)] = text.slice(0, size);
  }
  return files;
}

export function longTaskTurns(steps: number): ScriptedTurn[] {
  const turns: ScriptedTurn[] = [];
  for (let i = 1; i <= steps; i++) {
    turns.push({ toolCalls: [{ name: 'shell', arguments: { command: ['cat', partName(i)] } }] });
  }
  turns.push({ text: `Read all ${steps} parts.` });
  return turns;
}

export function historyOf(body: unknown): unknown[] {
  const request = body as { input?: unknown[]; messages?: unknown[] };
  return request.input ?? request.messages ?? [];
}

function lastUserText(body: unknown): string {
  const last = historyOf(body).at(-1) as { content?: unknown; role?: string } | undefined;
  if (last?.role !== 'user') return '';
  return typeof last.content === 'string' ? last.content : JSON.stringify(last.content);
}

export const isSummaryRequest = (request: LoggedRequest): boolean =>
  lastUserText(request.body).includes(SUMMARY_PROMPT);

/** For `respond`: a short structured summary for every summary request. */
export function summaryResponder(request: LoggedRequest): ScriptedTurn | undefined {
  return isSummaryRequest(request)
    ? {
        text: '## Goal\nRead every part file in order.\n## Done\nThe parts shown above.\n## In progress\nReading parts.\n## Next step\nRead the next part.',
      }
    : undefined;
}
